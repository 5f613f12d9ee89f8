package dev.hoist.engine.internal.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that drips bytes or headers cannot keep a download (and the update lock) for as long as
 * it likes: the minimum throughput over a window and the overall deadline end it, as a transient
 * {@code download-failed}. The read timeout alone never would: each drip resets it.
 */
class DownloadDeadlineTest {
  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path dir;

  private final List<Duration> sleeps = new ArrayList<>();
  private final byte[] payload = new byte[50_000];

  private Downloader downloader(Downloader.Deadlines deadlines) {
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
    return new Downloader(
        new Transport(client),
        new Downloader.RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)),
        sleeps::add,
        deadlines);
  }

  private UpdateException fails(Downloader d) {
    return assertThrows(
        UpdateException.class,
        () ->
            d.download(
                server.url("/a.tar.gz").uri(),
                dir.resolve("a.tar.gz"),
                payload.length,
                "0".repeat(64),
                Downloader.Progress.NONE));
  }

  @Test
  void aDrippingBody_failsTheSpeedLimit_notTheReadTimeout() {
    for (int i = 0; i < 2; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .body(new Buffer().write(payload))
              .throttleBody(200, 100, TimeUnit.MILLISECONDS) // 2 KB/s, a read every 100 ms
              .build());
    }
    long start = System.nanoTime();
    UpdateException e =
        fails(
            downloader(
                new Downloader.Deadlines(
                    20_000, Duration.ofMillis(400), Duration.ofMinutes(5), 1_000_000)));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Reason.DOWNLOAD_FAILED, e.reason(), e.getMessage());
    assertTrue(e.reason().isTransient());
    assertTrue(e.getMessage().contains("slower than 20000 bytes/s"), e.getMessage());
    assertTrue(ms < 10_000, "ended by the speed limit, not by 25 s of dripping: " + ms + " ms");
  }

  @Test
  void dripFedHeaders_areEndedByTheOverallDeadline() {
    for (int i = 0; i < 2; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .body(new Buffer().write(payload))
              .headersDelay(20, TimeUnit.SECONDS)
              .build());
    }
    long start = System.nanoTime();
    UpdateException e =
        fails(
            downloader(
                new Downloader.Deadlines(
                    0, Duration.ofSeconds(30), Duration.ofMillis(800), 1L << 40)));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Reason.DOWNLOAD_FAILED, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
    assertTrue(e.getMessage().contains("; cannot reach"), "names why the last attempt failed");
    assertTrue(ms < 10_000, "the deadline, not the 20 s the server takes: " + ms + " ms");
  }

  @Test
  void theOverallDeadlineGrowsWithTheDeclaredSize() {
    Downloader.Deadlines d = Downloader.Deadlines.DEFAULT;
    assertEquals(
        Duration.ofMinutes(2), d.overall(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertEquals(Duration.ofMinutes(2).plusSeconds(640), d.overall(10L * 1024 * 1024));
    assertTrue(d.overall(-1).compareTo(d.overall(10L * 1024 * 1024)) > 0, "unknown: a large bound");
    assertThrows(
        IllegalArgumentException.class,
        () -> new Downloader.Deadlines(1, Duration.ZERO, Duration.ofSeconds(1), 1));
  }

  @Test
  void aSizeOfZero_getsTheDeadlineOfAnUnknownSize() {
    Downloader.Deadlines d = Downloader.Deadlines.DEFAULT;
    assertEquals(d.overall(-1), d.overall(0));
    assertEquals(Duration.ofMinutes(2).plusMillis(1000 / (16 * 1024)), d.overall(1));
  }

  @Test
  void theLimits_mustBePositive_aSpeedOfZeroAndNoBaseAreAllowed() {
    assertEquals(
        0, new Downloader.Deadlines(0, Duration.ofNanos(1), Duration.ZERO, 1).base().toNanos());
    for (Runnable bad :
        List.<Runnable>of(
            () -> new Downloader.Deadlines(-1, Duration.ofSeconds(1), Duration.ZERO, 1),
            () -> new Downloader.Deadlines(0, Duration.ofSeconds(1), Duration.ZERO, 0),
            () -> new Downloader.Deadlines(0, Duration.ofSeconds(-1), Duration.ZERO, 1),
            () -> new Downloader.Deadlines(0, Duration.ofSeconds(1), Duration.ofNanos(-1), 1))) {
      assertThrows(IllegalArgumentException.class, bad::run);
    }
  }

  private Downloader.Deadlines speed(long minBytesPerSecond, Duration window) {
    return new Downloader.Deadlines(minBytesPerSecond, window, Duration.ofMinutes(5), 1L << 30);
  }

  private void download(Downloader d, byte[] body) throws UpdateException {
    d.download(
        server.url("/a.tar.gz").uri(),
        dir.resolve("a.tar.gz"),
        body.length,
        DownloaderTest.sha256(body),
        Downloader.Progress.NONE);
  }

  /**
   * The speed limit is an average over a whole window; a download done within one is not judged.
   */
  @Test
  void aDownloadThatEndsWithinTheFirstWindow_isNotMeasured() throws Exception {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(payload)).build());
    download(downloader(speed(1L << 40, Duration.ofMinutes(1))), payload); // 1 TiB/s: none could
    assertEquals(List.of(), sleeps);
  }

  @Test
  void aSteadyBodyAboveTheLimit_passesEveryWindow() throws Exception {
    byte[] body = DownloaderTest.payload(20_000);
    server.enqueue(
        new MockResponse.Builder()
            .body(new Buffer().write(body))
            .throttleBody(2_000, 50, TimeUnit.MILLISECONDS) // 40 KB/s for half a second
            .build());
    download(downloader(speed(1_000, Duration.ofMillis(100))), body);
    assertEquals(List.of(), sleeps);
  }

  /** A speed limit of 0 turns the check off: a body that stalls for a second still finishes. */
  @Test
  void aSpeedLimitOfZero_letsAStalledBodyFinish() throws Exception {
    byte[] body = {42};
    server.enqueue(
        new MockResponse.Builder()
            .body(new Buffer().write(body))
            .bodyDelay(1_100, TimeUnit.MILLISECONDS)
            .build());
    download(downloader(speed(0, Duration.ofMillis(100))), body);
    assertEquals(List.of(), sleeps);
  }

  /**
   * After a resume, the window counts the bytes of this attempt only: the 50 000 bytes the first
   * attempt brought do not make a dripping second attempt look fast.
   */
  @Test
  void aResumedAttempt_isMeasuredOnItsOwnBytes() {
    byte[] body = DownloaderTest.payload(52_000);
    int cut = 50_000;
    server.enqueue(
        new MockResponse.Builder()
            .body(new Buffer().write(body, 0, cut))
            .setHeader("Content-Length", body.length)
            .onResponseEnd(new SocketEffect.CloseSocket(true, false, false))
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(206)
            .setHeader(
                "Content-Range", "bytes " + cut + "-" + (body.length - 1) + "/" + body.length)
            .body(new Buffer().write(body, cut, body.length - cut))
            .throttleBody(200, 100, TimeUnit.MILLISECONDS) // 2 KB/s
            .build());
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> download(downloader(speed(20_000, Duration.ofMillis(300))), body));
    assertEquals(Reason.DOWNLOAD_FAILED, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("slower than 20000 bytes/s"), e.getMessage());
  }
}
