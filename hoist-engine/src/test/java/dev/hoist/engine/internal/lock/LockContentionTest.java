package dev.hoist.engine.internal.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual exclusion under contention, with real JVMs racing through a critical section (see {@link
 * LockHolderMain} {@code loop}) while some are killed with SIGKILL inside it; and the proof that
 * the overlap checker does catch overlaps, using a deliberately broken lock.
 */
class LockContentionTest {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private final List<ChildJvm> children = new ArrayList<>();
  private final List<ChildJvm> killed = new ArrayList<>();

  @AfterEach
  void killAll() {
    children.forEach(ChildJvm::close);
  }

  private Path shared() throws IOException {
    return Files.createDirectories(tmp.resolve("shared"));
  }

  private void startLoops(int n, String variant, long holdMillis) throws Exception {
    for (int i = 0; i < n; i++) {
      children.add(
          ChildJvm.start(
              tmp.resolve("logs"),
              "loop",
              tmp.resolve("state").toString(),
              shared().toString(),
              variant,
              Long.toString(holdMillis)));
    }
    for (ChildJvm c : children) {
      c.awaitLine("READY", STARTUP);
    }
  }

  private List<String> violations() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> s = Files.list(shared())) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("violation-")).toList()) {
        found.add(Files.readString(p).trim());
      }
    }
    return found;
  }

  /** Stops the loops and returns the acquisitions of the children that were not killed. */
  private int stopAndCount() throws Exception {
    Files.createFile(shared().resolve("stop"));
    int total = 0;
    for (ChildJvm c : children) {
      if (!killed.contains(c)) {
        String done = c.awaitLine("DONE", STARTUP);
        total += Integer.parseInt(done.split(" ")[2]);
        assertEquals(0, c.awaitExit(STARTUP), c.stderr());
      }
    }
    return total;
  }

  @Test
  void eightProcessesWithSigkillsInsideTheCriticalSection_neverOverlap() throws Exception {
    startLoops(8, "real", 5);
    Map<Long, ChildJvm> byPid = new HashMap<>();
    children.forEach(c -> byPid.put(c.pid(), c));
    Random random = new Random();
    int kills = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    // Kill three holders while they are inside, at random moments of their critical section.
    while (kills < 3 && System.nanoTime() < deadline) {
      ChildJvm inside = someoneInside(byPid);
      if (inside == null || random.nextInt(4) != 0) {
        Thread.sleep(1); // bounded polling for a holder to kill
        continue;
      }
      inside.kill();
      killed.add(inside);
      byPid.remove(inside.pid());
      kills++;
    }
    // Let the survivors go on taking the lock after the last kill.
    Thread.sleep(1_000);

    int acquisitions = stopAndCount();
    System.err.printf(
        "contention: %d acquisitions by survivors, %d kills inside%n", acquisitions, kills);

    assertEquals(3, kills, "killed three holders inside the critical section");
    assertEquals(List.of(), violations());
    assertTrue(acquisitions >= 20, "survivors kept acquiring: " + acquisitions);
  }

  private ChildJvm someoneInside(Map<Long, ChildJvm> byPid) throws IOException {
    try (DirectoryStream<Path> markers = Files.newDirectoryStream(shared(), "inside-*")) {
      for (Path m : markers) {
        ChildJvm c = byPid.get(Long.parseLong(m.getFileName().toString().substring(7)));
        if (c != null && c.isAlive()) {
          return c;
        }
      }
    }
    return null;
  }

  @Test
  void brokenLock_overlapsAreDetected() throws Exception {
    startLoops(3, "naive", 150);
    // The naive lock's pause hook makes the first two contenders enter together.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (violations().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5); // bounded polling for the checker's verdict
    }

    stopAndCount();

    assertTrue(!violations().isEmpty(), "the checker must catch the naive lock's overlaps");
  }
}
