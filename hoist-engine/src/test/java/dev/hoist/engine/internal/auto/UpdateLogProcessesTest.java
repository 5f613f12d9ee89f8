package dev.hoist.engine.internal.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several real processes appending to one update log at once, with and without rotation. */
class UpdateLogProcessesTest {
  private static final int PROCESSES = 4;
  private static final int LINES = 300;

  @TempDir Path tmp;

  private void race(Path dir, long maxBytes) throws Exception {
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      ps.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  LogAppenderMain.class.getName(),
                  dir.toString(),
                  String.valueOf(LINES),
                  String.valueOf(maxBytes))
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("child-" + i + ".out").toFile())
              .start());
    }
    for (Process p : ps) {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child finished");
      assertEquals(
          0, p.exitValue(), Files.readString(tmp.resolve("child-" + ps.indexOf(p) + ".out")));
    }
  }

  @Test
  void processesAppendingAtOnce_leaveEveryLineWholeAndInOrderPerProcess() throws Exception {
    Path dir = tmp.resolve("plain");
    race(dir, Long.MAX_VALUE);
    List<String> lines = Files.readAllLines(dir.resolve("update.log"));
    assertEquals(PROCESSES * LINES, lines.size());
    Map<Long, Long> nextSeq = new HashMap<>();
    for (String line : lines) {
      LogEntry e = LogEntry.parse(line).orElseThrow(() -> new AssertionError("torn: " + line));
      long expected = nextSeq.getOrDefault(e.pid(), 0L);
      assertEquals(expected, e.durationMs(), "lines of pid " + e.pid() + " in order, none lost");
      nextSeq.put(e.pid(), expected + 1);
    }
    assertEquals(PROCESSES, nextSeq.size());
  }

  @Test
  void processesRotatingAtOnce_neverTearALine() throws Exception {
    Path dir = tmp.resolve("rotating");
    race(dir, 32 * 1024);
    assertTrue(Files.exists(dir.resolve("update.log.1")), "rotated");
    for (Path p : List.of(dir.resolve("update.log"), dir.resolve("update.log.1"))) {
      for (String line : Files.readAllLines(p)) {
        assertTrue(LogEntry.parse(line).isPresent(), "torn line in " + p + ": " + line);
      }
    }
  }
}
