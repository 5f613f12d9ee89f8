package dev.hoist.engine.internal.registry;

import dev.hoist.engine.internal.version.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed, validated release manifest (DESIGN §4).
 *
 * @param app the application the manifest describes
 * @param serial the publisher's monotonically raised serial, if any
 * @param expires after this instant the manifest must not be trusted, if set
 * @param channels channel name to the version it currently offers
 * @param releases every release listed
 */
public record Manifest(
    String app,
    OptionalLong serial,
    Optional<Instant> expires,
    Map<String, Version> channels,
    List<Release> releases) {

  public static final int SCHEMA = 1;

  public Manifest {
    channels = Map.copyOf(channels);
    releases = List.copyOf(releases);
  }

  /** The release with exactly this precedence, if listed. */
  public Optional<Release> release(Version version) {
    return releases.stream().filter(r -> r.version().samePrecedence(version)).findFirst();
  }
}
