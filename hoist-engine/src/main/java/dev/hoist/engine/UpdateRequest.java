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
 * @param pinned an exact version to install ({@code --to}, or the home's pin), a SemVer version;
 *     may be a downgrade
 * @param unattended an {@code --auto} run: no prompts, transient failures are not errors
 * @param waitForLock how long to wait for another updater instead of skipping; empty skips
 * @param homePin true when {@code pinned} is the version the home is pinned to ({@code hoist pin}),
 *     which every run targets until unpinned, rather than one a person named for this run with
 *     {@code --to}: unattended runs then hold it back for a while after it failed its smoke test or
 *     health check here, as they do a channel's release, instead of retrying it at every start
 */
public record UpdateRequest(
    URI registry,
    Mode mode,
    String channel,
    Optional<String> pinned,
    boolean unattended,
    Optional<Duration> waitForLock,
    boolean homePin) {

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
    if (homePin && pinned.isEmpty())
      throw new IllegalArgumentException("a home pin names a version");
  }

  /** A request whose {@code pinned} version, if any, was named for this run ({@code --to}). */
  public UpdateRequest(
      URI registry,
      Mode mode,
      String channel,
      Optional<String> pinned,
      boolean unattended,
      Optional<Duration> waitForLock) {
    this(registry, mode, channel, pinned, unattended, waitForLock, false);
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
    return new UpdateRequest(registry, m, channel, pinned, unattended, waitForLock, homePin);
  }

  public UpdateRequest withChannel(String c) {
    return new UpdateRequest(registry, mode, c, pinned, unattended, waitForLock, homePin);
  }

  /**
   * Installs exactly {@code v}, named for this run ({@code --to}).
   *
   * @throws IllegalArgumentException when {@code v} is not a SemVer version, e.g. {@code 1.2.0}
   */
  public UpdateRequest withPinned(String v) {
    return new UpdateRequest(
        registry, mode, channel, Optional.of(v), unattended, waitForLock, false);
  }

  /**
   * Installs exactly {@code v}, the version the home is pinned to ({@code hoist pin}; see {@link
   * #homePin}).
   *
   * @throws IllegalArgumentException when {@code v} is not a SemVer version, e.g. {@code 1.2.0}
   */
  public UpdateRequest withHomePin(String v) {
    return new UpdateRequest(
        registry, mode, channel, Optional.of(v), unattended, waitForLock, true);
  }

  public UpdateRequest withUnattended(boolean u) {
    return new UpdateRequest(registry, mode, channel, pinned, u, waitForLock, homePin);
  }

  public UpdateRequest withWaitForLock(Duration d) {
    return new UpdateRequest(registry, mode, channel, pinned, unattended, Optional.of(d), homePin);
  }
}
