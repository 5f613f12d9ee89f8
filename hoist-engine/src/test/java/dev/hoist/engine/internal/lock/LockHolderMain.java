package dev.hoist.engine.internal.lock;

import dev.hoist.engine.internal.failure.UpdateException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A child process for the lock tests. Modes (stdout lines are the protocol with the test):
 *
 * <ul>
 *   <li>{@code hold STATE_DIR [fallback]}: tryAcquire; prints {@code ACQUIRED <pid>} and holds
 *       until stdin closes, then releases and prints {@code RELEASED}; or prints {@code HELD
 *       <holder pid or ?>}; or {@code ERROR <reason> <message>}.
 *   <li>{@code pin FILE}: creates FILE, locks it as an acquirer mid-acquire would, prints {@code
 *       PINNED} and waits for stdin to close.
 *   <li>{@code loop STATE_DIR SHARED_DIR real|naive HOLD_MILLIS}: critical-section loop until
 *       {@code SHARED_DIR/stop} exists (or 30 s). Inside, it creates {@code inside-<pid>}, checks
 *       for other processes inside on entry and before leaving, and records each overlap as a file
 *       {@code violation-*}. Prints {@code READY}, then {@code DONE <pid> <acquisitions>}.
 * </ul>
 */
final class LockHolderMain {
  private static final long PID = ProcessHandle.current().pid();

  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "hold" ->
          hold(
              Path.of(args[1]),
              args.length > 2 && args[2].equals("fallback") ? OsLocks.NONE : OsLocks.FCNTL);
      case "pin" -> pin(Path.of(args[1]));
      case "loop" -> loop(Path.of(args[1]), Path.of(args[2]), args[3], Long.parseLong(args[4]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private static void hold(Path stateDir, OsLocks locks) throws IOException {
    UpdateLock.Attempt attempt;
    try {
      attempt = UpdateLock.tryAcquire(stateDir, "1.0.0", "1.1.0", Clock.systemUTC(), locks);
    } catch (UpdateException e) {
      say("ERROR " + e.reason() + " " + e.getMessage());
      return;
    }
    if (attempt instanceof UpdateLock.Acquired acquired) {
      say("ACQUIRED " + PID);
      while (System.in.read() != -1) {
        // hold until the test closes our stdin
      }
      acquired.lock().close();
      say("RELEASED");
    } else {
      UpdateLock.Held held = (UpdateLock.Held) attempt;
      say("HELD " + held.holder().map(r -> Long.toString(r.pid())).orElse("?"));
    }
  }

  private static void pin(Path file) throws IOException {
    try (FileChannel ch =
            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      say("PINNED " + lock.isValid());
      while (System.in.read() != -1) {
        // hold until the test closes our stdin
      }
    }
  }

  private static void loop(Path stateDir, Path shared, String variant, long holdMillis)
      throws Exception {
    say("READY");
    Path stop = shared.resolve("stop");
    Path mine = shared.resolve("inside-" + PID);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int acquisitions = 0;
    while (!Files.exists(stop) && System.nanoTime() < deadline) {
      AutoCloseable lock = tryLock(variant, stateDir, shared);
      if (lock == null) {
        Thread.sleep(ThreadLocalRandom.current().nextLong(1, 4)); // back off, then try again
        continue;
      }
      try (lock) {
        Files.createFile(mine);
        checkOthers(shared, "on entry");
        Thread.sleep(holdMillis); // the critical section's work
        checkOthers(shared, "before leaving");
        Files.delete(mine);
      }
      acquisitions++;
    }
    say("DONE " + PID + " " + acquisitions);
  }

  private static AutoCloseable tryLock(String variant, Path stateDir, Path shared)
      throws Exception {
    switch (variant) {
      case "real":
        UpdateLock.Attempt a = UpdateLock.tryAcquire(stateDir, "1.0.0", "1.1.0", Clock.systemUTC());
        return a instanceof UpdateLock.Acquired acquired ? acquired.lock() : null;
      case "naive":
        return NaiveLock.tryAcquire(stateDir, shared);
      default:
        throw new IllegalArgumentException(variant);
    }
  }

  /** Records an overlap for every other process found inside the critical section. */
  private static void checkOthers(Path shared, String phase) throws Exception {
    try (DirectoryStream<Path> markers = Files.newDirectoryStream(shared, "inside-*")) {
      for (Path marker : markers) {
        long pid = Long.parseLong(marker.getFileName().toString().substring("inside-".length()));
        if (pid != PID && overlaps(marker, pid)) {
          try {
            Files.writeString(
                shared.resolve("violation-" + PID + "-" + System.nanoTime()),
                PID + " " + phase + " found " + pid + " inside\n",
                StandardOpenOption.CREATE_NEW);
          } catch (FileAlreadyExistsException e) {
            // the same instant twice: one record is enough
          }
        }
      }
    }
  }

  /**
   * Whether the process owning {@code marker} is really inside with us. A holder killed by SIGKILL
   * leaves its marker; its OS lock is released only as it exits, so once we hold the lock it can
   * run no more code and soon shows as a zombie or gone. A live process instead either stays inside
   * or leaves (deletes its marker) while alive: both are overlaps.
   */
  private static boolean overlaps(Path marker, long pid) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (true) {
      if (ProcessIdentity.startOf(pid).isEmpty()) {
        Files.deleteIfExists(marker); // a killed holder's leftover
        return false;
      }
      if (!Files.exists(marker) || System.nanoTime() > deadline) {
        return true;
      }
      Thread.sleep(1);
    }
  }
}
