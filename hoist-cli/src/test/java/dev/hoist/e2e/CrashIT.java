package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.e2e.Distributions.Duration;
import dev.hoist.e2e.Distributions.Run;
import dev.hoist.engine.UpdateListener.Phase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills a real {@code hoist update} with SIGKILL at every named phase of the flow (it pauses there
 * through {@code HOIST_TEST_PAUSE_AT}) and at start-up, then checks what a user would: the {@code
 * hoist} of the home runs and reports the old or the new version, and the next {@code hoist update}
 * converges on the new version leaving no orphans. The same for greet, the example app built as an
 * outside project would build it and installed with its own installer.
 */
class CrashIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static int covered;

  @TempDir static Path shared;
  private static final Map<String, InstalledHoist> APPS = new HashMap<>();

  @TempDir Path tmp;

  @BeforeAll
  static void build() throws Exception {
    for (String name : List.of("hoist", "greet")) {
      APPS.put(name, InstalledHoist.of(name, Files.createDirectories(shared.resolve(name))));
    }
  }

  @AfterAll
  static void report() {
    System.out.println("CrashIT: kill points covered: " + covered);
  }

  /** Hoist in both strategies; greet, the example app, in the one its installer makes. */
  static Stream<Arguments> killPoints() {
    return Stream.of(
            Arguments.of("hoist", "versioned"),
            Arguments.of("hoist", "in-place"),
            Arguments.of("greet", "versioned"))
        .flatMap(
            a ->
                Stream.of(Phase.values())
                    // Only npm packages have it; a kill in npm's step is NpmDependenciesIT's.
                    // DELTA is the delta path's, below.
                    .filter(p -> p != Phase.DEPENDENCIES && p != Phase.DELTA)
                    .map(p -> Arguments.of(a.get()[0], a.get()[1], p)));
  }

  @ParameterizedTest(name = "{0}, {1} home, kill at {2}")
  @MethodSource("killPoints")
  void killAtPhase_leavesARunnableHomeAndTheNextUpdateConverges(
      String app, String strategy, Phase phase) throws Exception {
    InstalledHoist hoist = APPS.get(app);
    Path home = hoist.freshHome(tmp.resolve("home"), strategy);
    killAt(hoist, home, hoist.env(), phase);
    afterTheCrash(hoist, home);
  }

  /** Starts an update with {@code env}, waits until it pauses at {@code phase}, and SIGKILLs it. */
  private static void killAt(InstalledHoist hoist, Path home, Map<String, String> env, Phase phase)
      throws Exception {
    Map<String, String> paused = new HashMap<>(env);
    paused.put("HOIST_TEST_PAUSE_AT", phase.name());
    Process p = start(hoist, home, paused);
    try (BufferedReader err =
        new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean reached = false;
      while ((line = err.readLine()) != null) {
        if (line.equals("hoist-test: paused at " + phase)) {
          reached = true;
          break;
        }
      }
      assertTrue(reached, "the update reached " + phase + " and paused there");
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    covered++;
  }

  /** The delta path's own phases, and the first of those it shares with the full path. */
  static Stream<Arguments> deltaKillPoints() {
    return Stream.of(
            Arguments.of("hoist", "versioned"),
            Arguments.of("hoist", "in-place"),
            Arguments.of("greet", "versioned"))
        .flatMap(
            a ->
                Stream.of(Phase.DELTA, Phase.EXTRACT, Phase.SMOKE_TEST, Phase.PROMOTE, Phase.FLIP)
                    .map(p -> Arguments.of(a.get()[0], a.get()[1], p)));
  }

  /**
   * The same on the delta path (by its delta pack): at {@code DELTA} nothing is fetched yet, at
   * {@code EXTRACT} the pack's blobs are in staging and the tree is about to be built from them and
   * hard links to the installed version's files; the next update converges by a delta update again.
   */
  @ParameterizedTest(name = "{0}, {1} home, delta update killed at {2}")
  @MethodSource("deltaKillPoints")
  void killOnTheDeltaPath_leavesARunnableHomeAndTheNextUpdateConverges(
      String app, String strategy, Phase phase) throws Exception {
    InstalledHoist hoist = APPS.get(app);
    Path home = hoist.freshHome(tmp.resolve("home"), strategy);
    killAt(hoist, home, hoist.deltaEnv(), phase);
    JsonNode next = afterTheCrash(hoist, home, hoist.deltaEnv());
    if (next.get("status").asText().equals("updated")) {
      assertTrue(next.at("/downloaded/delta").asBoolean(), "a delta update again: " + next);
      assertFalse(next.has("warnings"), next.toString());
      assertEquals(
          Files.size(hoist.registry.resolve(hoist.name + "-1.1.0.tar.gz.from-1.0.0.pack")),
          next.at("/downloaded/bytes").asLong(),
          "by the delta pack, and nothing else: " + next);
    }
  }

  @ParameterizedTest(name = "{0}, {1} home")
  @CsvSource({"hoist, versioned", "hoist, in-place", "greet, versioned"})
  void killDuringStartUp_leavesARunnableHome(String app, String strategy) throws Exception {
    InstalledHoist hoist = APPS.get(app);
    Path home = hoist.freshHome(tmp.resolve("home"), strategy);
    Process p = start(hoist, home, hoist.env());
    // Dies wherever start-up happens to be: the JVM may not even have read its arguments yet.
    assertTrue(
        p.waitFor(50, TimeUnit.MILLISECONDS) || p.destroyForcibly().waitFor(30, TimeUnit.SECONDS));
    covered++;
    afterTheCrash(hoist, home);
  }

  private static Process start(InstalledHoist hoist, Path home, Map<String, String> env)
      throws Exception {
    ProcessBuilder pb =
        Distributions.process(env, hoist.launcherIn(home), "update", "--json")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  private void afterTheCrash(InstalledHoist hoist, Path home) throws Exception {
    afterTheCrash(hoist, home, hoist.env());
  }

  /** Checks the home after a kill, updates it with {@code env} and returns that result. */
  private JsonNode afterTheCrash(InstalledHoist hoist, Path home, Map<String, String> env)
      throws Exception {
    hoist.runs(home, "1.0.0", "1.1.0");
    // The rollback target is never what is current (a kill between recording it and the flip).
    dev.hoist.engine.internal.install.HoistHome h =
        new dev.hoist.engine.internal.install.HoistHome(home);
    if (h.previousVersion().isPresent()) {
      assertTrue(
          !h.previousVersion().equals(h.currentVersion()),
          "previous " + h.previousVersion() + " is current");
    }
    Run next =
        Distributions.run(home, env, Duration.COMMAND, hoist.launcherIn(home), "update", "--json");
    assertEquals(0, next.code(), next.describe());
    JsonNode r = JSON.readTree(next.out());
    String status = r.get("status").asText();
    assertTrue(status.equals("updated") || status.equals("up-to-date"), next.describe());
    assertEquals("1.1.0", hoist.healthyAndClean(home, "1.1.0"));
    return r;
  }
}
