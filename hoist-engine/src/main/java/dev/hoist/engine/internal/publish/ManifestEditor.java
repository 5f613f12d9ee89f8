package dev.hoist.engine.internal.publish;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.extract.FileIndex;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.registry.ManifestParser;
import dev.hoist.engine.internal.version.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Creates or extends a manifest (docs/manifest.md) from release archives: each archive's size and
 * SHA-256 are computed here, its URL is written relative to the manifest, the named channels point
 * at the release, {@code serial} goes up by one, {@code generated} is now and {@code expires} is
 * set when asked. Fields it does not know are kept. The result is checked with the client's own
 * parser before it replaces the file, so a publisher cannot write a manifest clients refuse.
 */
public final class ManifestEditor {
  /**
   * What to add.
   *
   * @param app the application name, used when the manifest is new
   * @param version the release version
   * @param archives the release's archives, each with its platform
   * @param channels channels to point at this release
   * @param notes release notes, if any
   * @param expiresIn how long the manifest stays valid from now, if it should expire
   * @param indexed whether to publish each archive's file index and blobs for delta updates ({@link
   *     IndexPublisher}; the blobs go to {@code blobs/} beside the manifest)
   */
  public record Change(
      String app,
      Version version,
      List<Archive> archives,
      List<String> channels,
      Optional<String> notes,
      Optional<Duration> expiresIn,
      boolean indexed) {

    /** A change without file indexes. */
    public Change(
        String app,
        Version version,
        List<Archive> archives,
        List<String> channels,
        Optional<String> notes,
        Optional<Duration> expiresIn) {
      this(app, version, archives, channels, notes, expiresIn, false);
    }
  }

  /** The directory of blobs beside a manifest. */
  public static final String BLOBS = "blobs";

  /** An archive file and the platform it is for ({@code any} or {@code <os>-<arch>}). */
  public record Archive(Path file, String platform) {}

  /**
   * What was written.
   *
   * @param serial the manifest's new serial
   * @param expires its expiry, if it has one (kept from before unless the change set one)
   * @param indexes the file indexes published, one per archive when asked for
   * @param packs the delta packs published, one per indexed archive of a platform an earlier
   *     release has an index for (unless it would not be smaller than the archive)
   */
  public record Result(
      long serial,
      Optional<java.time.Instant> expires,
      List<IndexPublisher.Published> indexes,
      List<PackPublisher.Published> packs) {}

  private final ObjectMapper json;
  private final Clock clock;

  public ManifestEditor(ObjectMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  /**
   * Applies {@code change} to {@code manifest} (created if missing).
   *
   * @throws IllegalArgumentException for an archive outside the manifest's directory tree or a
   *     manifest that is not a JSON object
   * @throws UpdateException when the result would not pass the client's parser, or the client's
   *     extractor refuses an archive to be indexed
   */
  public Result apply(Path manifest, Change change) throws IOException, UpdateException {
    Path base = manifest.toAbsolutePath().normalize().getParent();
    ObjectNode root;
    if (Files.exists(manifest)) {
      JsonNode n = json.readTree(manifest.toFile());
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException(manifest + " does not hold a JSON object");
      }
      root = (ObjectNode) n;
      // It signed the previous contents: kept, it would fail every client that checks it.
      root.remove("signature");
    } else {
      root = json.createObjectNode();
      root.put("schema", 1);
      root.put("app", change.app());
    }
    long serial = root.path("serial").asLong(0) + 1;
    root.put("generated", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    root.put("serial", serial);
    change
        .expiresIn()
        .ifPresent(
            d ->
                root.put(
                    "expires", clock.instant().plus(d).truncatedTo(ChronoUnit.SECONDS).toString()));
    ObjectNode channels = object(root, "channels");
    for (String c : change.channels()) channels.put(c, change.version().toString());
    ObjectNode release = release(root, change.version());
    change.notes().ifPresent(n -> release.put("notes", n));
    ArrayNode assets = array(release, "assets");
    List<IndexPublisher.Published> indexes = new java.util.ArrayList<>();
    List<PackPublisher.Published> packs = new java.util.ArrayList<>();
    for (Archive a : change.archives()) {
      for (int i = assets.size() - 1; i >= 0; i--) {
        if (a.platform().equals(assets.get(i).path("platform").asText())) assets.remove(i);
      }
      ObjectNode asset = assets.addObject();
      asset.put("platform", a.platform());
      asset.put("url", relativeUrl(base, a.file()));
      asset.put("size", Files.size(a.file()));
      asset.put("sha256", Digest.sha256Of(a.file()));
      if (change.indexed()) {
        IndexPublisher.Published p = new IndexPublisher().publish(a.file(), base.resolve(BLOBS));
        indexes.add(p);
        ObjectNode index = asset.putObject("index");
        index.put("url", relativeUrl(base, p.index()));
        index.put("size", p.size());
        index.put("sha256", p.sha256());
        Optional<Earlier> earlier = earlierIndex(root, change.version(), a.platform(), base);
        if (earlier.isPresent()) {
          Optional<PackPublisher.Published> pack =
              new PackPublisher()
                  .publish(a.file(), p.index(), earlier.get().version(), earlier.get().index());
          if (pack.isPresent()) {
            packs.add(pack.get());
            ObjectNode entry = index.putArray("packs").addObject();
            entry.put("from", earlier.get().version().toString());
            entry.put("url", relativeUrl(base, pack.get().pack()));
            entry.put("size", pack.get().size());
            entry.put("sha256", pack.get().sha256());
          }
        }
      }
    }
    byte[] bytes = json.writer(new DefaultPrettyPrinter()).writeValueAsBytes(root);
    bytes = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    bytes[bytes.length - 1] = '\n';
    dev.hoist.engine.internal.registry.Manifest parsed = new ManifestParser().parse(bytes);
    Keys.writeAtomically(manifest, bytes);
    return new Result(serial, parsed.expires(), indexes, packs);
  }

  /** The release a pack is made from, and its index. */
  private record Earlier(Version version, FileIndex index) {}

  /**
   * The highest release below {@code version} whose archive for {@code platform} has an index still
   * beside the manifest, with that index; empty when there is none (the first indexed release, or
   * an index no longer at hand).
   */
  private static Optional<Earlier> earlierIndex(
      ObjectNode root, Version version, String platform, Path base) {
    Earlier best = null;
    for (JsonNode r : root.path("releases")) {
      Version v;
      try {
        v = Version.parse(r.path("version").asText());
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (v.compareTo(version) >= 0 || (best != null && v.compareTo(best.version()) <= 0)) continue;
      for (JsonNode asset : r.path("assets")) {
        String url = asset.path("index").path("url").asText("");
        if (!platform.equals(asset.path("platform").asText()) || url.isEmpty()) continue;
        try {
          Path file = Path.of(base.toUri().resolve(url));
          if (file.startsWith(base) && Files.isRegularFile(file)) {
            best = new Earlier(v, FileIndex.parse(Files.readAllBytes(file)));
          }
        } catch (IllegalArgumentException | IOException | UpdateException e) {
          // An absolute URL, or an index not readable here: no pack from that release.
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private ObjectNode release(ObjectNode root, Version version) {
    ArrayNode releases = array(root, "releases");
    for (JsonNode r : releases) {
      try {
        if (Version.parse(r.path("version").asText()).samePrecedence(version))
          return (ObjectNode) r;
      } catch (IllegalArgumentException e) {
        // Not ours to fix: the client's parser reports it after the edit.
      }
    }
    ObjectNode r = releases.addObject();
    r.put("version", version.toString());
    r.put("published", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    r.put("rollout", 100);
    return r;
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    JsonNode n = parent.get(field);
    if (n == null) return parent.putObject(field);
    if (!n.isObject()) throw new IllegalArgumentException("\"" + field + "\" is not a JSON object");
    return (ObjectNode) n;
  }

  private static ArrayNode array(ObjectNode parent, String field) {
    JsonNode n = parent.get(field);
    if (n == null) return parent.putArray(field);
    if (!n.isArray()) throw new IllegalArgumentException("\"" + field + "\" is not a JSON array");
    return (ArrayNode) n;
  }

  /** The archive's path relative to the manifest's directory, with forward slashes. */
  static String relativeUrl(Path base, Path archive) {
    Path a = archive.toAbsolutePath().normalize();
    if (!a.startsWith(base)) {
      throw new IllegalArgumentException(
          archive
              + " is not inside "
              + base
              + ", the manifest's directory; relative URLs need it there");
    }
    return IndexPublisher.relativeUrl(base, a);
  }
}
