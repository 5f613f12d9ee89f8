package dev.hoist.engine.internal.lock;

import java.time.Instant;
import java.util.Objects;

/**
 * Identity and intent of an update-lock holder, stored as one JSON object in {@code
 * state/update.lock} (DESIGN §3). It is for messages and diagnostics (and for the record-only
 * fallback where the file system offers no OS locks); liveness normally comes from the kernel.
 *
 * @param pid the holder's process id
 * @param startTicks the holder's process start: on Linux the raw start time in clock ticks ({@code
 *     /proc/<pid>/stat} field 22), elsewhere {@link ProcessHandle.Info#startInstant()} as text;
 *     empty when unknown. Tells a live holder from a reused PID.
 * @param bootId {@code /proc/sys/kernel/random/boot_id} on Linux; {@code null} elsewhere
 * @param host the holder's host name
 * @param nonce a random token unique to this acquisition
 * @param from the version being updated from (free text, for messages)
 * @param to the version being updated to (free text, for messages)
 * @param acquiredAt when the holder wrote the record, by its clock
 */
public record LockRecord(
    long pid,
    String startTicks,
    String bootId,
    String host,
    String nonce,
    String from,
    String to,
    Instant acquiredAt) {

  public LockRecord {
    Objects.requireNonNull(startTicks, "startTicks");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(acquiredAt, "acquiredAt");
  }
}
