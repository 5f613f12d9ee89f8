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
}
