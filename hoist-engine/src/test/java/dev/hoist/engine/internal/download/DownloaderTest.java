package dev.hoist.engine.internal.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads are retried, resumed, bounded by their declared size and verified before use. */
class DownloaderTest {
  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path dir;

  private final List<Duration> sleeps = new ArrayList<>();
  private final byte[] payload = payload(200_000);
  private final String sha = sha256(payload);

  private Downloader downloader() {
    OkHttpClient client =
        new OkHttpClient.Builder()
            .followSslRedirects(false)
            .readTimeout(Duration.ofSeconds(5))
            .build();
    return new Downloader(
        new Transport(client),
        new Downloader.RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(30)),
        sleeps::add);
  }

  private URI url() {
    return server.url("/a.tar.gz").uri();
  }

  @Test
  void intactBody_isWrittenAndVerified() throws Exception {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(payload)).build());
    Path target = dir.resolve("a.tar.gz");
    List<Long> progress = new ArrayList<>();
    downloader().download(url(), target, payload.length, sha, (d, t) -> progress.add(d));
    assertArrayEquals(payload, Files.readAllBytes(target));
    assertEquals(payload.length, progress.get(progress.size() - 1));
    assertTrue(sleeps.isEmpty());
  }

  /**
   * A host that stores a .tar.gz compressed again and serves it with Content-Encoding: gzip (as
   * object stores do when told so): the manifest's digest is of the bytes served, as curl fetches
   * them, so nothing may be decoded, and no content coding is asked for.
   */
  @Test
  void aContentCodedArchive_isVerifiedAsServed_notDecoded() throws Exception {
    Buffer gzipped = new Buffer();
    try (java.util.zip.GZIPOutputStream gz =
        new java.util.zip.GZIPOutputStream(gzipped.outputStream())) {
      gz.write(payload);
    }
    byte[] served = gzipped.readByteArray();
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Encoding", "gzip")
            .body(new Buffer().write(served))
            .build());
    Path target = dir.resolve("a.tar.gz");
    downloader().download(url(), target, served.length, sha256(served), null0());
    assertArrayEquals(served, Files.readAllBytes(target));
    assertEquals("identity", server.takeRequest().getHeaders().get("Accept-Encoding"));
  }

  @Test
  void wrongChecksum_isRefused() {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(payload)).build());
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () ->
                downloader()
                    .download(url(), dir.resolve("a"), payload.length, "0".repeat(64), null0()));
    assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
  }

  @Test
  void bodyLongerThanDeclared_isRefusedWithoutReadingOn() {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(payload)).build());
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> downloader().download(url(), dir.resolve("a"), 1000, sha, null0()));
    assertEquals(Reason.SIZE_MISMATCH, e.reason());
    assertTrue(e.getMessage().startsWith("server offers 200000 bytes"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("a")), "refused on its Content-Length, nothing written");
  }

  @Test
  void aBodyOfExactlyTheDeclaredSize_isAccepted_chunkedOrNot() throws Exception {
    server.enqueue(
        new MockResponse.Builder().chunkedBody(new Buffer().write(payload), 4096).build());
    downloader().download(url(), dir.resolve("a"), payload.length, sha, null0());
    assertArrayEquals(payload, Files.readAllBytes(dir.resolve("a")));
  }

  /** A resumed reply whose length would carry the file past its declared size is not read. */
  @Test
  void aResumeOfferingMoreThanTheRest_isRefusedBeforeReading() throws Exception {
    int cut = 50_000;
    enqueueCutAt(cut);
    byte[] rest = new byte[payload.length - cut + 10];
    System.arraycopy(payload, cut, rest, 0, payload.length - cut);
    server.enqueue(
        new MockResponse.Builder()
            .code(206)
            .setHeader(
                "Content-Range", "bytes " + cut + "-" + (payload.length + 9) + "/" + payload.length)
            .body(new Buffer().write(rest))
            .build());
    Path target = dir.resolve("a");
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> downloader().download(url(), target, payload.length, sha, null0()));
    assertEquals(Reason.SIZE_MISMATCH, e.reason());
    assertTrue(e.getMessage().startsWith("server offers 200010 bytes"), e.getMessage());
    assertEquals(cut, Files.size(target), "only what the first attempt brought");
  }

  /** A 206 answers a Range request; to a request without one it is refused, not spliced in. */
  @Test
  void anUnaskedForPartialReply_isRefused() {
    server.enqueue(
        new MockResponse.Builder()
            .code(206)
            .setHeader("Content-Range", "bytes 0-999/" + payload.length)
            .body(new Buffer().write(payload, 0, 1000))
            .build());
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> downloader().download(url(), dir.resolve("a"), payload.length, sha, null0()));
    assertEquals(Reason.DOWNLOAD_FAILED, e.reason());
    assertTrue(e.getMessage().contains("HTTP 206"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  /** A registry that states a size of 0 does not know it: the digest decides, as for -1. */
  @Test
  void aDeclaredSizeOfZero_isAnUnknownSize() throws Exception {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(payload)).build());
    List<Long> totals = new ArrayList<>();
    downloader().download(url(), dir.resolve("a"), 0, sha, (d, t) -> totals.add(t));
    assertArrayEquals(payload, Files.readAllBytes(dir.resolve("a")));
    assertTrue(!totals.isEmpty() && totals.stream().allMatch(t -> t == -1), totals.toString());
  }

  @Test
  void aRetryAfterBeyondTheCap_waitsOnlyTheCap_andAShorterOneTheBackoff() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "3600").build());
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "1").build());
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(payload)).build());
    new Downloader(
            new Transport(new OkHttpClient()),
            new Downloader.RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(30)),
            sleeps::add)
        .download(url(), dir.resolve("a"), payload.length, sha, null0());
    assertEquals(List.of(Duration.ofSeconds(30), Duration.ofSeconds(4)), sleeps);
  }

  @Test
  void anInterruptedPause_endsTheDownload_andKeepsTheInterrupt() {
    server.enqueue(new MockResponse.Builder().code(503).build());
    Downloader d =
        new Downloader(
            new Transport(new OkHttpClient()),
            new Downloader.RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(30)),
            pause -> {
              throw new InterruptedException("stop");
            });
    try {
      UpdateException e =
          assertThrows(
              UpdateException.class,
              () -> d.download(url(), dir.resolve("a"), payload.length, sha, null0()));
      assertEquals(Reason.INTERRUPTED, e.reason());
      assertTrue(Thread.currentThread().isInterrupted(), "the caller still sees the interrupt");
    } finally {
      Thread.interrupted();
    }
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aWriteErrorOtherThanAFullDisk_isAnInstallFailure() {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(payload)).build());
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () ->
                downloader()
                    .download(url(), dir.resolve("no/such/dir/a"), payload.length, sha, null0()));
    assertEquals(Reason.INSTALL_FAILED, e.reason(), e.getMessage());
  }

  @Test
  void isDiskFull_looksThroughTheCauses() {
    java.io.IOException full = new java.io.IOException("No space left on device");
    assertTrue(Downloader.isDiskFull(full));
    assertTrue(Downloader.isDiskFull(new java.io.IOException("write failed", full)));
    assertFalse(Downloader.isDiskFull(new java.io.IOException("Permission denied")));
    assertFalse(Downloader.isDiskFull(new java.io.IOException((String) null)));
  }

  /**
   * A file: mirror resumes too: each attempt here ends after one buffer (a speed limit no read can
   * meet), and the next one continues after it instead of starting again.
   */
  @Test
  void aFileUrl_resumesWhereTheLastAttemptStopped() throws Exception {
    byte[] data = payload(150_000);
    Path source = Files.write(dir.resolve("src.bin"), data);
    Path target = dir.resolve("out.bin");
    Downloader d =
        new Downloader(
            new Transport(new OkHttpClient()),
            new Downloader.RetryPolicy(10, Duration.ofMillis(1), Duration.ofMillis(1)),
            sleeps::add,
            new Downloader.Deadlines(
                Long.MAX_VALUE, Duration.ofNanos(1), Duration.ofMinutes(1), 1 << 20));
    d.download(source.toUri(), target, data.length, sha256(data), null0());
    assertArrayEquals(data, Files.readAllBytes(target));
    assertTrue(sleeps.size() >= 2, "more than one attempt was needed: " + sleeps);
  }

  @Test
  void serverError_isRetriedWithBackoff() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(payload)).build());
    downloader().download(url(), dir.resolve("a"), payload.length, sha, null0());
    assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), sleeps);
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void tooManyRequests_honoursRetryAfter() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7").build());
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(payload)).build());
    downloader().download(url(), dir.resolve("a"), payload.length, sha, null0());
    assertEquals(List.of(Duration.ofSeconds(7)), sleeps);
  }

  @Test
  void persistentErrors_failAfterAllAttempts() {
    for (int i = 0; i < 3; i++) server.enqueue(new MockResponse.Builder().code(502).build());
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> downloader().download(url(), dir.resolve("a"), payload.length, sha, null0()));
    assertEquals(Reason.DOWNLOAD_FAILED, e.reason());
    assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
  }

  @Test
  void notFound_isNotRetried() {
    server.enqueue(new MockResponse.Builder().code(404).build());
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> downloader().download(url(), dir.resolve("a"), payload.length, sha, null0()));
    assertEquals(Reason.DOWNLOAD_FAILED, e.reason());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void truncatedBody_resumesWithRange() throws Exception {
    int cut = 50_000;
    // First attempt: the connection dies after `cut` bytes of a declared full-length body.
    enqueueCutAt(cut);
    server.enqueue(
        new MockResponse.Builder()
            .code(206)
            .setHeader(
                "Content-Range", "bytes " + cut + "-" + (payload.length - 1) + "/" + payload.length)
            .body(new Buffer().write(payload, cut, payload.length - cut))
            .build());
    Path target = dir.resolve("a");
    downloader().download(url(), target, payload.length, sha, null0());
    assertArrayEquals(payload, Files.readAllBytes(target));
    RecordedRequest first = server.takeRequest(1, TimeUnit.SECONDS);
    RecordedRequest second = server.takeRequest(1, TimeUnit.SECONDS);
    assertNull(first.getHeaders().get("Range"));
    assertEquals("bytes=" + cut + "-", second.getHeaders().get("Range"));
  }

  @Test
  void resumeIgnoredByServer_restartsFromZero() throws Exception {
    int cut = 50_000;
    enqueueCutAt(cut);
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(payload)).build());
    Path target = dir.resolve("a");
    downloader().download(url(), target, payload.length, sha, null0());
    assertArrayEquals(payload, Files.readAllBytes(target));
  }

  @Test
  void redirectToPlainHttpElsewhere_isRefused() {
    server.enqueue(
        new MockResponse.Builder()
            .code(302)
            .addHeader("Location", "http://example.com/evil.tar.gz")
            .build());
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> downloader().download(url(), dir.resolve("a"), payload.length, sha, null0()));
    assertEquals(Reason.INSECURE_URL, e.reason());
  }

  @Test
  void fullDisk_isReportedAsSuch() {
    // /dev/full answers every write with ENOSPC, as a full filesystem does.
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(payload)).build());
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> downloader().download(url(), Path.of("/dev/full"), payload.length, sha, null0()));
    assertEquals(Reason.DISK_FULL, e.reason());
    assertTrue(e.getMessage().startsWith("no space left on device"), e.getMessage());
  }

  @Test
  void redirectLoop_endsWithAClearError() {
    for (int i = 0; i <= Transport.MAX_REDIRECTS; i++) {
      server.enqueue(
          new MockResponse.Builder().code(302).addHeader("Location", "/a.tar.gz").build());
    }
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> downloader().download(url(), dir.resolve("a"), payload.length, sha, null0()));
    assertEquals(Reason.INSECURE_URL, e.reason());
    assertTrue(e.getMessage().contains("redirects"), e.getMessage());
  }

  @Test
  void redirectWithinLoopback_isFollowed() throws Exception {
    server.enqueue(
        new MockResponse.Builder().code(301).addHeader("Location", "/moved/a.tar.gz").build());
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(payload)).build());
    downloader().download(url(), dir.resolve("a"), payload.length, sha, null0());
    server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals("/moved/a.tar.gz", server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath());
  }

  @Test
  void fileUrl_isCopiedAndVerified() throws Exception {
    Path source = Files.write(dir.resolve("src.bin"), payload);
    Path target = dir.resolve("out.bin");
    downloader().download(source.toUri(), target, payload.length, sha, null0());
    assertArrayEquals(payload, Files.readAllBytes(target));
  }

  @Test
  void plainHttpToRemoteHost_isRefusedBeforeConnecting() {
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () ->
                downloader()
                    .download(
                        URI.create("http://example.com/a.tar.gz"),
                        dir.resolve("a"),
                        1,
                        sha,
                        null0()));
    assertEquals(Reason.INSECURE_URL, e.reason());
  }

  private static Downloader.Progress null0() {
    return Downloader.Progress.NONE;
  }

  static byte[] payload(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + (i >> 7));
    return b;
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A 206 whose Content-Range does not start where the partial file ends would splice the wrong
   * bytes in; it is refused, never appended.
   */
  @Test
  void aResumeAtTheWrongOffset_isNotAppended() throws Exception {
    int cut = 50_000;
    enqueueCutAt(cut);
    server.enqueue(
        new MockResponse.Builder()
            .code(206)
            .setHeader("Content-Range", "bytes 0-" + (payload.length - 1) + "/" + payload.length)
            .body(new Buffer().write(payload, cut, payload.length - cut))
            .build());
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> downloader().download(url(), dir.resolve("a"), payload.length, sha, null0()));
    assertEquals(Reason.DOWNLOAD_FAILED, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("206"), e.getMessage());
  }

  /**
   * Without a Content-Length (chunked, as npm and Maven hosts often answer), only the count of
   * bytes read stops a body longer than declared.
   */
  @Test
  void aChunkedBodyLongerThanDeclared_isCutOffAtTheDeclaredSize() throws Exception {
    server.enqueue(
        new MockResponse.Builder().chunkedBody(new Buffer().write(payload), 4096).build());
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> downloader().download(url(), dir.resolve("a"), 1000, sha, null0()));
    assertEquals(Reason.SIZE_MISMATCH, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("more than the 1000 bytes"), e.getMessage());
    assertTrue(Files.size(dir.resolve("a")) <= 1000, "never more on disk than declared");
  }

  /** A first attempt whose connection dies after {@code cut} bytes of a full-length body. */
  private void enqueueCutAt(int cut) {
    server.enqueue(
        new MockResponse.Builder()
            .body(new Buffer().write(payload, 0, cut))
            .setHeader("Content-Length", payload.length)
            .onResponseEnd(new SocketEffect.CloseSocket(true, false, false))
            .build());
  }
}
