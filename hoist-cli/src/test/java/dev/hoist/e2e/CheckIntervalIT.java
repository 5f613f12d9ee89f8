package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 6, with real processes: a burst of session hooks (eight {@code hoist update
 * --auto} started at once, as several terminals opening in the same second start them) asks the
 * registry once; the rest skip as {@code checked-recently}, exit 0, and make no request. With
 * {@code HOIST_CHECK_INTERVAL=0s} every run asks.
 */
class CheckIntervalIT {
  private static final int RACERS = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void aBurstOfUnattendedRuns_asksTheRegistryOnce() throws Exception {
    InstalledHoist hoist = InstalledHoist.create(Files.createDirectories(tmp.resolve("app")));
    Path home = hoist.freshHome(tmp.resolve("home"));
    AtomicInteger manifestRequests = new AtomicInteger();
    DirectoryDispatcher files = new DirectoryDispatcher(hoist.registry);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              if (request.getUrl().encodedPath().endsWith("/manifest.json")) {
                manifestRequests.incrementAndGet();
              }
              return files.dispatch(request);
            }
          });
      server.start();
      Map<String, String> env = new HashMap<>();
      env.put("HOIST_REGISTRY", server.url("/manifest.json").toString());

      List<String> statuses = burst(hoist, home, env);
      assertEquals(1, manifestRequests.get(), "one request for the whole burst: " + statuses);
      assertEquals(1, statuses.stream().filter("updated"::equals).count(), statuses.toString());
      assertEquals(
          RACERS - 1,
          statuses.stream().filter("checked-recently"::equals).count(),
          statuses.toString());

      env.put("HOIST_CHECK_INTERVAL", "0s");
      burst(hoist, home, env);
      assertEquals(1 + RACERS, manifestRequests.get(), "with no interval, every run asks");
    }
  }

  /** Starts the racers together; each one's status, or its skip reason when it skipped. */
  private List<String> burst(InstalledHoist hoist, Path home, Map<String, String> env)
      throws Exception {
    List<Process> racers = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      Path out = Files.createTempFile(tmp, "out", ".json");
      racers.add(
          Distributions.process(env, hoist.launcherIn(home), "update", "--auto", "--json")
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start());
      outputs.add(out);
    }
    List<String> statuses = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      Process p = racers.get(i);
      assertTrue(p.waitFor(180, TimeUnit.SECONDS), "racer " + i);
      String out = Files.readString(outputs.get(i));
      assertEquals(0, p.exitValue(), out);
      var json = JSON.readTree(out);
      String status = json.get("status").asText();
      statuses.add(status.equals("skipped") ? json.get("reason").asText() : status);
    }
    return statuses;
  }
}
