package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.e2e.Distributions.Duration;
import dev.hoist.e2e.Distributions.Run;
import dev.hoist.engine.UpdateListener.Phase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a real {@code hoist update} with SIGKILL at every named phase of the flow (it pauses there
 * through {@code HOIST_TEST_PAUSE_AT}) and at start-up, then checks what a user would: the {@code
 * hoist} of the home runs and reports the old or the new version, and the next {@code hoist update}
 * converges on the new version leaving no orphans.
 */
class CrashIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static int covered;

  @TempDir static Path shared;
  private static InstalledHoist hoist;

  @TempDir Path tmp;

  @BeforeAll
  static void build() throws Exception {
    hoist = InstalledHoist.create(shared);
  }

  @AfterAll
  static void report() {
    System.out.println("CrashIT: kill points covered: " + covered);
  }

  static Stream<Arguments> killPoints() {
    return Stream.of("versioned", "in-place")
        .flatMap(s -> Stream.of(Phase.values()).map(p -> Arguments.of(s, p)));
  }

  @ParameterizedTest(name = "{0} home, kill at {1}")
  @MethodSource("killPoints")
  void killAtPhase_leavesARunnableHomeAndTheNextUpdateConverges(String strategy, Phase phase)
      throws Exception {
    Path home = hoist.freshHome(tmp.resolve("home"), strategy);
    Map<String, String> env = new HashMap<>(hoist.env());
    env.put("HOIST_TEST_PAUSE_AT", phase.name());
    Process p = start(home, env);
    try (BufferedReader err =
        new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean paused = false;
      while ((line = err.readLine()) != null) {
        if (line.equals("hoist-test: paused at " + phase)) {
          paused = true;
          break;
        }
      }
      assertTrue(paused, "the update reached " + phase + " and paused there");
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    covered++;
    afterTheCrash(home);
  }

  @ParameterizedTest(name = "{0} home")
  @ValueSource(strings = {"versioned", "in-place"})
  void killDuringStartUp_leavesARunnableHome(String strategy) throws Exception {
    Path home = hoist.freshHome(tmp.resolve("home"), strategy);
    Process p = start(home, hoist.env());
    // Dies wherever start-up happens to be: the JVM may not even have read its arguments yet.
    assertTrue(
        p.waitFor(50, TimeUnit.MILLISECONDS) || p.destroyForcibly().waitFor(30, TimeUnit.SECONDS));
    covered++;
    afterTheCrash(home);
  }

  private static Process start(Path home, Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        Distributions.process(env, InstalledHoist.launcher(home), "update", "--json")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  private void afterTheCrash(Path home) throws Exception {
    InstalledHoist.assertRuns(home, "1.0.0", "1.1.0");
    Run next =
        Distributions.run(
            home, hoist.env(), Duration.COMMAND, InstalledHoist.launcher(home), "update", "--json");
    assertEquals(0, next.code(), next.describe());
    JsonNode r = JSON.readTree(next.out());
    String status = r.get("status").asText();
    assertTrue(status.equals("updated") || status.equals("up-to-date"), next.describe());
    assertEquals("1.1.0", InstalledHoist.assertHealthyAndClean(home, "1.1.0"));
  }
}
