package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.e2e.Distributions.Duration;
import dev.hoist.e2e.Distributions.Run;
import dev.hoist.engine.internal.auto.LogEntry;
import dev.hoist.engine.internal.auto.UpdateLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large install handed over to a second JVM (JitHandOff), through the real launcher: the first
 * process checks and waits, the second checks again, locks, downloads and installs; the user sees
 * one result and the log one line, and the exit code is the second process's. The size threshold is
 * lowered for the test ({@code HOIST_TEST_HANDOFF_BYTES}) so that a small release is "large".
 */
class HandOffIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void largeInstall_runsInASecondProcess_andReportsOnce() throws Exception {
    InstalledHoist installed = InstalledHoist.create(tmp);
    Path home = installed.freshHome(tmp.resolve("home"));
    Path trace = tmp.resolve("trace");
    Map<String, String> env = new HashMap<>(installed.env());
    env.put("HOIST_TEST_HANDOFF_BYTES", "1");
    env.put("HOIST_TEST_TRACE", trace.toString());

    Run r =
        Distributions.run(
            tmp, env, Duration.COMMAND, InstalledHoist.launcher(home), "update", "--json");

    assertEquals(0, r.code(), r.describe());
    JsonNode j = JSON.readTree(r.out());
    assertEquals("updated", j.get("status").asText(), r.out());
    assertEquals(1, r.out().strip().lines().count(), "one JSON object: " + r.out());
    // Phases: the first process checks and stops before the lock; the second does it all.
    List<String[]> lines = Files.readAllLines(trace).stream().map(l -> l.split(" ")).toList();
    String first = lines.get(0)[0];
    List<String> installer =
        lines.stream().filter(l -> l[1].equals("DOWNLOAD")).map(l -> l[0]).toList();
    assertEquals(1, installer.size(), String.join("\n", Files.readAllLines(trace)));
    assertNotEquals(first, installer.get(0), "downloaded by the second process");
    assertTrue(
        lines.stream().filter(l -> l[0].equals(first)).noneMatch(l -> l[1].equals("LOCK")),
        "the first process never took the lock");
    List<LogEntry> log = new UpdateLog(home.resolve("logs")).entries();
    assertEquals(1, log.size(), "one log line, the second process's");
    assertEquals(Long.parseLong(installer.get(0)), log.get(0).pid());
    InstalledHoist.assertHealthyAndClean(home, "1.1.0");
  }
}
