package dev.hoist.engine.internal.registry;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.version.Platform;
import dev.hoist.engine.internal.version.Version;
import java.util.Comparator;
import java.util.Optional;

/**
 * Picks the release and asset a client should run, from a manifest (DESIGN §2 step 2).
 *
 * <p>Without {@code --to}, the target is the version the channel names; a manifest without channels
 * offers its highest stable release on {@code stable} and its highest release of any kind on other
 * channels. Pre-releases are therefore reached only through a channel that names them, or by naming
 * the version.
 */
public final class ReleaseSelector {
  public static final String DEFAULT_CHANNEL = "stable";

  private ReleaseSelector() {}

  /** A chosen release and the asset for this platform. */
  public record Choice(Release release, Asset asset) {
    public Version version() {
      return release.version();
    }
  }

  /**
   * Returns the release to target: the one named by {@code pinned} when present (which may be a
   * downgrade, as the user asked for it by name), otherwise the channel's release.
   *
   * @throws UpdateException {@code NO_SUCH_VERSION}, {@code UNKNOWN_CHANNEL} or {@code
   *     NO_ASSET_FOR_PLATFORM}
   */
  public static Choice select(
      Manifest manifest, String channel, Optional<Version> pinned, Platform platform)
      throws UpdateException {
    Release release;
    if (pinned.isPresent()) {
      release =
          manifest
              .release(pinned.get())
              .orElseThrow(
                  () ->
                      new UpdateException(
                          Reason.NO_SUCH_VERSION,
                          manifest.missing(pinned.get().toString(), pinned.get())));
    } else {
      release = channelRelease(manifest, channel);
    }
    return new Choice(release, asset(release, platform));
  }

  /**
   * The release {@code channel} names, or for a registry without channels its newest release
   * ({@code stable}: its newest without a pre-release qualifier), whatever assets it has.
   *
   * @throws UpdateException {@code UNKNOWN_CHANNEL} or {@code NO_SUCH_VERSION}
   */
  public static Release channelRelease(Manifest manifest, String channel) throws UpdateException {
    if (!manifest.channels().isEmpty()) {
      Version v = manifest.channels().get(channel);
      if (v == null) {
        throw new UpdateException(
            Reason.UNKNOWN_CHANNEL,
            "channel '"
                + channel
                + "' is not offered by the registry (it offers: "
                + String.join(", ", manifest.channels().keySet().stream().sorted().toList())
                + ")");
      }
      return manifest.release(v).orElseThrow(); // the parser checked channels name releases
    }
    boolean stableOnly = DEFAULT_CHANNEL.equals(channel);
    return manifest.releases().stream()
        .filter(r -> !stableOnly || !r.version().isPreRelease())
        .max(Comparator.comparing(Release::version))
        .orElseThrow(
            () ->
                new UpdateException(
                    Reason.NO_SUCH_VERSION,
                    "the registry lists no release for channel '" + channel + "'"));
  }

  /** The platform-specific asset if there is one, else the {@code any} asset. */
  public static Asset asset(Release release, Platform platform) throws UpdateException {
    Optional<Asset> specific =
        release.assets().stream().filter(a -> a.platform().equals(platform.id())).findFirst();
    if (specific.isPresent()) return specific.get();
    return release.assets().stream()
        .filter(a -> a.platform().equals(Platform.ANY))
        .findFirst()
        .orElseThrow(
            () ->
                new UpdateException(
                    Reason.NO_ASSET_FOR_PLATFORM,
                    "release "
                        + release.version()
                        + " has no archive for "
                        + platform.id()
                        + " (nor one for any platform)"));
  }
}
