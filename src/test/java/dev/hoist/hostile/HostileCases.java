package dev.hoist.hostile;

import static dev.hoist.hostile.World.TOP;
import static dev.hoist.hostile.World.distribution;

import dev.hoist.UpdateException.Reason;
import dev.hoist.extract.ArchiveExtractor;
import dev.hoist.testing.Releases;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * The crafted cases of the hostile-input suite: what an attacker controlling the network, the
 * registry or the archive can throw at an update. Each names the one failure it must end in.
 */
final class HostileCases {
  private HostileCases() {}

  /** Prepares a world and returns the manifest URL to update from. */
  @FunctionalInterface
  interface Setup {
    URI prepare(World w) throws Exception;
  }

  /**
   * One case.
   *
   * @param category archive, manifest, signature or http
   * @param name what is thrown at the updater
   * @param expected the failure it must end in
   * @param hint a word the one-line message must contain
   */
  record Case(String category, String name, Reason expected, String hint, Setup setup) {}

  static final List<Case> ALL = new ArrayList<>();

  private static void add(String category, String name, Reason r, String hint, Setup s) {
    ALL.add(new Case(category, name, r, hint, s));
  }

  private static void archive(String name, Reason r, String hint, Setup s) {
    add("archive", name, r, hint, s);
  }

  static {
    Reason unsafe = Reason.UNSAFE_ARCHIVE_ENTRY;
    archive(
        "absolute path entry",
        unsafe,
        "absolute",
        w -> w.publish(distribution().file(w.outside.resolve("evil").toString(), "x"), "a.tar.gz"));
    archive(
        "`..` entry escaping staging",
        unsafe,
        "..",
        w -> w.publish(distribution().file(TOP + "../../../outside/evil", "x"), "a.tar.gz"));
    archive(
        "`..` entry in a zip",
        unsafe,
        "..",
        w -> w.publish(distribution().file("../outside/evil", "x"), "a.zip"));
    archive(
        "absolute symlink",
        unsafe,
        "symlink",
        w -> w.publish(distribution().symlink(TOP + "lib", w.outside.toString()), "a.tar.gz"));
    archive(
        "relative symlink escaping staging",
        unsafe,
        "symlink",
        w -> w.publish(distribution().symlink(TOP + "up", "../../../outside"), "a.tar.gz"));
    archive(
        "symlink escaping, in a zip",
        unsafe,
        "symlink",
        w -> w.publish(distribution().symlink(TOP + "up", "../../outside"), "a.zip"));
    archive(
        "symlink, then an entry written through it",
        unsafe,
        "symlink",
        w ->
            w.publish(
                distribution().symlink(TOP + "d", "bin").file(TOP + "d/evil", "x"), "a.tar.gz"));
    archive(
        "symlink to parent, then an entry through it",
        unsafe,
        "symlink",
        w ->
            w.publish(
                distribution().symlink(TOP + "p", "..").file(TOP + "p/evil", "x"), "a.tar.gz"));
    archive(
        "hard link to an absolute path",
        unsafe,
        "link",
        w -> w.publish(distribution().hardLink(TOP + "passwd", "/etc/passwd"), "a.tar.gz"));
    archive(
        "hard link escaping with `..`",
        unsafe,
        "link",
        w -> w.publish(distribution().hardLink(TOP + "passwd", "../../../etc/passwd"), "a.tar.gz"));
    archive(
        "character device",
        unsafe,
        "device",
        w -> w.publish(distribution().characterDevice(TOP + "null"), "a.tar.gz"));
    archive(
        "block device",
        unsafe,
        "device",
        w -> w.publish(distribution().blockDevice(TOP + "sda"), "a.tar.gz"));
    archive("FIFO", unsafe, "FIFO", w -> w.publish(distribution().fifo(TOP + "pipe"), "a.tar.gz"));
    archive(
        "setuid file",
        unsafe,
        "setuid",
        w -> w.publish(distribution().file(TOP + "bin/su", "x", 04755), "a.tar.gz"));
    archive(
        "setgid file in a zip",
        unsafe,
        "setgid",
        w -> w.publish(distribution().file(TOP + "bin/sg", "x", 02755), "a.zip"));
    archive(
        "duplicate entry (a second bin/hoist)",
        unsafe,
        "duplicate",
        w -> w.publish(distribution().file(TOP + "bin/hoist", "evil", 0755), "a.tar.gz"));
    Reason limits = Reason.ARCHIVE_LIMITS;
    archive(
        "bomb by compression ratio (32 MiB of zeros)",
        limits,
        "times its size",
        w -> w.publish(distribution().zeros(TOP + "lib/zeros", 32L << 20), "a.tar.gz"));
    archive(
        "bomb by total size",
        limits,
        "bytes",
        w -> {
          w.limits = new ArchiveExtractor.Limits(1 << 20, 1000, 1000);
          return w.publish(distribution().zeros(TOP + "lib/big", 2L << 20), "a.tar.gz");
        });
    archive(
        "bomb by entry count",
        limits,
        "entries",
        w -> {
          w.limits = new ArchiveExtractor.Limits(1L << 30, 50, 1000);
          var b = distribution();
          for (int i = 0; i < 60; i++) b.file(TOP + "lib/f" + i, "x");
          return w.publish(b, "a.tar.gz");
        });
    Reason corrupt = Reason.ARCHIVE_CORRUPT;
    archive(
        "truncated archive (hash matches the truncated bytes)",
        corrupt,
        "",
        w -> {
          Path full =
              distribution()
                  .file(TOP + "lib/app.txt", "payload".repeat(500))
                  .write(w.root.resolve("full.tar.gz"));
          byte[] b = Files.readAllBytes(full);
          Path cut = Files.write(w.registry.resolve("a.tar.gz"), Arrays.copyOf(b, b.length / 2));
          return w.publishFile(cut);
        });
    archive(
        "corrupt zip entry (CRC mismatch)",
        corrupt,
        "CRC",
        w -> {
          Path zip =
              distribution()
                  .stored()
                  .file(TOP + "lib/app.txt", "PAYLOAD-PAYLOAD")
                  .write(w.registry.resolve("a.zip"));
          byte[] b = Files.readAllBytes(zip);
          String s = new String(b, StandardCharsets.ISO_8859_1);
          int at = s.indexOf("PAYLOAD-PAYLOAD");
          b[at] = 'X';
          Files.write(zip, b);
          return w.publishFile(zip);
        });
    archive(
        "random bytes named .tar.gz",
        corrupt,
        "",
        w -> {
          byte[] junk = new byte[4096];
          new java.util.Random(42).nextBytes(junk);
          return w.publishFile(Files.write(w.registry.resolve("a.tar.gz"), junk));
        });

    add(
        "archive",
        "checksum does not match the manifest",
        Reason.CHECKSUM_MISMATCH,
        "sha256",
        w -> {
          Path f = distribution().write(w.registry.resolve("a.tar.gz"));
          return w.manifest(manifestFor("a.tar.gz", Files.size(f), "0".repeat(64)));
        });

    Reason invalid = Reason.MANIFEST_INVALID;
    add(
        "manifest",
        "malformed JSON",
        invalid,
        "",
        w -> w.manifest("{\"schema\":1,\"app\":".getBytes(StandardCharsets.UTF_8)));
    add(
        "manifest",
        "JSON nested 5000 levels deep",
        invalid,
        "",
        w -> w.manifest(("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8)));
    add(
        "manifest",
        "huge manifest body (9 MiB)",
        invalid,
        "larger than",
        w -> {
          byte[] big = new byte[9 << 20];
          Arrays.fill(big, (byte) ' ');
          big[0] = '{';
          big[big.length - 1] = '}';
          return w.manifest(big);
        });
    add(
        "manifest",
        "a field of the wrong type",
        invalid,
        "size",
        w ->
            w.manifest(
                manifestJson("a.tar.gz", 1, "c".repeat(64))
                    .replace("\"size\":1", "\"size\":\"1\"")
                    .getBytes(StandardCharsets.UTF_8)));
    add(
        "manifest",
        "unknown schema version",
        Reason.MANIFEST_SCHEMA_UNSUPPORTED,
        "schema",
        w ->
            w.manifest(
                manifestJson("a.tar.gz", 1, "c".repeat(64))
                    .replace("\"schema\":1", "\"schema\":2")
                    .getBytes(StandardCharsets.UTF_8)));
    add(
        "manifest",
        "expired manifest (freeze attack)",
        Reason.MANIFEST_EXPIRED,
        "expired",
        w -> w.manifest(withField("expires", "\"2026-11-01T00:00:00Z\"")));
    add(
        "manifest",
        "replayed manifest (lower serial)",
        Reason.MANIFEST_REPLAYED,
        "serial",
        w -> {
          Files.createDirectories(w.home.state());
          URI uri = w.registry.resolve("manifest.json").toUri();
          Files.writeString(
              w.home.state().resolve("last-check.json"), "{\"url\":\"" + uri + "\",\"serial\":10}");
          return w.manifest(withField("serial", "9"));
        });
    add(
        "manifest",
        "asset over plain HTTP to a remote host",
        Reason.INSECURE_URL,
        "HTTPS",
        w -> w.manifest(manifestFor("http://example.com/a.tar.gz", 1, "c".repeat(64))));

    add(
        "signature",
        "missing signature",
        Reason.SIGNATURE_MISSING,
        "not signed",
        w -> {
          w.trustPublisher();
          return w.publish(distribution(), "a.tar.gz");
        });
    add(
        "signature",
        "signed by an untrusted key",
        Reason.SIGNATURE_INVALID,
        "does not verify",
        w -> {
          w.trustPublisher();
          URI u = w.publish(distribution(), "a.tar.gz");
          w.sign(World.STRANGER);
          return u;
        });
    add(
        "signature",
        "manifest changed after signing",
        Reason.SIGNATURE_INVALID,
        "does not verify",
        w -> {
          w.trustPublisher();
          URI u = w.publish(distribution(), "a.tar.gz");
          w.sign(World.PUBLISHER);
          Files.writeString(
              w.registry.resolve("manifest.json"), " ", java.nio.file.StandardOpenOption.APPEND);
          return u;
        });
    add(
        "signature",
        "malformed signature file",
        Reason.SIGNATURE_INVALID,
        "malformed",
        w -> {
          w.trustPublisher();
          URI u = w.publish(distribution(), "a.tar.gz");
          Files.writeString(w.registry.resolve("manifest.json.sig"), "not-a-signature");
          return u;
        });

    add(
        "http",
        "server stalls before the body",
        Reason.REGISTRY_UNREACHABLE,
        "timeout",
        w -> {
          w.readTimeout = Duration.ofMillis(300);
          w.server()
              .enqueue(
                  new MockResponse.Builder().body("{}").bodyDelay(5, TimeUnit.SECONDS).build());
          return w.server().url("/manifest.json").uri();
        });
    add(
        "http",
        "redirect loop",
        Reason.INSECURE_URL,
        "redirects",
        w -> {
          for (int i = 0; i <= 11; i++) {
            w.server()
                .enqueue(
                    new MockResponse.Builder()
                        .code(302)
                        .addHeader("Location", "/manifest.json")
                        .build());
          }
          return w.server().url("/manifest.json").uri();
        });
    add(
        "http",
        "redirect to plain HTTP elsewhere",
        Reason.INSECURE_URL,
        "plain HTTP",
        w -> {
          w.server()
              .enqueue(
                  new MockResponse.Builder()
                      .code(301)
                      .addHeader("Location", "http://example.com/m.json")
                      .build());
          return w.server().url("/manifest.json").uri();
        });
    add(
        "http",
        "redirect to a local file",
        Reason.INSECURE_URL,
        "local file",
        w -> {
          w.server()
              .enqueue(
                  new MockResponse.Builder()
                      .code(302)
                      .addHeader("Location", "file:///etc/passwd")
                      .build());
          return w.server().url("/manifest.json").uri();
        });
    add(
        "http",
        "429 with Retry-After on every attempt",
        Reason.DOWNLOAD_FAILED,
        "429",
        w -> {
          MockWebServer s = serveManifest(w, 1000);
          for (int i = 0; i < 2; i++) {
            s.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").build());
          }
          return s.url("/manifest.json").uri();
        });
    add(
        "http",
        "registry answers 500",
        Reason.REGISTRY_ERROR,
        "500",
        w -> {
          w.server().enqueue(new MockResponse.Builder().code(500).build());
          return w.server().url("/manifest.json").uri();
        });
    add(
        "http",
        "body longer than declared",
        Reason.SIZE_MISMATCH,
        "manifest says",
        w -> {
          MockWebServer s = serveManifest(w, 100);
          s.enqueue(new MockResponse.Builder().body("x".repeat(5000)).build());
          return s.url("/manifest.json").uri();
        });
    add(
        "http",
        "body shorter than declared",
        Reason.SIZE_MISMATCH,
        "manifest says",
        w -> {
          MockWebServer s = serveManifest(w, 5000);
          s.enqueue(new MockResponse.Builder().body("x".repeat(100)).build());
          s.enqueue(new MockResponse.Builder().code(416).build());
          return s.url("/manifest.json").uri();
        });
  }

  /** Serves a manifest offering {@code a.tar.gz} of {@code size} bytes; the archive comes next. */
  private static MockWebServer serveManifest(World w, long size) throws Exception {
    w.server()
        .enqueue(
            new MockResponse.Builder()
                .body(manifestJson("a.tar.gz", size, "c".repeat(64)))
                .build());
    return w.server();
  }

  private static String manifestJson(String url, long size, String sha) {
    return Releases.manifest()
        .channel("stable", "1.1.0")
        .release("1.1.0", "any", url, size, sha)
        .json();
  }

  private static byte[] manifestFor(String url, long size, String sha) {
    return manifestJson(url, size, sha).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] withField(String field, String rawJson) {
    String m = manifestJson("a.tar.gz", 1, "c".repeat(64));
    return (m.substring(0, m.length() - 1) + ",\"" + field + "\":" + rawJson + "}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
