package dev.hoist.engine.internal.auto;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A child process for {@link UpdateLogProcessesTest}: appends {@code count} entries to the update
 * log in {@code dir}, rotating at {@code maxBytes}, each tagged with its own pid and a sequence
 * number in {@code durationMs}.
 */
public final class LogAppenderMain {
  private LogAppenderMain() {}

  public static void main(String[] args) throws Exception {
    UpdateLog log = new UpdateLog(Path.of(args[0]), Long.parseLong(args[2]));
    int count = Integer.parseInt(args[1]);
    long pid = ProcessHandle.current().pid();
    String filler = "y".repeat(300);
    for (int i = 0; i < count; i++) {
      log.append(
          new LogEntry(
              Instant.now(),
              pid,
              "racer",
              "update",
              "up-to-date",
              "1.0.0",
              null,
              null,
              null,
              filler,
              i));
    }
  }
}
