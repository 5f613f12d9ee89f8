package dev.hoist.engine.internal.registry.backend;

import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.registry.Asset;
import dev.hoist.engine.internal.registry.Manifest;
import dev.hoist.engine.internal.registry.Release;
import dev.hoist.engine.internal.registry.ReleaseSource;
import dev.hoist.engine.internal.version.Platform;
import dev.hoist.engine.internal.version.Version;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The Maven repository backend ({@code
 * maven:<groupId>:<artifactId>[:<classifier>[:<extension>]][?repository=<base URL>]}, by default
 * Maven Central, extension {@code tar.gz}): versions from {@code maven-metadata.xml}, the artifact
 * from the standard layout, verified by the strongest checksum file the repository keeps beside it
 * ({@code .sha512}, then {@code .sha256}, then {@code .sha1}).
 *
 * <p>Versions keep their text and are ordered as Maven orders them ({@link Version#maven}): {@code
 * 9.4.8.0}, {@code 1.0.Final}, {@code 2.0-M3} and {@code 1.0-sp1} are all versions, and {@code 1.2}
 * equals {@code 1.2.0}. {@code -SNAPSHOT} versions are left out (a snapshot's artifact has a
 * timestamped name). Maven has no channels: {@code stable} follows the highest release without a
 * pre-release qualifier (alpha, beta, milestone, rc, ...; {@code Final}, {@code GA} and {@code sp}
 * are releases), any other channel the highest of all (see {@link
 * dev.hoist.engine.internal.registry.ReleaseSelector}).
 */
final class MavenSource implements ReleaseSource {
  static final String CENTRAL = "https://repo1.maven.org/maven2/";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]+");
  private final String groupId;
  private final String artifactId;
  private final String classifier;
  private final String extension;
  private final URI directory;
  private final RegistryHttp http;

  MavenSource(RegistrySpec spec, RegistryHttp http) {
    spec.allowOptions("repository");
    String[] parts = spec.coordinates().split(":", -1);
    if (parts.length < 2 || parts.length > 4) {
      throw new IllegalArgumentException(
          "expected maven:<groupId>:<artifactId>[:<classifier>[:<extension>]], got '"
              + spec.coordinates()
              + "'");
    }
    this.groupId = id(parts[0], "groupId");
    this.artifactId = id(parts[1], "artifactId");
    this.classifier = parts.length > 2 && !parts[2].isEmpty() ? id(parts[2], "classifier") : "";
    this.extension = parts.length > 3 && !parts[3].isEmpty() ? id(parts[3], "extension") : "tar.gz";
    this.directory =
        spec.base("repository", CENTRAL)
            .resolve(groupId.replace('.', '/') + "/" + artifactId + "/");
    this.http = http;
  }

  @Override
  public String kind() {
    return "maven";
  }

  @Override
  public String trust() {
    return "checksums from repository (strongest of .sha512, .sha256, .sha1)";
  }

  @Override
  public Manifest fetch() throws UpdateException {
    RegistryHttp.Response r =
        http.get(
            directory.resolve("maven-metadata.xml"), Map.of("Accept", "application/xml"), true);
    if (r.code() != 200) {
      throw RegistryHttp.failure(r, "Maven artifact " + groupId + ":" + artifactId);
    }
    List<String> listed;
    try {
      listed = MavenMetadata.versions(r.body());
    } catch (IllegalArgumentException e) {
      throw new UpdateException(
          Reason.MANIFEST_INVALID,
          "malformed maven-metadata.xml for " + groupId + ":" + artifactId + ": " + e.getMessage());
    }
    List<Release> releases = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (String original : listed) {
      if (isSnapshot(original)) continue; // never a release, by Maven's own rule
      Optional<Version> v = normalise(original);
      if (v.isEmpty()) {
        unreadable.add(original);
        continue;
      }
      if (releases.stream().anyMatch(x -> x.version().samePrecedence(v.get()))) continue;
      Asset asset = new Asset(Platform.ANY, artifact(original).toString(), -1, (Digest) null);
      releases.add(new Release(v.get(), "", 100, List.of(asset), page(original)));
    }
    return new Manifest(
        artifactId, OptionalLong.empty(), Optional.empty(), Map.of(), releases, unreadable);
  }

  /**
   * Fetches the checksum files beside the artifact, strongest first. A missing file (404) moves on
   * to the next; any other failure stops, so a server error can never downgrade the check.
   */
  @Override
  public Asset verifiable(Release release, Asset asset) throws UpdateException {
    Digest.Algorithm[] strongestFirst = {
      Digest.Algorithm.SHA512, Digest.Algorithm.SHA256, Digest.Algorithm.SHA1
    };
    for (Digest.Algorithm a : strongestFirst) {
      URI uri = URI.create(asset.url() + "." + a.id());
      RegistryHttp.Response r = http.get(uri, Map.of(), false);
      if (r.code() == 404) continue;
      if (r.code() != 200) throw RegistryHttp.failure(r, "the " + a.id() + " checksum");
      String[] tokens = r.text().strip().split("\\s+");
      String hex = tokens[0].toLowerCase(Locale.ROOT);
      try {
        return asset.withDigest(new Digest(a, hex));
      } catch (IllegalArgumentException e) {
        throw new UpdateException(
            Reason.CHECKSUM_MISSING,
            "the checksum file " + uri + " is unreadable: " + e.getMessage());
      }
    }
    // No checksum at all: is the artifact itself there? The metadata lists versions whose
    // artifact for this classifier was never published (or not yet).
    URI artifact = URI.create(asset.url());
    int code = http.status(artifact);
    if (code == 404) {
      throw new UpdateException(
          Reason.NO_ASSET_FOR_PLATFORM,
          "version "
              + release.version()
              + " is listed in maven-metadata.xml, but "
              + artifact
              + " is not published");
    }
    throw new UpdateException(
        Reason.CHECKSUM_MISSING,
        "the repository has no .sha512, .sha256 or .sha1 file for "
            + asset.url()
            + "; refusing to download it unverified");
  }

  /** The version's page on central.sonatype.com, for Maven Central; none for another one. */
  private String page(String version) {
    if (!directory.toString().startsWith(CENTRAL)) return "";
    return "https://central.sonatype.com/artifact/" + groupId + "/" + artifactId + "/" + version;
  }

  /** The artifact URL of {@code version} in the standard repository layout. */
  URI artifact(String version) {
    String file =
        artifactId
            + "-"
            + version
            + (classifier.isEmpty() ? "" : "-" + classifier)
            + "."
            + extension;
    return directory.resolve(version + "/" + file);
  }

  /**
   * A listed version in Maven's order, or empty for a snapshot or a text that cannot name a version
   * directory (see {@link Version#maven}).
   */
  static Optional<Version> normalise(String original) {
    if (isSnapshot(original)) return Optional.empty();
    try {
      return Optional.of(Version.maven(original));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean isSnapshot(String version) {
    return version.toUpperCase(Locale.ROOT).endsWith("-SNAPSHOT");
  }

  private static String id(String value, String what) {
    if (!ID.matcher(value).matches()) {
      throw new IllegalArgumentException("'" + value + "' is not a valid Maven " + what);
    }
    return value;
  }
}
