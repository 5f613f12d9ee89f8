package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.testing.Releases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and SIGINT during download or extraction stop a real {@code hoist update} cleanly: the
 * JVM's signal exit code, no lock left, staging removed, {@code current} untouched.
 */
class SignalIT {
  @TempDir static Path shared;
  private static InstalledHoist hoist;

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path tmp;

  @BeforeAll
  static void build() throws Exception {
    hoist = InstalledHoist.create(shared);
  }

  @Test
  void sigtermDuringDownload_exits143AndLeavesNothing() throws Exception {
    assertStopsCleanly("DOWNLOAD", List.of(), "TERM", 143);
  }

  @Test
  void sigintDuringExtraction_exits130AndLeavesNothing() throws Exception {
    // A background child may inherit SIGINT as ignored; perl (Essential in Debian) resets it.
    assertStopsCleanly(
        "EXTRACT", List.of("perl", "-e", "$SIG{INT}='DEFAULT'; exec @ARGV"), "INT", 130);
  }

  /**
   * A large install runs in a second JVM (JitHandOff); a SIGTERM to the process the user started is
   * passed on, both stop cleanly, and the exit code is the second one's.
   */
  @Test
  void sigtermWhileHandedOff_isPassedOnAndBothStopCleanly() throws Exception {
    assertStopsCleanly("DOWNLOAD", List.of(), "TERM", 143, Map.of("HOIST_TEST_HANDOFF_BYTES", "1"));
  }

  @Test
  void sigtermDuringASlowRealDownload_exits143() throws Exception {
    Path home = hoist.freshHome(tmp.resolve("home"));
    Path archive = hoist.registry.resolve("hoist-1.1.0.tar.gz");
    byte[] bytes = Files.readAllBytes(archive);
    server.enqueue(
        new MockResponse.Builder()
            .body(new Buffer().write(bytes))
            .throttleBody(16 * 1024, 1, TimeUnit.SECONDS)
            .build());
    String url = server.url("/hoist-1.1.0.tar.gz").toString();
    Path manifest =
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release("1.1.0", "any", url, bytes.length, Releases.sha256(archive))
            .writeTo(tmp.resolve("manifest.json"));
    Path trace = tmp.resolve("trace");
    Map<String, String> env = new HashMap<>();
    env.put("HOIST_REGISTRY", manifest.toUri().toString());
    env.put("HOIST_TEST_TRACE", trace.toString());
    Path stderr = tmp.resolve("stderr");
    Process p = start(home, env, List.of(), stderr);
    // The request reaching the server means the download has begun.
    assertTrue(server.takeRequest(60, TimeUnit.SECONDS) != null, "download started");
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(143, p.exitValue());
    assertUntouched(home, Files.readString(stderr));
  }

  private void assertStopsCleanly(String phase, List<String> wrapper, String signal, int code)
      throws Exception {
    assertStopsCleanly(phase, wrapper, signal, code, Map.of());
  }

  private void assertStopsCleanly(
      String phase, List<String> wrapper, String signal, int code, Map<String, String> extra)
      throws Exception {
    Path home = hoist.freshHome(tmp.resolve("home"));
    Map<String, String> env = new HashMap<>(hoist.env());
    env.putAll(extra);
    env.put("HOIST_TEST_PAUSE_AT", phase);
    Process p = start(home, env, wrapper, null);
    try (BufferedReader err =
        new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null && !line.equals("hoist-test: paused at " + phase)) {
        // skip until the run is paused inside the phase
      }
      assertEquals("hoist-test: paused at " + phase, line);
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
      assertEquals(0, kill.waitFor());
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the update stopped");
    }
    assertEquals(code, p.exitValue());
    assertUntouched(home, "");
  }

  private static Process start(
      Path home, Map<String, String> env, List<String> wrapper, Path stderr) throws Exception {
    List<String> cmd = new ArrayList<>(wrapper);
    cmd.addAll(List.of(InstalledHoist.launcher(home), "update"));
    ProcessBuilder pb =
        Distributions.process(env, cmd.toArray(String[]::new))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    if (stderr != null) pb.redirectError(stderr.toFile());
    return pb.start();
  }

  private static void assertUntouched(Path home, String stderr) throws Exception {
    assertEquals(List.of(), InstalledHoist.orphans(home), "no lock, no staging left; " + stderr);
    assertEquals("1.0.0", InstalledHoist.assertRuns(home, "1.0.0"));
    assertEquals(Path.of("versions", "1.0.0"), Files.readSymbolicLink(home.resolve("current")));
  }
}
