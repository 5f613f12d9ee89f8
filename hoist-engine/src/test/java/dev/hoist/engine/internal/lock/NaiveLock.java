package dev.hoist.engine.internal.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A deliberately broken lock for proving the overlap checker works: it decides staleness from the
 * recorded PID alone and takes no OS lock (check, then create). A pause hook widens its race
 * window: the first time each process finds the lock free, it waits (bounded) until another process
 * has found it free too, so two of them always enter together.
 */
final class NaiveLock implements AutoCloseable {
  private final Path file;

  private NaiveLock(Path file) {
    this.file = file;
  }

  /** The lock, or null when the recorded PID is alive. */
  static NaiveLock tryAcquire(Path stateDir, Path shared) throws IOException, InterruptedException {
    Path file = Files.createDirectories(stateDir).resolve("naive.lock");
    if (Files.exists(file)) {
      long pid;
      try {
        pid = Long.parseLong(Files.readString(file).trim());
      } catch (NumberFormatException | IOException e) {
        pid = -1;
      }
      if (ProcessIdentity.startOf(pid).isPresent()) {
        return null;
      }
      Files.deleteIfExists(file); // "stale", judged from the record alone
    }
    pauseInRaceWindow(shared);
    Files.writeString(file, Long.toString(ProcessHandle.current().pid()));
    return new NaiveLock(file);
  }

  private static void pauseInRaceWindow(Path shared) throws IOException, InterruptedException {
    Path mine = shared.resolve("naive-window-" + ProcessHandle.current().pid());
    if (Files.exists(mine)) {
      return;
    }
    Files.createFile(mine);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (var entries = Files.newDirectoryStream(shared, "naive-window-*")) {
        int n = 0;
        for (Path ignored : entries) {
          n++;
        }
        if (n >= 2) {
          return;
        }
      }
      Thread.sleep(5);
    }
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}
