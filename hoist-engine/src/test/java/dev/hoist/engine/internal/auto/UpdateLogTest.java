package dev.hoist.engine.internal.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateLogTest {
  @TempDir Path tmp;

  private static LogEntry entry(int n, String message) {
    return new LogEntry(
        Instant.parse("2026-11-30T00:00:00Z").plusSeconds(n),
        n,
        "auto",
        "update",
        "updated",
        "1.0.0",
        "1.1.0",
        null,
        null,
        message,
        n);
  }

  @Test
  void entry_roundTripsThroughOneLine() {
    LogEntry e =
        new LogEntry(
            Instant.parse("2026-11-30T01:02:03Z"),
            42,
            "hook",
            "update",
            "failed",
            null,
            null,
            null,
            "checksum-mismatch",
            "bad\nthing",
            7);
    String line = e.toLine();
    assertTrue(!line.contains("\n"), line);
    LogEntry back = LogEntry.parse(line).orElseThrow();
    assertEquals("bad thing", back.message());
    assertEquals(e, back);
  }

  @Test
  void line_isCompactJsonInAStableKeyOrder() {
    LogEntry e =
        new LogEntry(
            Instant.parse("2026-11-30T01:02:03Z"),
            42,
            "manual",
            "update",
            "skipped",
            "1.0.0",
            null,
            "up-to-date",
            null,
            "hoist 1.0.0 is \"up to date\" é",
            310);
    assertEquals(
        "{\"time\":\"2026-11-30T01:02:03Z\",\"pid\":42,\"caller\":\"manual\",\"command\":\"update\","
            + "\"status\":\"skipped\",\"from\":\"1.0.0\",\"reason\":\"up-to-date\","
            + "\"message\":\"hoist 1.0.0 is \\\"up to date\\\" é\",\"durationMs\":310}",
        e.toLine());
  }

  @Test
  void strayLines_areSkippedWhenReading() throws Exception {
    UpdateLog log = new UpdateLog(tmp);
    log.append(entry(1, "one"));
    Files.write(
        log.file(),
        "hoist: no Java 17 or newer found\n\u00ff\u00fe{garbage\n"
            .getBytes(StandardCharsets.ISO_8859_1),
        java.nio.file.StandardOpenOption.APPEND);
    log.append(entry(2, "two"));
    List<LogEntry> all = log.entries();
    assertEquals(List.of("one", "two"), all.stream().map(LogEntry::message).toList());
  }

  @Test
  void concurrentAppends_neverInterleaveWithinALine() throws Exception {
    UpdateLog log = new UpdateLog(tmp, Long.MAX_VALUE);
    int threads = 8;
    int perThread = 250;
    String filler = "x".repeat(600); // long lines make a torn write visible
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      done.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perThread; i++) log.append(entry(base + i, filler));
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
    pool.shutdown();

    List<String> lines = Files.readAllLines(log.file());
    assertEquals(threads * perThread, lines.size());
    Set<Long> pids = new HashSet<>();
    for (String line : lines) {
      LogEntry e = LogEntry.parse(line).orElseThrow(() -> new AssertionError("torn: " + line));
      assertEquals(filler, e.message());
      pids.add(e.pid());
    }
    assertEquals(threads * perThread, pids.size(), "every line exactly once");
  }

  @Test
  void rotation_keepsOneGenerationAndEveryLineWhole() throws Exception {
    UpdateLog log = new UpdateLog(tmp, 4096);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int base = t * 200;
      done.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < 200; i++) log.append(entry(base + i, "m" + i));
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
    pool.shutdown();

    assertTrue(Files.exists(log.rotated()), "rotated");
    try (var s = Files.list(tmp)) {
      assertEquals(
          Set.of("update.log", "update.log.1", ".update.log.lock"),
          new HashSet<>(s.map(p -> p.getFileName().toString()).toList()));
    }
    // A writer that opened the file just before a rotation may push it a line past the limit.
    assertTrue(Files.size(log.file()) < 4096 + 4 * 200, "live log stays near the limit");
    for (Path p : List.of(log.file(), log.rotated())) {
      for (String line : Files.readAllLines(p)) {
        assertTrue(LogEntry.parse(line).isPresent(), "torn line in " + p + ": " + line);
      }
    }
    assertEquals(
        Files.readAllLines(log.file()).size() + Files.readAllLines(log.rotated()).size(),
        log.entries().size());
  }
}
