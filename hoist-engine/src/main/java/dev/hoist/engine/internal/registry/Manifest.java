package dev.hoist.engine.internal.registry;

import dev.hoist.engine.internal.failure.UpdateException;
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
 * @param unreadable versions the registry lists whose text the registry's order cannot read (left
 *     out of {@code releases}, and reported rather than dropped in silence), as listed
 */
public record Manifest(
    String app,
    OptionalLong serial,
    Optional<Instant> expires,
    Map<String, Version> channels,
    List<Release> releases,
    List<String> unreadable) {

  public static final int SCHEMA = 1;

  public Manifest {
    channels = Map.copyOf(channels);
    releases = List.copyOf(releases);
    unreadable = List.copyOf(unreadable);
  }

  /** A manifest in which every listed version was read. */
  public Manifest(
      String app,
      OptionalLong serial,
      Optional<Instant> expires,
      Map<String, Version> channels,
      List<Release> releases) {
    this(app, serial, expires, channels, releases, List.of());
  }

  /** One line naming the versions left out (the first three, then a count), or empty. */
  public Optional<String> unreadableWarning() {
    if (unreadable.isEmpty()) return Optional.empty();
    int n = unreadable.size();
    return Optional.of(
        (n == 1 ? "left out 1 listed version" : "left out " + n + " listed versions")
            + " that cannot be ordered as versions: "
            + UpdateException.firstFew(
                unreadable.stream().map(v -> "'" + UpdateException.printable(v) + "'").toList()));
  }

  /** The release with exactly this precedence, if listed. */
  public Optional<Release> release(Version version) {
    return releases.stream().filter(r -> r.version().samePrecedence(version)).findFirst();
  }

  /**
   * The versions closest to {@code wanted} (two below it and two above, at most), for a message
   * about a version the registry does not have: {@code "1.2.2, 1.2.4, 1.3.0"}; empty when there are
   * none.
   */
  public String nearest(Version wanted) {
    List<Version> sorted = releases.stream().map(Release::version).sorted().toList();
    int at = 0;
    while (at < sorted.size() && wanted.isNewerThan(sorted.get(at))) at++;
    List<Version> near = sorted.subList(Math.max(0, at - 2), Math.min(sorted.size(), at + 2));
    return String.join(", ", near.stream().map(Version::toString).toList());
  }

  /** The message for a version the registry does not have, naming the nearest it does. */
  public String missing(String wanted, Version parsed) {
    String near = nearest(parsed);
    return "version "
        + wanted
        + " is not in the registry's manifest"
        + (near.isEmpty() ? "" : " (the nearest it has: " + near + ")");
  }
}
