package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.engine.UpdateListener.Phase;
import dev.hoist.engine.UpdateResult.Status;
import dev.hoist.engine.internal.extract.ArchiveExtractor;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.Installer;
import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.testing.Releases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delta updates in-process, against {@code file:} registries published as {@code hoist release
 * manifest} publishes them: a release whose dependency jars did not change is built from the
 * installed version's files plus the changed files' blobs, and the tree is the full archive's, file
 * by file. Every way the delta path can be wrong (a blob or index missing or not matching, an index
 * naming {@code ..} or {@code .hoist}, a link out of the tree, a blob that expands beyond its size)
 * falls back to the full archive, says so, and writes nothing outside staging.
 */
class DeltaUpdateTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] DEPENDENCY_A = random(1, 300_000);
  private static final byte[] DEPENDENCY_B = random(2, 200_000);

  @TempDir Path tmp;
  private Path registry;
  private final List<Phase> phases = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    registry = Files.createDirectories(tmp.resolve("registry"));
  }

  // --- releases -------------------------------------------------------------------------------

  private static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /**
   * {@code registry/app-<v>.tar.gz}: a launcher and an app jar that change with the version, two
   * dependency jars that do not, a README, a symlink and an empty directory.
   */
  private Path release(String version) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("bin/hoist", ("#!/bin/sh\necho \"hoist " + version + "\"\n").getBytes());
    files.put("lib/app.jar", random(version.hashCode(), 50_000));
    files.put("VERSION", (version + "\n").getBytes()); // what an in-place home reports
    files.put("lib/dep-a.jar", DEPENDENCY_A);
    files.put("lib/dep-b.jar", DEPENDENCY_B);
    files.put("README", "the same text in every release\n".repeat(50).getBytes());
    return archive(version, files);
  }

  private Path archive(String version, Map<String, byte[]> files) throws IOException {
    Path archive = registry.resolve("app-" + version + ".tar.gz");
    String top = "app-" + version + "/";
    try (OutputStream fos = Files.newOutputStream(archive);
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(fos))) {
      for (String d : List.of("", "bin/", "lib/", "plugins/")) {
        TarArchiveEntry e = new TarArchiveEntry(top + d);
        e.setMode(040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(top + f.getKey());
        e.setMode(f.getKey().startsWith("bin/") ? 0100755 : 0100644);
        e.setSize(f.getValue().length);
        tar.putArchiveEntry(e);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
      TarArchiveEntry link =
          new TarArchiveEntry(top + "lib/current.jar", TarArchiveEntry.LF_SYMLINK);
      link.setLinkName("app.jar");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
    }
    return archive;
  }

  /** A manifest offering {@code version} from {@code archive}, its index published beside it. */
  private URI publish(String version, Path archive, boolean indexed) throws IOException {
    Releases.ManifestBuilder m =
        Releases.manifest().channel("stable", version).release(version, archive);
    if (indexed) m.indexed(archive);
    return m.writeTo(registry.resolve("manifest.json")).toUri();
  }

  /** A home with 1.0.0 installed from its full archive, as a full update installs it. */
  private HoistHome home(String name, String strategy) throws Exception {
    HoistHome home = new HoistHome(tmp.resolve(name));
    Files.createDirectories(home.state());
    Files.writeString(home.state().resolve("strategy"), strategy + "\n");
    Installer installer = new Installer(home, Clock.systemUTC());
    installer.createLayout();
    Path staging = installer.newStagingDir("1.0.0");
    Path tree = Files.createDirectory(staging.resolve("tree"));
    Path archive = release("1.0.0");
    Path root =
        new ArchiveExtractor(ArchiveExtractor.Limits.defaults())
            .extract(archive, archive.getFileName().toString(), tree)
            .root();
    installer.activate("1.0.0", installer.promote(root, "1.0.0", "0".repeat(64), "test"));
    installer.sweepOrphans();
    return home;
  }

  private UpdateResult update(HoistHome home, URI manifest) {
    return UpdateEngine.builder()
        .installDir(
            Optional.of(
                home.strategy() == HoistHome.Strategy.IN_PLACE
                    ? home.install()
                    : home.versionDir("1.0.0")))
        .runningVersion("1.0.0")
        .platform("Linux", "amd64")
        .smokeTestTimeout(Duration.ofSeconds(30))
        .build()
        .update(
            UpdateRequest.to(manifest),
            new UpdateListener() {
              @Override
              public void phase(Phase phase, String detail) {
                phases.add(phase);
              }
            });
  }

  // --- what a tree is -------------------------------------------------------------------------

  /**
   * Every entry below {@code root} but Hoist's own {@code .hoist/}: type, mode, bytes or target.
   */
  private static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        String rel = root.relativize(p).toString();
        if (rel.equals(".hoist") || rel.startsWith(".hoist/")) continue;
        if (Files.isSymbolicLink(p)) {
          out.put(rel, "link -> " + Files.readSymbolicLink(p));
        } else {
          String mode =
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
          out.put(
              rel,
              Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                  ? "dir " + mode
                  : "file " + mode + " " + Releases.sha256(p));
        }
      }
    }
    return out;
  }

  /** The tree a full update to 1.1.0 gives, in a home of its own. */
  private Map<String, String> fullInstallOf(Path archive, String strategy) throws Exception {
    HoistHome other = home("full-" + strategy, strategy);
    Path manifest =
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release("1.1.0", archive)
            .writeTo(registry.resolve("full.json"));
    UpdateResult r = update(other, manifest.toUri());
    assertEquals(Status.UPDATED, r.status(), r.message());
    assertFalse(r.message().contains("delta"), r.message());
    assertEquals(new UpdateResult.Transfer(Files.size(archive), false, -1, -1), r.transfer());
    return describe(other.active().toRealPath());
  }

  private static void assertClean(HoistHome home) throws IOException {
    try (Stream<Path> s = Files.list(home.staging())) {
      assertEquals(List.of(), s.toList(), "staging is empty");
    }
  }

  private static Object inode(Path p) throws IOException {
    return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
  }

  // --- the delta path -------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} home")
  @ValueSource(strings = {"versioned", "in-place"})
  void onlyTheChangedFilesAreFetched_andTheTreeIsTheFullArchivesFileByFile(String strategy)
      throws Exception {
    HoistHome home = home("home", strategy);
    Path before = home.active().toRealPath();
    Object depInode = inode(before.resolve("lib/dep-a.jar"));
    Path v2 = release("1.1.0");
    UpdateResult r = update(home, publish("1.1.0", v2, true));

    assertEquals(Status.UPDATED, r.status(), r.message());
    assertTrue(r.message().contains("(a delta update: 3 of 6 files, "), r.message());
    assertEquals(List.of(), r.warnings());
    assertTrue(r.transfer().delta());
    assertEquals(6, r.transfer().files());
    assertEquals(3, r.transfer().fetchedFiles());
    assertTrue(r.transfer().bytes() < Files.size(v2) / 2, r.transfer() + " of " + Files.size(v2));
    assertEquals(r.transfer().toJson(), r.toJson().get("downloaded"));
    assertTrue(phases.contains(Phase.DELTA), phases.toString());
    assertFalse(phases.contains(Phase.DOWNLOAD), "the archive was not downloaded: " + phases);
    assertTrue(phases.indexOf(Phase.DELTA) < phases.indexOf(Phase.EXTRACT), phases.toString());
    assertEquals(Optional.of("1.1.0"), home.currentVersion());
    Path after = home.active().toRealPath();
    assertEquals(fullInstallOf(v2, strategy), describe(after));
    // The unchanged jar is the installed one's inode, shared rather than copied.
    assertEquals(depInode, inode(after.resolve("lib/dep-a.jar")));
    String marker = Files.readString(after.resolve(".hoist/complete.json"));
    assertTrue(marker.contains("app-1.1.0.tar.gz.index.json (a delta update)"), marker);
    assertClean(home);
  }

  @Test
  void whenEveryFileChanged_theFullArchiveIsUsedWithoutComplaint() throws Exception {
    HoistHome home = home("home", "versioned");
    Path v2 =
        archive(
            "1.1.0",
            Map.of(
                "bin/hoist",
                "#!/bin/sh\necho \"hoist 1.1.0\"\n".getBytes(),
                "lib/other.jar",
                random(9, 100_000)));
    UpdateResult r = update(home, publish("1.1.0", v2, true));
    assertEquals(Status.UPDATED, r.status(), r.message());
    assertEquals(List.of(), r.warnings());
    assertFalse(r.message().contains("delta"), r.message());
    assertTrue(phases.contains(Phase.DOWNLOAD), phases.toString());
    assertClean(home);
  }

  // --- falling back ---------------------------------------------------------------------------

  /** Publishes 1.1.0 with its index, spoils it with {@code spoil}, and updates. */
  private UpdateResult spoiledUpdate(HoistHome home, Spoiler spoil) throws Exception {
    Path v2 = release("1.1.0");
    URI m = publish("1.1.0", v2, true);
    spoil.spoil(v2);
    return update(home, m);
  }

  private interface Spoiler {
    void spoil(Path archive) throws Exception;
  }

  /** The update succeeded from the full archive, saying why the delta path did not. */
  private void assertFellBack(HoistHome home, UpdateResult r, String why) throws Exception {
    assertEquals(Status.UPDATED, r.status(), r.message());
    assertEquals(1, r.warnings().size(), r.warnings().toString());
    String w = r.warnings().get(0);
    assertTrue(w.startsWith("the delta update failed, so the full archive was used: "), w);
    assertTrue(w.contains(why), w);
    assertTrue(phases.contains(Phase.DELTA) && phases.contains(Phase.DOWNLOAD), phases.toString());
    assertEquals(
        fullInstallOf(registry.resolve("app-1.1.0.tar.gz"), "versioned"),
        describe(home.active().toRealPath()));
    assertClean(home);
  }

  private Path blobOf(String content) throws IOException {
    try (Stream<Path> s = Files.list(registry.resolve("blobs"))) {
      for (Path b : s.toList()) {
        if (b.getFileName().toString().startsWith(content)) return b;
      }
    }
    throw new AssertionError("no blob " + content);
  }

  private Path changedJarBlob() throws IOException {
    return blobOf(Releases.sha256(extractedFile("lib/app.jar")));
  }

  /** A file of 1.1.0 as its archive holds it. */
  private Path extractedFile(String name) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "x");
    return Releases.extracted(registry.resolve("app-1.1.0.tar.gz"), dir).resolve(name);
  }

  @Test
  void aBlobThatDoesNotMatch_fallsBack() throws Exception {
    HoistHome home = home("home", "versioned");
    UpdateResult r =
        spoiledUpdate(
            home,
            a -> {
              Path blob = changedJarBlob();
              byte[] b = Files.readAllBytes(blob);
              b[b.length / 2] ^= 1;
              Files.write(blob, b);
            });
    assertFellBack(home, r, "checksum");
  }

  @Test
  void aMissingBlob_fallsBack() throws Exception {
    HoistHome home = home("home", "versioned");
    UpdateResult r = spoiledUpdate(home, a -> Files.delete(changedJarBlob()));
    assertFellBack(home, r, "");
  }

  @Test
  void aMissingIndex_fallsBack() throws Exception {
    HoistHome home = home("home", "versioned");
    UpdateResult r =
        spoiledUpdate(home, a -> Files.delete(a.resolveSibling(a.getFileName() + ".index.json")));
    assertFellBack(home, r, "");
  }

  @Test
  void anIndexThatIsNotTheOneTheManifestNames_fallsBack() throws Exception {
    HoistHome home = home("home", "versioned");
    UpdateResult r =
        spoiledUpdate(
            home,
            a -> {
              Path index = a.resolveSibling(a.getFileName() + ".index.json");
              Files.writeString(index, Files.readString(index).replace("0644", "0755"));
            });
    assertFellBack(home, r, "");
  }

  /**
   * Rewrites the published index with {@code edit} and makes the manifest name the result, as a
   * publisher (or whoever holds the signing key) could: the index is then trusted as far as
   * signatures go, and only the client's own rules stand between it and the disk.
   */
  private void rewriteIndex(Path archive, java.util.function.Consumer<ArrayNode> edit)
      throws IOException {
    Path index = archive.resolveSibling(archive.getFileName() + ".index.json");
    ObjectNode doc = (ObjectNode) JSON.readTree(index.toFile());
    edit.accept((ArrayNode) doc.get("entries"));
    byte[] bytes = JSON.writeValueAsBytes(doc);
    Files.write(index, bytes);
    Path manifest = registry.resolve("manifest.json");
    ObjectNode m = (ObjectNode) JSON.readTree(manifest.toFile());
    ObjectNode ref = (ObjectNode) m.at("/releases/0/assets/0/index");
    ref.put("size", bytes.length);
    ref.put("sha256", Releases.sha256(index));
    JSON.writeValue(manifest.toFile(), m);
  }

  /** The index entry whose path ends in {@code suffix}. */
  private static ObjectNode entry(ArrayNode entries, String suffix) {
    for (var e : entries) if (e.get("path").asText().endsWith(suffix)) return (ObjectNode) e;
    throw new AssertionError("no entry ending in " + suffix);
  }

  private ObjectNode fileEntry(ArrayNode entries, String path) {
    return entry(entries, "lib/app.jar").deepCopy().put("path", path);
  }

  @ParameterizedTest(name = "an index naming {0}")
  @ValueSource(
      strings = {
        "app-1.1.0/../../../escaped.jar",
        "/tmp/absolute.jar",
        "app-1.1.0/.hoist/complete.json",
        "app-1.1.0/lib/current.jar/through-the-link.jar"
      })
  void anIndexNamingAPathTheExtractorRefuses_fallsBackAndWritesNothingOutside(String path)
      throws Exception {
    HoistHome home = home("home", "versioned");
    UpdateResult r =
        spoiledUpdate(home, a -> rewriteIndex(a, entries -> entries.add(fileEntry(entries, path))));
    assertFellBack(home, r, "");
    assertFalse(Files.exists(tmp.resolve("escaped.jar")));
    assertFalse(Files.exists(Path.of("/tmp/absolute.jar")));
  }

  @Test
  void aLinkOutOfTheTree_isDroppedAsTheExtractorDropsIt() throws Exception {
    HoistHome home = home("home", "versioned");
    UpdateResult r =
        spoiledUpdate(
            home,
            a ->
                rewriteIndex(
                    a,
                    entries ->
                        entries
                            .addObject()
                            .put("path", "app-1.1.0/lib/escape")
                            .put("type", "link")
                            .put("target", "../../../../../../etc")));
    assertEquals(Status.UPDATED, r.status(), r.message());
    assertTrue(r.message().contains("a delta update"), r.message());
    assertTrue(
        r.warnings().toString().contains("lib/escape -> ../../../../../../etc"),
        r.warnings().toString());
    assertFalse(Files.exists(home.active().resolve("lib/escape"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void aBlobThatExpandsBeyondItsFilesSize_fallsBack() throws Exception {
    HoistHome home = home("home", "versioned");
    UpdateResult r =
        spoiledUpdate(
            home,
            a -> {
              // A well-formed, correctly hashed blob whose content is far larger than its entry.
              ByteArrayOutputStream gz = new ByteArrayOutputStream();
              try (OutputStream out = new GZIPOutputStream(gz)) {
                out.write(new byte[20_000_000]);
              }
              Path bomb = registry.resolve("blobs/bomb.gz");
              Files.write(bomb, gz.toByteArray());
              rewriteIndex(
                  a,
                  entries -> {
                    ObjectNode blob = (ObjectNode) entry(entries, "lib/app.jar").get("blob");
                    blob.put("url", "blobs/bomb.gz");
                    blob.put("size", gz.size());
                    try {
                      blob.put("sha256", Releases.sha256(bomb));
                    } catch (IOException x) {
                      throw new java.io.UncheckedIOException(x);
                    }
                  });
            });
    assertFellBack(home, r, "more bytes than the index says");
  }

  @Test
  void aBlobThatIsAnotherFilesBytes_fallsBack() throws Exception {
    HoistHome home = home("home", "versioned");
    UpdateResult r =
        spoiledUpdate(
            home,
            a ->
                rewriteIndex(
                    a,
                    // A blob the index rightly describes, holding the launcher, not the jar.
                    entries ->
                        entry(entries, "lib/app.jar")
                            .set("blob", entry(entries, "bin/hoist").get("blob").deepCopy())));
    assertFellBack(home, r, "'app-1.1.0/lib/app.jar' does not match its SHA-256");
  }

  @Test
  void aFileWithoutABlobThatIsNotInstalled_fallsBack() throws Exception {
    HoistHome home = home("home", "versioned");
    UpdateResult r =
        spoiledUpdate(
            home, a -> rewriteIndex(a, entries -> entry(entries, "lib/app.jar").remove("blob")));
    assertFellBack(home, r, "no blob");
  }

  @Test
  void anInstalledFileThatWasChanged_isFetchedRatherThanReused() throws Exception {
    HoistHome home = home("home", "versioned");
    Path dep = home.active().toRealPath().resolve("lib/dep-b.jar");
    Files.write(dep, "edited by hand".getBytes(StandardCharsets.UTF_8));
    Path v2 = release("1.1.0");
    UpdateResult r = update(home, publish("1.1.0", v2, true));
    assertEquals(Status.UPDATED, r.status(), r.message());
    assertTrue(r.message().contains("(a delta update: 4 of 6 files, "), r.message());
    assertEquals(fullInstallOf(v2, "versioned"), describe(home.active().toRealPath()));
  }

  // --- delta packs ----------------------------------------------------------------------------

  /** Publishes each version as {@code hoist release manifest} does: indexed, packs included. */
  private URI publishWithPacks(String... versions) throws Exception {
    Path manifest = registry.resolve("manifest.json");
    for (String v : versions) {
      Path archive = registry.resolve("app-" + v + ".tar.gz");
      if (!Files.exists(archive)) release(v);
      new dev.hoist.engine.internal.publish.ManifestEditor(JSON, Clock.systemUTC())
          .apply(
              manifest,
              new dev.hoist.engine.internal.publish.ManifestEditor.Change(
                  "hoist",
                  dev.hoist.engine.internal.version.Version.parse(v),
                  List.of(
                      new dev.hoist.engine.internal.publish.ManifestEditor.Archive(archive, "any")),
                  List.of("stable"),
                  Optional.empty(),
                  Optional.empty(),
                  true));
    }
    return manifest.toUri();
  }

  private Path pack() {
    return registry.resolve("app-1.1.0.tar.gz.from-1.0.0.pack");
  }

  @Test
  void aPackFromTheInstalledRelease_bringsTheIndexAndTheChangedFilesInOneFile() throws Exception {
    HoistHome home = home("home", "versioned");
    URI manifest = publishWithPacks("1.0.0", "1.1.0");
    String pack =
        JSON.readTree(Path.of(manifest).toFile())
            .at("/releases/1/assets/0/index/packs/0")
            .toString();
    assertTrue(pack.contains("\"from\":\"1.0.0\""), pack);
    assertTrue(pack.contains("\"url\":\"app-1.1.0.tar.gz.from-1.0.0.pack\""), pack);
    // Nothing fetched alone could succeed now: the pack must hold the index and every blob.
    Durable.deleteTree(registry.resolve("blobs"));
    Files.delete(registry.resolve("app-1.1.0.tar.gz.index.json"));

    UpdateResult r = update(home, manifest);
    assertEquals(Status.UPDATED, r.status(), r.message());
    assertTrue(r.message().contains("(a delta update: 3 of 6 files, "), r.message());
    assertEquals(List.of(), r.warnings());
    assertEquals(Files.size(pack()), r.transfer().bytes(), "the pack, and nothing else");
    Path after = home.active().toRealPath();
    assertEquals(fullInstallOf(registry.resolve("app-1.1.0.tar.gz"), "versioned"), describe(after));
    String marker = Files.readString(after.resolve(".hoist/complete.json"));
    assertTrue(
        marker.contains("(a delta update, by the pack file:" + pack().toString() + ")"), marker);
    assertClean(home);
  }

  @Test
  void aPackFromAnotherRelease_isNotUsed() throws Exception {
    HoistHome home = home("home", "versioned");
    release("0.9.0");
    URI manifest = publishWithPacks("0.9.0", "1.1.0");
    assertTrue(Files.exists(registry.resolve("app-1.1.0.tar.gz.from-0.9.0.pack")));
    UpdateResult r = update(home, manifest);
    assertEquals(Status.UPDATED, r.status(), r.message());
    assertTrue(r.transfer().delta(), r.message());
    String marker = Files.readString(home.active().toRealPath().resolve(".hoist/complete.json"));
    assertTrue(marker.contains("app-1.1.0.tar.gz.index.json (a delta update)"), marker);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"missing", "not the bytes the manifest names"})
  void anUnusablePack_isPassedOverForTheIndexAndTheBlobs(String how) throws Exception {
    HoistHome home = home("home", "versioned");
    URI manifest = publishWithPacks("1.0.0", "1.1.0");
    if (how.equals("missing")) {
      Files.delete(pack());
    } else {
      byte[] b = Files.readAllBytes(pack());
      b[b.length / 2] ^= 1;
      Files.write(pack(), b);
    }
    UpdateResult r = update(home, manifest);
    assertEquals(Status.UPDATED, r.status(), r.message());
    assertEquals(1, r.warnings().size(), r.warnings().toString());
    String w = r.warnings().get(0);
    assertTrue(
        w.startsWith(
            "the delta pack could not be used, so the index and the changed files were fetched"
                + " alone: "),
        w);
    assertTrue(
        w.contains(how.equals("missing") ? "app-1.1.0.tar.gz.from-1.0.0.pack" : "checksum"), w);
    assertTrue(r.message().contains("(a delta update: 3 of 6 files, "), r.message());
    Path after = home.active().toRealPath();
    assertEquals(fullInstallOf(registry.resolve("app-1.1.0.tar.gz"), "versioned"), describe(after));
    String marker = Files.readString(after.resolve(".hoist/complete.json"));
    assertTrue(marker.contains("app-1.1.0.tar.gz.index.json (a delta update)"), marker);
    assertClean(home);
  }
}
