package dev.hoist.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@code HOIST_TEST_TRACE} file, whose lines (appended with O_APPEND, one write each) are a
 * total order of the phases of concurrent runs, and counts mutual-exclusion violations: a {@code
 * LOCKED} line while another process is between its own {@code LOCKED} and {@code RELEASE}. Both
 * lines are written while the lock is held, so each traced interval lies inside a real hold: an
 * overlap here is a real overlap.
 *
 * <p>A process killed while holding never writes {@code RELEASE}; its interval ends when the next
 * process logs {@code LOCKED} only if the lock was reclaimed — which the kernel allows only after
 * the holder died. Pass the pids known to be killed so their open intervals are closed.
 */
final class TraceChecker {
  private TraceChecker() {}

  /** What the trace shows. */
  record Report(int holds, int violations, int lines) {}

  static Report check(Path trace) throws IOException {
    return check(trace, Set.of());
  }

  static Report check(Path trace, Set<Long> killed) throws IOException {
    List<String> lines = Files.exists(trace) ? Files.readAllLines(trace) : List.of();
    Set<Long> inside = new HashSet<>();
    int holds = 0;
    int violations = 0;
    for (String line : lines) {
      String[] f = line.strip().split(" ");
      if (f.length < 2) continue;
      long pid = Long.parseLong(f[0]);
      switch (f[1]) {
        case "LOCKED" -> {
          inside.removeIf(killed::contains);
          if (!inside.isEmpty()) violations++;
          inside.add(pid);
          holds++;
        }
        case "RELEASE" -> inside.remove(pid);
        default -> {}
      }
    }
    return new Report(holds, violations, lines.size());
  }
}
