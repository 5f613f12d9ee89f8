package dev.hoist.engine.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.Installer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds release archives and manifests for tests. A fake distribution's {@code bin/hoist} is a
 * shell script that answers {@code --version} like the real launcher, so the smoke test and the
 * whole flow run without building real jars.
 */
public final class Releases {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Releases() {}

  /**
   * A home at {@code root} with {@code version} promoted and active, as the engine tests start
   * from: its launcher prints {@code hoist <version>}.
   */
  public static HoistHome activeHome(Path root, String version) throws IOException {
    HoistHome home = new HoistHome(root);
    Installer installer = new Installer(home, Clock.systemUTC());
    installer.createLayout();
    Path staging = installer.newStagingDir(version);
    Path tree = Files.createDirectories(staging.resolve("hoist-" + version + "/bin"));
    Files.writeString(tree.resolve("hoist"), "#!/bin/sh\necho hoist " + version + "\n");
    installer.promote(tree.getParent(), version, "0".repeat(64), "test");
    installer.activate(version);
    return home;
  }

  /**
   * Writes {@code dir/hoist-<version>.tar.gz} holding {@code hoist-<version>/} with {@code
   * bin/hoist}, {@code VERSION} and one file in {@code lib/}.
   */
  public static Path fakeDistribution(Path dir, String version) throws IOException {
    return fakeDistribution(dir, version, version);
  }

  /** Like {@link #fakeDistribution(Path, String)}, but its launcher reports {@code reports}. */
  public static Path fakeDistribution(Path dir, String version, String reports) throws IOException {
    return withLauncher(dir, version, "#!/bin/sh\necho \"hoist " + reports + "\"\n");
  }

  /**
   * A distribution whose launcher answers correctly while it runs from a staging directory but
   * fails once run through {@code current}: it passes the smoke test and fails the health check.
   */
  public static Path brokenOnceActivated(Path dir, String version) throws IOException {
    return withLauncher(
        dir,
        version,
        "#!/bin/sh\ncase \"$0\" in */staging/*) echo \"hoist "
            + version
            + "\" ;; *) echo \"Error: could not find or load main class\" >&2; exit 1 ;; esac\n");
  }

  /**
   * Writes {@code dir/<name>-<version>.tar.gz}: a tool that is not Hoist, laid out as most
   * tarball-distributed tools are ({@code <name>-<version>/bin/<name>}, a {@code share/} file, no
   * {@code VERSION}). {@code bin/<name> --version} prints {@code versionLine}; any other call
   * prints {@code <name> <version> says hello}.
   */
  public static Path toolArchive(Path dir, String name, String version, String versionLine)
      throws IOException {
    String launcher =
        "#!/bin/sh\nif [ \"$1\" = --version ]; then echo \""
            + versionLine
            + "\"; else echo \""
            + name
            + " "
            + version
            + " says hello\"; fi\n";
    return tarGz(
        dir.resolve(name + "-" + version + ".tar.gz"),
        name + "-" + version + "/",
        List.of("bin/", "share/"),
        List.of(
            new Entry("bin/" + name, 0755, launcher),
            new Entry("share/README", 0644, name + " " + version + "\n")));
  }

  /**
   * A {@link #fakeDistribution(Path, String)} that also holds {@code lib/dep.jar} with {@code
   * library}: a file releases share, as real ones share their dependencies.
   */
  public static Path fakeDistributionWithLibrary(Path dir, String version, String library)
      throws IOException {
    return withLauncher(
        dir,
        version,
        "#!/bin/sh\necho \"hoist " + version + "\"\n",
        new Entry("lib/dep.jar", 0644, library));
  }

  private static Path withLauncher(Path dir, String version, String launcher, Entry... more)
      throws IOException {
    List<Entry> files =
        new java.util.ArrayList<>(
            List.of(
                new Entry("bin/hoist", 0755, launcher),
                new Entry("VERSION", 0644, version + "\n"),
                new Entry("lib/app.txt", 0644, "payload of " + version + "\n")));
    files.addAll(List.of(more));
    return tarGz(
        dir.resolve("hoist-" + version + ".tar.gz"),
        "hoist-" + version + "/",
        List.of("bin/", "lib/"),
        files);
  }

  private record Entry(String path, int mode, String content) {}

  /**
   * Writes {@code file}: an uncompressed tar of {@code entries} (name to bytes, in order), each
   * named exactly as given ({@code ..} and absolute names kept), as a delta pack is laid out.
   */
  public static Path tar(Path file, Map<String, byte[]> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        TarArchiveEntry t = new TarArchiveEntry(e.getKey(), true);
        t.setSize(e.getValue().length);
        tar.putArchiveEntry(t);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return file;
  }

  /** Writes {@code archive} with one top directory holding {@code dirs} and then {@code files}. */
  private static Path tarGz(Path archive, String top, List<String> dirs, List<Entry> files)
      throws IOException {
    try (OutputStream fos = Files.newOutputStream(archive);
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(fos))) {
      dirEntry(tar, top);
      for (String d : dirs) dirEntry(tar, top + d);
      for (Entry f : files) file(tar, top + f.path(), f.mode(), f.content());
    }
    return archive;
  }

  private static void dirEntry(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(040755);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream tar, String name, int mode, String content)
      throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(0100000 | mode);
    e.setSize(bytes.length);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  /**
   * Unpacks a test archive (trusted: built by this class) into {@code dest} and returns its top
   * directory, as a user's {@code tar xzf} would.
   */
  public static Path extracted(Path archive, Path dest) throws IOException {
    Path top = null;
    try (var in =
        new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
            new org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream(
                Files.newInputStream(archive)))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        Path p = dest.resolve(e.getName());
        if (top == null) top = dest.resolve(e.getName().split("/")[0]);
        if (e.isDirectory()) {
          Files.createDirectories(p);
        } else {
          Files.createDirectories(p.getParent());
          Files.copy(in, p);
          if ((e.getMode() & 0100) != 0 && !p.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + p + " executable");
          }
        }
      }
    }
    return top;
  }

  public static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A manifest under construction. */
  public static final class ManifestBuilder {
    private final Map<String, String> channels = new LinkedHashMap<>();
    private final ArrayNode releases = JSON.createArrayNode();
    private final ObjectNode extra = JSON.createObjectNode();

    public ManifestBuilder channel(String name, String version) {
      channels.put(name, version);
      return this;
    }

    /** Adds a release with one {@code any} asset for {@code archive}, by relative URL. */
    public ManifestBuilder release(String version, Path archive) throws IOException {
      return release(
          version, "any", archive.getFileName().toString(), Files.size(archive), sha256(archive));
    }

    public ManifestBuilder release(
        String version, String platform, String url, long size, String sha256) {
      ObjectNode r = releases.addObject();
      r.put("version", version);
      r.put("published", "2026-11-20T00:00:00Z");
      r.put("rollout", 100);
      ObjectNode a = r.putArray("assets").addObject();
      a.put("platform", platform);
      a.put("url", url);
      a.put("size", size);
      a.put("sha256", sha256);
      return this;
    }

    /**
     * Publishes the file index and blobs of {@code archive} (the release added last's), as {@code
     * hoist release manifest} does: the index beside it, the blobs in {@code blobs/} there; the
     * manifest must be written into that directory too.
     */
    public ManifestBuilder indexed(Path archive) throws IOException {
      dev.hoist.engine.internal.publish.IndexPublisher.Published p;
      try {
        p =
            new dev.hoist.engine.internal.publish.IndexPublisher()
                .publish(archive, archive.toAbsolutePath().getParent().resolve("blobs"));
      } catch (dev.hoist.engine.internal.failure.UpdateException e) {
        throw new IOException(e);
      }
      ObjectNode release = (ObjectNode) releases.get(releases.size() - 1);
      ObjectNode index = ((ObjectNode) release.get("assets").get(0)).putObject("index");
      index.put("url", p.index().getFileName().toString());
      index.put("size", p.size());
      index.put("sha256", p.sha256());
      return this;
    }

    /**
     * Adds to the release added last (after {@link #indexed}) a delta pack from {@code version},
     * whose archive {@code earlier} is indexed beside it first, as {@code hoist release manifest}
     * does for the release before.
     */
    public ManifestBuilder packedFrom(String version, Path earlier, Path archive)
        throws IOException {
      try {
        Path blobs = archive.toAbsolutePath().getParent().resolve("blobs");
        Path earlierIndex =
            new dev.hoist.engine.internal.publish.IndexPublisher().publish(earlier, blobs).index();
        dev.hoist.engine.internal.publish.PackPublisher.Published p =
            new dev.hoist.engine.internal.publish.PackPublisher()
                .publish(
                    archive,
                    archive.resolveSibling(archive.getFileName() + ".index.json"),
                    dev.hoist.engine.internal.version.Version.parse(version),
                    dev.hoist.engine.internal.extract.FileIndex.parse(
                        Files.readAllBytes(earlierIndex)))
                .orElseThrow(
                    () -> new IOException("the pack would not be smaller than " + archive));
        ObjectNode release = (ObjectNode) releases.get(releases.size() - 1);
        ((ObjectNode) release.get("assets").get(0).get("index"))
            .putArray("packs")
            .addObject()
            .put("from", version)
            .put("url", p.pack().getFileName().toString())
            .put("size", p.size())
            .put("sha256", p.sha256());
      } catch (dev.hoist.engine.internal.failure.UpdateException e) {
        throw new IOException(e);
      }
      return this;
    }

    /** Sets the {@code rollout} percentage of the release added last. */
    public ManifestBuilder rollout(int percent) {
      ((ObjectNode) releases.get(releases.size() - 1)).put("rollout", percent);
      return this;
    }

    /** Sets {@code field} of the release added last, e.g. {@code notes}. */
    public ManifestBuilder releaseField(String field, Object value) {
      ((ObjectNode) releases.get(releases.size() - 1)).set(field, JSON.valueToTree(value));
      return this;
    }

    public ManifestBuilder set(String field, Object value) {
      extra.set(field, JSON.valueToTree(value));
      return this;
    }

    public String json() {
      ObjectNode m = JSON.createObjectNode();
      m.put("schema", 1);
      m.put("app", "hoist");
      m.put("generated", "2026-11-22T10:00:00Z");
      ObjectNode ch = m.putObject("channels");
      channels.forEach(ch::put);
      m.set("releases", releases);
      m.setAll(extra);
      return m.toString();
    }

    public Path writeTo(Path file) throws IOException {
      Files.writeString(file, json());
      return file;
    }
  }

  public static ManifestBuilder manifest() {
    return new ManifestBuilder();
  }
}
