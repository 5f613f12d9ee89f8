package dev.hoist.engine.internal.lock;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a process is, precisely enough to tell a live lock holder from a dead one or from an
 * unrelated process that reuses its PID: PID, start, boot and host. Fills in the lock record and
 * decides staleness in the record-only fallback.
 *
 * <p>On Linux the start is the raw start time in clock ticks from {@code /proc/<pid>/stat} and the
 * boot is {@code /proc/sys/kernel/random/boot_id}: together exact. Elsewhere the start is {@link
 * ProcessHandle.Info#startInstant()} (10 ms granularity) and the boot is unknown. Thread-safe.
 *
 * @param pid the process id
 * @param startTicks the process start (see {@link LockRecord#startTicks()}); empty when unknown
 * @param bootId the boot id, {@code null} when unknown
 * @param host the host name
 */
public record ProcessIdentity(long pid, String startTicks, String bootId, String host) {

  private static final Path PROC = Path.of("/proc");

  /** The running JVM's identity, read once. */
  public static ProcessIdentity self() {
    return Self.INSTANCE;
  }

  private static final class Self {
    static final ProcessIdentity INSTANCE = read();

    private static ProcessIdentity read() {
      long pid = ProcessHandle.current().pid();
      return new ProcessIdentity(pid, startOf(pid).orElse(""), readBootId(), readHostName());
    }
  }

  /**
   * The start of the live process {@code pid}, or empty when no such process runs (a zombie counts
   * as gone: it holds no locks and runs no code).
   */
  public static Optional<String> startOf(long pid) {
    if (pid <= 0) {
      return Optional.empty();
    }
    if (Files.isDirectory(PROC.resolve("self"))) {
      return linuxStartTicks(pid);
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .flatMap(p -> p.info().startInstant())
        .map(Object::toString);
  }

  private static Optional<String> linuxStartTicks(long pid) {
    String stat;
    try {
      stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // The process vanished while we read (ESRCH) or /proc is unreadable: report it gone.
      return Optional.empty();
    }
    // Field 2 (comm) is in parentheses and may contain spaces or ')': split after the last ')'.
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return Optional.empty();
    }
    String[] fields = stat.substring(close + 1).trim().split(" ");
    // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
    if (fields.length < 20 || fields[0].equals("Z") || fields[0].equals("X")) {
      return Optional.empty();
    }
    return Optional.of(fields[19]);
  }

  private static String readBootId() {
    try {
      String id =
          Files.readString(PROC.resolve("sys/kernel/random/boot_id"), StandardCharsets.US_ASCII)
              .trim();
      return id.isEmpty() ? null : id;
    } catch (IOException e) {
      return null; // not Linux: the boot is unknown and the start instant has to do
    }
  }

  private static String readHostName() {
    try {
      String name =
          Files.readString(PROC.resolve("sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException e) {
      // not Linux: ask the resolver below
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Whether {@code record} names a holder that is certainly dead, judged from the record alone (the
   * fallback where OS locks are unavailable): same host and same boot as this process, and its
   * process gone or started at another time. A record from another host, from an unknown host, or
   * from another boot is never stale: a host name alone cannot tell this machine's previous boot
   * from another machine of the same name.
   */
  boolean judgesStale(LockRecord record) {
    if (host.isEmpty() || !host.equals(record.host())) {
      return false;
    }
    if (!Objects.equals(bootId, record.bootId())) {
      return false;
    }
    Optional<String> start = startOf(record.pid());
    return start.isEmpty() || !start.get().equals(record.startTicks());
  }
}
