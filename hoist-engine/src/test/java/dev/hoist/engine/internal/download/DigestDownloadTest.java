package dev.hoist.engine.internal.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Downloader verifies whichever digest a registry gave, and refuses to go without one. */
class DigestDownloadTest {
  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path dir;
  private final byte[] payload = "an npm tarball, say".repeat(500).getBytes();

  private Downloader downloader() {
    return new Downloader(
        new Transport(new OkHttpClient()),
        new Downloader.RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)),
        d -> {});
  }

  private void serve(byte[] body) {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(body)).build());
  }

  @Test
  void sha512OfUnknownSize_isVerified() throws Exception {
    serve(payload);
    Path target = dir.resolve("t.tgz");
    List<Long> totals = new ArrayList<>();
    List<Long> done = new ArrayList<>();
    Digest d = new Digest(Digest.Algorithm.SHA512, Fixtures.hex("SHA-512", payload));
    downloader()
        .download(
            server.url("/t.tgz").uri(),
            target,
            -1,
            d,
            (n, total) -> {
              done.add(n);
              totals.add(total);
            });

    assertArrayEquals(payload, Files.readAllBytes(target));
    assertEquals((long) payload.length, done.get(done.size() - 1), "progress is still reported");
    assertTrue(totals.stream().allMatch(t -> t == -1), "an unknown total is reported as such");
  }

  @Test
  void sha1Mismatch_isRefusedNamingTheAlgorithm() {
    serve(payload);
    Digest d = new Digest(Digest.Algorithm.SHA1, "0".repeat(40));
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () ->
                downloader()
                    .download(server.url("/t.tgz").uri(), dir.resolve("t"), -1, d, (x, y) -> {}));
    assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("expected sha1 " + "0".repeat(40)), e.getMessage());
    assertTrue(e.getMessage().contains(Fixtures.hex("SHA-1", payload)), e.getMessage());
  }

  @Test
  void noDigest_isRefusedBeforeAnyRequest() {
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () ->
                downloader()
                    .download(
                        server.url("/t.tgz").uri(),
                        dir.resolve("t"),
                        10,
                        (Digest) null,
                        (x, y) -> {}));
    assertEquals(Reason.CHECKSUM_MISSING, e.reason());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void sriParsing_takesTheStrongestKnownHash() {
    String sri =
        "sha1-"
            + java.util.Base64.getEncoder().encodeToString(new byte[20])
            + " "
            + Fixtures.sri512(payload);
    Digest d = Digest.fromSri(sri).orElseThrow();
    assertEquals(Digest.Algorithm.SHA512, d.algorithm());
    assertEquals(Fixtures.hex("SHA-512", payload), d.hex());
    assertTrue(Digest.fromSri("md5-abc sha512-!!notbase64").isEmpty());
    assertTrue(
        Digest.fromSri("sha512-" + java.util.Base64.getEncoder().encodeToString(new byte[3]))
            .isEmpty(),
        "wrong length");
  }

  @Test
  void sriParsing_takesTheStrongestWhereverItIsListed() {
    String sha256 = "sha256-" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    String sha512 = Fixtures.sri512(payload);
    assertEquals(
        Digest.Algorithm.SHA512, Digest.fromSri(sha512 + " " + sha256).orElseThrow().algorithm());
    assertEquals(
        Digest.Algorithm.SHA512, Digest.fromSri(sha256 + " " + sha512).orElseThrow().algorithm());
  }

  /** Of two hashes of one algorithm (a registry listing old and new), the first listed is used. */
  @Test
  void sriParsing_ofTwoHashesOfOneAlgorithm_keepsTheFirst() {
    String first = Fixtures.sri512(payload);
    String second = Fixtures.sri512("another tarball".getBytes());
    assertEquals(
        Fixtures.hex("SHA-512", payload), Digest.fromSri(first + " " + second).orElseThrow().hex());
  }

  @Test
  void sriParsing_ignoresOptionsCaseAndBlanks() {
    Digest d =
        Digest.fromSri("  SHA512-" + Fixtures.sri512(payload).substring(7) + "?opt=x \n")
            .orElseThrow();
    assertEquals(Fixtures.hex("SHA-512", payload), d.hex());
    assertTrue(Digest.fromSri("-abc nodash").isEmpty());
  }

  @Test
  void aDigestPrints_asAlgorithmColonHex() {
    assertEquals(
        "sha1:" + "ab".repeat(20), new Digest(Digest.Algorithm.SHA1, "ab".repeat(20)).toString());
    assertThrows(IllegalArgumentException.class, () -> Digest.sha256("AB".repeat(32)));
  }
}
