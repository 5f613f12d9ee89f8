package dev.hoist.engine;

import dev.hoist.engine.internal.registry.ReleaseSelector;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@code update} run is asked to do. Immutable; build with {@link #to(URI)} and the {@code
 * withX} methods.
 *
 * @param registry the manifest URL
 * @param mode install, or only look ({@code --check}, {@code --dry-run})
 * @param channel the channel to follow
 * @param pinned an exact version to install ({@code --to}), a SemVer version; may be a downgrade
 * @param unattended an {@code --auto} run: no prompts, transient failures are not errors
 * @param waitForLock how long to wait for another updater instead of skipping; empty skips
 */
public record UpdateRequest(
    URI registry,
    Mode mode,
    String channel,
    Optional<String> pinned,
    boolean unattended,
    Optional<Duration> waitForLock) {

  /** Whether the run may change the install. */
  public enum Mode {
    INSTALL,
    CHECK,
    DRY_RUN
  }

  public UpdateRequest {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(pinned, "pinned");
    pinned.ifPresent(UpdateRequest::checkVersion);
    Objects.requireNonNull(waitForLock, "waitForLock");
  }

  /**
   * @throws IllegalArgumentException when {@code v} is neither a SemVer version nor a version a
   *     Maven repository could publish and Hoist could install (see {@code Version.maven})
   */
  private static void checkVersion(String v) {
    if (dev.hoist.engine.internal.version.Version.readAny(v).isEmpty()) {
      dev.hoist.engine.internal.version.Version.parse(v); // throws, naming the usual form
    }
  }

  /** A plain install request against {@code registry} on the stable channel. */
  public static UpdateRequest to(URI registry) {
    return new UpdateRequest(
        registry,
        Mode.INSTALL,
        ReleaseSelector.DEFAULT_CHANNEL,
        Optional.empty(),
        false,
        Optional.empty());
  }

  public UpdateRequest withMode(Mode m) {
    return new UpdateRequest(registry, m, channel, pinned, unattended, waitForLock);
  }

  public UpdateRequest withChannel(String c) {
    return new UpdateRequest(registry, mode, c, pinned, unattended, waitForLock);
  }

  /**
   * @throws IllegalArgumentException when {@code v} is not a SemVer version, e.g. {@code 1.2.0}
   */
  public UpdateRequest withPinned(String v) {
    return new UpdateRequest(registry, mode, channel, Optional.of(v), unattended, waitForLock);
  }

  public UpdateRequest withUnattended(boolean u) {
    return new UpdateRequest(registry, mode, channel, pinned, u, waitForLock);
  }

  public UpdateRequest withWaitForLock(Duration d) {
    return new UpdateRequest(registry, mode, channel, pinned, unattended, Optional.of(d));
  }
}
