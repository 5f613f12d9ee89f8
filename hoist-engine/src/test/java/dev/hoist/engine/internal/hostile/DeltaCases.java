package dev.hoist.engine.internal.hostile;

import static dev.hoist.engine.internal.hostile.HostileCases.add;
import static dev.hoist.engine.internal.hostile.World.TOP;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.engine.internal.extract.ArchiveBuilder;
import dev.hoist.engine.internal.extract.DeltaPack;
import dev.hoist.engine.testing.Releases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The hostile cases of the delta path (issue 16): a release whose file index or blobs are wrong,
 * published with an index the manifest names truly (so only the client's own rules stand between
 * the index and the disk). Each must end as the full archive would — installed, with a warning that
 * the delta path failed and why — and write nothing outside staging; a link out of the tree is
 * dropped by the delta path as the extractor drops it.
 */
final class DeltaCases {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The outcome of a case whose delta path must fail. */
  static final String FALLBACK =
      "`updated` from the full archive, why the delta path failed named in a warning";

  private DeltaCases() {}

  /** What the full archive holds: the world's installed dependency, a new launcher. */
  static ArchiveBuilder release() {
    return World.distribution().dir(TOP + "lib/").file(TOP + "lib/dep.jar", World.DEPENDENCY, 0644);
  }

  /** The delta path failed as {@code hint} says; the full archive installed instead. */
  private static void fallsBack(String name, String hint, Edit edit) {
    add("index", name, null, FALLBACK, hint, w -> publish(w, edit));
  }

  @FunctionalInterface
  interface Edit {
    void apply(World w, ArrayNode entries) throws Exception;
  }

  /** Publishes {@link #release} with its index, edited by {@code edit}, truly named. */
  static URI publish(World w, Edit edit) throws Exception {
    Path archive = release().write(w.registry.resolve("hoist-1.1.0.tar.gz"));
    Path manifest =
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release("1.1.0", archive)
            .indexed(archive)
            .writeTo(w.registry.resolve("manifest.json"));
    Path index = w.registry.resolve("hoist-1.1.0.tar.gz.index.json");
    ObjectNode doc = (ObjectNode) JSON.readTree(index.toFile());
    edit.apply(w, (ArrayNode) doc.get("entries"));
    Files.write(index, JSON.writeValueAsBytes(doc));
    ObjectNode m = (ObjectNode) JSON.readTree(manifest.toFile());
    ObjectNode ref = (ObjectNode) m.at("/releases/0/assets/0/index");
    ref.put("size", Files.size(index));
    ref.put("sha256", Releases.sha256(index));
    JSON.writeValue(manifest.toFile(), m);
    if (w.afterPublish != null) w.afterPublish.run();
    return manifest.toUri();
  }

  private static ObjectNode entry(ArrayNode entries, String path) {
    for (var e : entries) if (e.get("path").asText().equals(path)) return (ObjectNode) e;
    throw new AssertionError("no entry " + path);
  }

  /** A copy of the launcher's entry under another name, as a new file to write. */
  private static void extraFile(ArrayNode entries, String path) {
    entries.add(entry(entries, TOP + "bin/hoist").deepCopy().put("path", path));
  }

  static void addTo() {
    fallsBack(
        "a blob that does not match its hash",
        "checksum mismatch",
        (w, entries) -> {
          Path blob =
              w.registry.resolve(entry(entries, TOP + "bin/hoist").at("/blob/url").asText());
          byte[] b = Files.readAllBytes(blob);
          b[b.length / 2] ^= 1;
          Files.write(blob, b);
        });
    fallsBack(
        "a blob that is missing",
        "404",
        (w, entries) ->
            Files.delete(
                w.registry.resolve(entry(entries, TOP + "bin/hoist").at("/blob/url").asText())));
    fallsBack(
        "a blob that holds another file's bytes",
        "does not match its sha-256",
        (w, entries) ->
            entry(entries, TOP + "bin/hoist")
                .set("blob", entry(entries, TOP + "VERSION").get("blob").deepCopy()));
    fallsBack(
        "a gzip blob that expands beyond its file's size",
        "more bytes than the index says",
        (w, entries) -> {
          ByteArrayOutputStream gz = new ByteArrayOutputStream();
          try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(new byte[8_000_000]);
          }
          Path bomb = Files.write(w.registry.resolve("blobs/bomb.gz"), gz.toByteArray());
          ((ObjectNode) entry(entries, TOP + "bin/hoist").get("blob"))
              .put("url", "blobs/bomb.gz")
              .put("size", Files.size(bomb))
              .put("sha256", sha(bomb));
        });
    fallsBack(
        "an index entry naming `..`",
        "escapes the staging directory",
        (w, entries) -> extraFile(entries, TOP + "../../outside/evil"));
    fallsBack(
        "an index entry with an absolute path",
        "absolute",
        (w, entries) -> extraFile(entries, w.outside.resolve("evil").toString()));
    fallsBack(
        "an index entry written through a link",
        "goes through the symlink",
        (w, entries) -> {
          entries.addObject().put("path", TOP + "up").put("type", "link").put("target", "bin");
          extraFile(entries, TOP + "up/evil");
        });
    fallsBack(
        "an index entry for `.hoist` at the release's root",
        ".hoist",
        (w, entries) -> extraFile(entries, TOP + ".hoist/complete.json"));
    fallsBack(
        "an index entry of an unknown type",
        "expected dir, file or link",
        (w, entries) -> entries.addObject().put("path", TOP + "fifo").put("type", "fifo"));
    fallsBack(
        "an index that is not the one the manifest names",
        "checksum mismatch",
        (w, entries) -> {
          // Published as named, then replaced on the host after the manifest was made.
          Path index = w.registry.resolve("hoist-1.1.0.tar.gz.index.json");
          w.afterPublish =
              () ->
                  Files.writeString(
                      index, Files.readString(index).replaceFirst("0644", "0755")); // same size
        });
    add(
        "index",
        "an index link out of the tree",
        null,
        "`updated` by the delta path, the outward link left out and named in a warning",
        TOP + "lib/escape -> ",
        w ->
            publish(
                w,
                (x, entries) ->
                    entries
                        .addObject()
                        .put("path", TOP + "lib/escape")
                        .put("type", "link")
                        .put("target", "../../../../outside")));
  }

  /** The outcome of a case whose delta pack must be passed over. */
  static final String PACK_PASSED_OVER =
      "`updated` by the delta path from the index and blobs alone, why the pack was passed over"
          + " named in a warning";

  /** The outcome of a case whose delta pack is used, what it must not do skipped. */
  static final String PACK_USED =
      "`updated` by the delta pack, its other entries skipped unwritten";

  @FunctionalInterface
  interface PackEdit {
    /** Edits the pack's entries (name to bytes, in order): the index first, then every blob. */
    void apply(World w, Map<String, byte[]> entries) throws Exception;
  }

  /**
   * Publishes {@link #release} with its index and a delta pack from the installed 1.0.0 holding the
   * blob of every file but the installed dependency, edited by {@code edit} and then truly named by
   * the manifest, as a publisher (or whoever holds the signing key) could.
   */
  static URI publishPack(World w, PackEdit edit) throws Exception {
    URI uri = publish(w, (x, entries) -> {});
    Path index = w.registry.resolve("hoist-1.1.0.tar.gz.index.json");
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(DeltaPack.INDEX, Files.readAllBytes(index));
    for (var e : JSON.readTree(index.toFile()).get("entries")) {
      String url = e.at("/blob/url").asText("");
      // The installed dependency is not in the pack, as PackPublisher leaves it out.
      if (!url.isEmpty() && !e.get("path").asText().endsWith("lib/dep.jar")) {
        entries.put(url, Files.readAllBytes(w.registry.resolve(url)));
      }
    }
    edit.apply(w, entries);
    Path pack = Releases.tar(w.registry.resolve("hoist-1.1.0.tar.gz.from-1.0.0.pack"), entries);
    Path manifest = w.registry.resolve("manifest.json");
    ObjectNode m = (ObjectNode) JSON.readTree(manifest.toFile());
    ((ObjectNode) m.at("/releases/0/assets/0/index"))
        .putArray("packs")
        .addObject()
        .put("from", "1.0.0")
        .put("url", pack.getFileName().toString())
        .put("size", Files.size(pack))
        .put("sha256", sha(pack));
    JSON.writeValue(manifest.toFile(), m);
    if (w.afterPublish != null) w.afterPublish.run();
    return uri;
  }

  private static void packPassedOver(String name, String hint, PackEdit edit) {
    add("pack", name, null, PACK_PASSED_OVER, hint, w -> publishPack(w, edit));
  }

  static void addPackCases() {
    packPassedOver(
        "a pack blob that does not match the index",
        "does not match its SHA-256 in the index",
        (w, entries) -> {
          for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (!e.getKey().equals(DeltaPack.INDEX)) e.getValue()[e.getValue().length / 2] ^= 1;
          }
        });
    packPassedOver(
        "a pack that does not open with the index",
        "does not open with index.json",
        (w, entries) -> {
          byte[] index = entries.remove(DeltaPack.INDEX);
          entries.put(DeltaPack.INDEX, index);
        });
    packPassedOver(
        "a pack that holds another index",
        "the manifest says",
        (w, entries) -> entries.put(DeltaPack.INDEX, "{\"schema\":1,\"entries\":[]}".getBytes()));
    packPassedOver(
        "a pack that is not the one the manifest names",
        "checksum mismatch",
        (w, entries) -> {
          Path pack = w.registry.resolve("hoist-1.1.0.tar.gz.from-1.0.0.pack");
          w.afterPublish =
              () -> {
                byte[] b = Files.readAllBytes(pack);
                b[b.length - 1] ^= 1; // inside the tar's end padding: still a valid tar
                Files.write(pack, b);
              };
        });
    add(
        "pack",
        "a pack with entries named `..`, absolute, or into the home",
        null,
        PACK_USED,
        "",
        w ->
            publishPack(
                w,
                (x, entries) -> {
                  byte[] evil = "evil\n".getBytes();
                  entries.put("../../../outside/evil", evil);
                  entries.put(w.outside.resolve("evil").toString(), evil);
                  entries.put(w.home.state().resolve("last-check.json").toString(), evil);
                  entries.put(".hoist/complete.json", evil);
                }));
  }

  private static String sha(Path p) throws IOException {
    return Releases.sha256(p);
  }
}
