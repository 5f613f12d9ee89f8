package dev.hoist.engine.internal.schedule;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a schedule runs and how often.
 *
 * @param command the argv, e.g. {@code [/home/u/.local/share/hoist/current/bin/hoist, update,
 *     --auto, --caller, schedule]}
 * @param every the interval, at least a minute
 * @param spread a stable, per-install pseudo-random number (from the install id) that places the
 *     run within its interval, so a fleet does not hit the registry in the same second, while
 *     enabling twice on one machine still writes the same entry
 */
public record Job(List<String> command, Duration every, long spread) {
  public Job {
    command = List.copyOf(command);
    Objects.requireNonNull(every, "every");
    if (every.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("the interval must be at least a minute");
    }
    spread = Math.abs(spread % 1_000_000_007L);
  }

  /**
   * The interval a schedule can keep evenly, at most {@code requested}: whole minutes dividing an
   * hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30), whole hours dividing a day (1, 2, 3, 4, 6, 8, 12),
   * or whole days; so that a cron entry, which restarts its count every hour and every day, fires
   * at even intervals, and all backends run at the same interval.
   */
  public static Duration evenInterval(Duration requested) {
    long m = Math.max(1, requested.toMinutes());
    if (m < 60) return Duration.ofMinutes(largestDivisor(60, m));
    if (m < 24 * 60) return Duration.ofHours(largestDivisor(24, m / 60));
    return Duration.ofDays(m / (24 * 60));
  }

  private static long largestDivisor(long of, long atMost) {
    for (long d = atMost; d > 1; d--) {
      if (of % d == 0) return d;
    }
    return 1;
  }

  /** {@code every} written compactly: {@code 30m}, {@code 6h}, {@code 1d}. */
  public String everyText() {
    long m = every.toMinutes();
    if (m % (24 * 60) == 0) return (m / (24 * 60)) + "d";
    if (m % 60 == 0) return (m / 60) + "h";
    return m + "m";
  }

  /** The command as one POSIX shell line, each word single-quoted where needed. */
  public String shellLine() {
    StringBuilder b = new StringBuilder();
    for (String w : command) {
      if (b.length() > 0) b.append(' ');
      b.append(w.matches("[A-Za-z0-9_./=:@%+-]+") ? w : "'" + w.replace("'", "'\\''") + "'");
    }
    return b.toString();
  }
}
