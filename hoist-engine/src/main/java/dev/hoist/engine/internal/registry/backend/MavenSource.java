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
 * <p>Versions are normalised to Semantic Versions: {@code 1.2} reads as {@code 1.2.0}, {@code 3} as
 * {@code 3.0.0}, and {@code 4.0.0-rc-2} or {@code 1.2-beta} keep their qualifier as a pre-release;
 * {@code -SNAPSHOT} versions and anything else that does not fit ({@code 1.0.Final}, {@code
 * 1.2.3.4}) are left out. The artifact is always fetched under its original version string. Maven
 * has no channels: {@code stable} follows the highest release without a qualifier, any other
 * channel the highest of all (see {@link dev.hoist.engine.internal.registry.ReleaseSelector}).
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
    for (String original : listed) {
      Optional<Version> v = normalise(original);
      if (v.isEmpty() || releases.stream().anyMatch(x -> x.version().samePrecedence(v.get()))) {
        continue;
      }
      Asset asset = new Asset(Platform.ANY, artifact(original).toString(), -1, (Digest) null);
      releases.add(new Release(v.get(), "", 100, List.of(asset)));
    }
    return new Manifest(artifactId, OptionalLong.empty(), Optional.empty(), Map.of(), releases);
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
    throw new UpdateException(
        Reason.CHECKSUM_MISSING,
        "the repository has no .sha512, .sha256 or .sha1 file for "
            + asset.url()
            + "; refusing to download it unverified");
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

  /** A Maven version as a Semantic Version, or empty when it does not fit (see the class doc). */
  static Optional<Version> normalise(String original) {
    if (original.endsWith("-SNAPSHOT")) return Optional.empty();
    return Version.lenient(original);
  }

  private static String id(String value, String what) {
    if (!ID.matcher(value).matches()) {
      throw new IllegalArgumentException("'" + value + "' is not a valid Maven " + what);
    }
    return value;
  }
}
