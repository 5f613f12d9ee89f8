package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many real {@code hoist update} processes started at once against one home, as a session-start
 * hook in several terminals would: exactly one installs, every other skips or finds the new version
 * current, all exit 0, and nothing is left behind. Each run traces its phases ({@code
 * HOIST_TEST_TRACE}) and {@link TraceChecker} proves no two held the lock at once. The same for
 * {@code greet update}, the example app built as an outside project would build it.
 */
class ContentionIT {
  private static final int RACERS = 16;
  private static final int TRIALS = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  private static final Map<String, InstalledHoist> APPS = new HashMap<>();

  @TempDir Path tmp;

  @BeforeAll
  static void build() throws Exception {
    for (String name : List.of("hoist", "greet")) {
      APPS.put(name, InstalledHoist.of(name, Files.createDirectories(shared.resolve(name))));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hoist", "greet"})
  void sixteenConcurrentUpdates_exactlyOneInstalls(String app) throws Exception {
    InstalledHoist hoist = APPS.get(app);
    for (int trial = 0; trial < TRIALS; trial++) {
      // Alternate the install strategies the app offers: each must hold the same guarantees.
      List<String> strategies = hoist.strategies();
      String strategy = strategies.get(trial % strategies.size());
      Path home = hoist.freshHome(tmp.resolve("home-" + trial), strategy);
      Path trace = tmp.resolve("trace-" + trial);
      Map<String, String> env = new HashMap<>(hoist.env());
      env.put("HOIST_TEST_TRACE", trace.toString());

      List<Process> racers = new ArrayList<>();
      List<Path> outputs = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        Path out = tmp.resolve("out-" + trial + "-" + i);
        ProcessBuilder pb =
            Distributions.process(env, hoist.launcherIn(home), "update", "--json")
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("err").toFile()));
        racers.add(pb.start());
        outputs.add(out);
      }
      Map<String, Integer> statuses = new HashMap<>();
      for (int i = 0; i < RACERS; i++) {
        Process p = racers.get(i);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "racer " + i + " finished");
        Path out = outputs.get(i);
        assertEquals(
            0,
            p.exitValue(),
            () ->
                "racer exit; stdout: "
                    + readQuietly(out)
                    + "; stderr: "
                    + readQuietly(tmp.resolve("err")));
        JsonNode r = JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
        String status = r.get("status").asText();
        if (status.equals("skipped")) {
          assertEquals("locked", r.get("reason").asText());
          assertTrue(r.get("holderPid").asLong() > 0, r.toString());
        }
        statuses.merge(status, 1, Integer::sum);
      }
      assertEquals(1, statuses.getOrDefault("updated", 0), statuses.toString());
      assertEquals(
          RACERS,
          statuses.getOrDefault("updated", 0)
              + statuses.getOrDefault("skipped", 0)
              + statuses.getOrDefault("up-to-date", 0),
          statuses.toString());
      TraceChecker.Report report = TraceChecker.check(trace);
      assertEquals(0, report.violations(), report.toString());
      assertTrue(report.holds() >= 1, report.toString());
      assertEquals("1.1.0", hoist.healthyAndClean(home, "1.1.0"));
    }
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
