package dev.hoist.engine.internal.hostile;

import static dev.hoist.engine.internal.hostile.HostileCases.add;
import static dev.hoist.engine.internal.hostile.HostileCases.manifestFor;
import static dev.hoist.engine.internal.hostile.HostileCases.manifestJson;

import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** The manifest and HTTP cases of the hostile-input suite (see {@link HostileCases}). */
final class NetworkCases {
  private NetworkCases() {}

  static void addTo() {
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
    // Asset URLs are input too: malformed ones are manifest-invalid, never a raw exception.
    for (String[] bad :
        new String[][] {
          {"an asset URL with a space", "a b.tar.gz", "not a valid URL"},
          {"an asset URL with a malformed escape", "a%zz.tar.gz", "not a valid URL"},
          {"an asset URL naming NUL", "a%00.tar.gz", "control character"},
          {"a file: asset URL with a query", "file:/tmp/a.tar.gz?x=1", "query"},
          {"a file: asset URL with a host", "file://example.com/a.tar.gz", "host"},
        }) {
      add(
          "manifest",
          bad[0],
          invalid,
          bad[2],
          w ->
              w.manifest(manifestJson(bad[1], 1, "c".repeat(64)).getBytes(StandardCharsets.UTF_8)));
    }
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
        "replayed manifest without a serial (after one with)",
        Reason.MANIFEST_REPLAYED,
        "no serial",
        w -> {
          Files.createDirectories(w.home.state());
          URI uri = w.registry.resolve("manifest.json").toUri();
          Files.writeString(
              w.home.state().resolve("last-check.json"), "{\"url\":\"" + uri + "\",\"serial\":3}");
          return w.manifest(manifestFor("a.tar.gz", 1, "c".repeat(64)));
        });
    add(
        "manifest",
        "asset over plain HTTP to a remote host",
        Reason.INSECURE_URL,
        "HTTPS",
        w -> w.manifest(manifestFor("http://example.com/a.tar.gz", 1, "c".repeat(64))));

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
        "archive download stalls on every attempt",
        Reason.DOWNLOAD_FAILED,
        "attempts",
        w -> {
          w.readTimeout = Duration.ofMillis(300);
          MockWebServer s = serveManifest(w, 5000);
          for (int i = 0; i < 2; i++) {
            s.enqueue(
                new MockResponse.Builder()
                    .body("x".repeat(5000))
                    .bodyDelay(5, TimeUnit.SECONDS)
                    .build());
          }
          return s.url("/manifest.json").uri();
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

  private static byte[] withField(String field, String rawJson) {
    String m = manifestJson("a.tar.gz", 1, "c".repeat(64));
    return (m.substring(0, m.length() - 1) + ",\"" + field + "\":" + rawJson + "}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
