package dev.hoist.engine.internal.lock;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The update lock of DESIGN §3: at most one process at a time may change an installation, and a
 * holder that dies (even by SIGKILL) frees it at once.
 *
 * <p>The lock is {@code <stateDir>/update.lock}, a file holding one JSON {@link LockRecord}, and an
 * OS advisory lock on it ({@link FileChannel#tryLock}, fcntl on Linux) that the kernel drops the
 * instant the holder dies. Liveness comes from that lock, never from the record; the record is for
 * messages. How acquisition publishes the file and proves it removes only the file it locked is
 * described in {@link Acquirer}. While holding, the lock file is never opened again (closing any
 * other descriptor of it would silently drop the fcntl lock); ownership is re-checked with {@link
 * #verifyOwnership()} by comparing the path's file key with the one taken at acquisition.
 *
 * <p><b>Within one JVM.</b> The kernel would let a second lock attempt from this process through,
 * so this JVM keeps a registry of the lock directories it holds ({@link JvmRegistry}, keyed by the
 * directory's file key): a second {@code tryAcquire} while this JVM holds the lock reports {@link
 * Held} with the holder's record, and {@link #holder} answers from memory. All work on one lock
 * directory in this JVM is serialised, so no thread ever opens a lock file this JVM holds.
 *
 * <p><b>Fallback without OS locks</b> (some network file systems answer ENOLCK or ENOSYS): a holder
 * is judged from its record — stale only when it was written on this host during this boot and its
 * process is gone or started at another time ({@link ProcessIdentity#judgesStale}). A lock from
 * another host, or from a previous boot of this host, is never reclaimed automatically and has to
 * be removed by hand. Residual risk: judging and removing are two steps, so two processes that
 * judge the same stale file at the same instant can both proceed; the loser's file is usually moved
 * back, and otherwise its {@link #verifyOwnership()} fails before an irreversible step, but a
 * window remains. On Linux local file systems the fallback is never used.
 *
 * <p><b>On disk.</b> A holder that is killed leaves {@code update.lock} (reclaimed by the next
 * attempt), and a process killed mid-acquire may leave {@code update.lock.<nonce>.tmp}, or in the
 * fallback {@code update.lock.<nonce>.stale}, which {@link #sweepOrphans()} removes. Failed
 * attempts leave nothing but the state directory they created.
 *
 * <p>Instances are thread-safe; {@link #close()} from a shutdown hook must not run while another
 * thread may still be mid-swap (DESIGN §3).
 *
 * <p>Why one class: acquire, hold, verify and release are one protocol over one file and one OS
 * lock; every method must keep the same invariant (never reopen the lock file while holding it).
 */
public final class UpdateLock implements AutoCloseable {

  /** The outcome of an attempt to take the lock. */
  public sealed interface Attempt permits Acquired, Held {}

  /** The lock is ours until {@link UpdateLock#close()}. */
  public record Acquired(UpdateLock lock) implements Attempt {}

  /**
   * The lock is held by a live process; holder is its record when readable (may be empty if
   * half-written).
   */
  public record Held(Optional<LockRecord> holder) implements Attempt {}

  private static final long MIN_PAUSE_MILLIS = 50;
  private static final long MAX_PAUSE_MILLIS = 250;

  private final Path dir;
  private final Path lockPath;
  private final FileChannel channel;
  private final FileLock osLock; // null in the fallback
  private final Object key;
  private final LockRecord record;
  private final JvmRegistry.Slot slot;
  private final OsLocks locks;
  private boolean closed; // guarded by slot.busy

  UpdateLock(
      Path dir,
      Path lockPath,
      FileChannel channel,
      FileLock osLock,
      Object key,
      LockRecord record,
      JvmRegistry.Slot slot,
      OsLocks locks) {
    this.dir = dir;
    this.lockPath = lockPath;
    this.channel = channel;
    this.osLock = osLock;
    this.key = key;
    this.record = record;
    this.slot = slot;
    this.locks = locks;
  }

  /**
   * Non-blocking acquire of {@code stateDir/update.lock}. Creates {@code stateDir} (0700) if
   * missing; refuses (UpdateException LOCK_FAILED) a {@code stateDir} that is a symlink, not owned
   * by the current user, or writable by group/others.
   *
   * @param from the version being updated from, for the record
   * @param to the version being updated to, for the record
   * @param clock stamps {@link LockRecord#acquiredAt()}
   * @throws UpdateException LOCK_FAILED when the directory is refused, the lock path is a symlink
   *     or not a regular file, or on an I/O error
   */
  public static Attempt tryAcquire(Path stateDir, String from, String to, Clock clock)
      throws UpdateException {
    return tryAcquire(stateDir, from, to, clock, OsLocks.FCNTL);
  }

  static Attempt tryAcquire(Path stateDir, String from, String to, Clock clock, OsLocks locks)
      throws UpdateException {
    return tryAcquire(stateDir, from, to, clock, locks, () -> {});
  }

  /**
   * {@link #tryAcquire}, with a test's hook into the reclaim race window (see {@link Acquirer}).
   */
  static Attempt tryAcquire(
      Path stateDir,
      String from,
      String to,
      Clock clock,
      OsLocks locks,
      Runnable afterWinningStaleFile)
      throws UpdateException {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(clock, "clock");
    JvmRegistry.Slot slot = JvmRegistry.slot(StateDirectory.prepare(stateDir));
    slot.busy.lock();
    try {
      if (slot.holder != null) {
        return new Held(Optional.of(slot.holder.record));
      }
      Attempt attempt =
          new Acquirer(stateDir, slot, locks, from, to, clock, afterWinningStaleFile).run();
      if (attempt instanceof Acquired acquired) {
        slot.holder = acquired.lock();
      }
      return attempt;
    } finally {
      slot.busy.unlock();
    }
  }

  /**
   * Blocks up to {@code timeout} polling {@link #tryAcquire} (pausing 50–250 ms between attempts,
   * measured on the monotonic clock, not on {@code clock}); returns Held if still held at the
   * deadline. A zero or negative timeout makes one attempt.
   *
   * @throws UpdateException as {@link #tryAcquire}, or INTERRUPTED when the thread is interrupted
   *     while waiting (its interrupt status is kept)
   */
  public static Attempt acquire(
      Path stateDir, String from, String to, Clock clock, Duration timeout) throws UpdateException {
    return acquire(stateDir, from, to, clock, timeout, OsLocks.FCNTL, held -> {});
  }

  /** {@link #acquire}, telling {@code onHeld} about every attempt that found the lock held. */
  static Attempt acquire(
      Path stateDir,
      String from,
      String to,
      Clock clock,
      Duration timeout,
      OsLocks locks,
      Consumer<Held> onHeld)
      throws UpdateException {
    long budget = timeout.isNegative() ? 0 : saturatedNanos(timeout);
    long start = System.nanoTime();
    long pause = MIN_PAUSE_MILLIS;
    while (true) {
      Attempt attempt = tryAcquire(stateDir, from, to, clock, locks);
      if (attempt instanceof Held held) {
        onHeld.accept(held);
        long remaining = budget - (System.nanoTime() - start);
        if (remaining <= 0) {
          return held;
        }
        long jittered = pause - ThreadLocalRandom.current().nextLong(pause / 5 + 1);
        long millis = Math.max(1, Math.min(jittered, Duration.ofNanos(remaining).toMillis() + 1));
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UpdateException(
              Reason.INTERRUPTED, "interrupted while waiting for the update lock", e);
        }
        pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
      } else {
        return attempt;
      }
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return Math.min(d.toNanos(), Long.MAX_VALUE / 4);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  /**
   * The live holder's record, if a live process holds the lock (for {@code hoist status}); empty if
   * free, stale, unreadable, or if {@code stateDir} is missing or a symlink. Never deletes or
   * creates anything, and never disturbs a live holder.
   *
   * <p>It tests liveness by taking a shared OS lock for an instant; an acquirer of another process
   * that looks in that instant reports Held and skips, as it would for a real holder.
   */
  public static Optional<LockRecord> holder(Path stateDir) {
    return holder(stateDir, OsLocks.FCNTL);
  }

  static Optional<LockRecord> holder(Path stateDir, OsLocks locks) {
    Object dirKey;
    try {
      BasicFileAttributes a =
          Files.readAttributes(stateDir, BasicFileAttributes.class, NOFOLLOW_LINKS);
      if (!a.isDirectory() || a.fileKey() == null) {
        return Optional.empty();
      }
      dirKey = a.fileKey();
    } catch (IOException e) {
      return Optional.empty();
    }
    JvmRegistry.Slot slot = JvmRegistry.slot(dirKey);
    slot.busy.lock();
    try {
      if (slot.holder != null) {
        return Optional.of(slot.holder.record);
      }
      Path lockPath = stateDir.resolve(Acquirer.LOCK_NAME);
      if (!Files.isRegularFile(lockPath, NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      try (FileChannel ch = FileChannel.open(lockPath, READ, NOFOLLOW_LINKS)) {
        FileLock probe;
        try {
          probe = locks.tryLock(ch, true);
        } catch (LocksUnavailableException e) {
          return RecordCodec.read(ch).filter(r -> !ProcessIdentity.self().judgesStale(r));
        } catch (OverlappingFileLockException e) {
          return RecordCodec.read(ch); // locked elsewhere in this JVM, outside this class
        }
        if (probe == null) {
          return RecordCodec.read(ch);
        }
        probe.release();
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty(); // vanished or unreadable: nobody we can name holds it
    } finally {
      slot.busy.unlock();
    }
  }

  /**
   * Throws UpdateException(LOCK_FAILED) unless the lock path still names the very file we locked
   * and our OS lock is valid. Called before each irreversible step. Touches nothing on disk.
   */
  public void verifyOwnership() throws UpdateException {
    slot.busy.lock();
    try {
      if (closed) {
        throw lost("it was released");
      }
      if (osLock != null && !osLock.isValid()) {
        throw lost("its OS lock is no longer valid");
      }
      Object now;
      try {
        now = Acquirer.fileKey(lockPath);
      } catch (NoSuchFileException e) {
        throw lost("the lock file was removed");
      } catch (IOException e) {
        throw lost("cannot check the lock file: " + e.getMessage());
      }
      if (!key.equals(now)) {
        throw lost("the lock file was replaced by another");
      }
    } finally {
      slot.busy.unlock();
    }
  }

  private UpdateException lost(String why) {
    return new UpdateException(
        Reason.LOCK_FAILED, "no longer holding the update lock " + lockPath + ": " + why);
  }

  /** The record this holder wrote. */
  public LockRecord record() {
    return record;
  }

  /**
   * Removes leftover temp files of processes killed mid-acquire (only callable while holding). A
   * leftover is removed when its OS lock can be taken (its creator is dead), or in the fallback
   * when its record is judged stale; leftovers without a readable record are kept in the fallback.
   *
   * @throws IllegalStateException when this lock was released
   * @throws IOException when the state directory cannot be listed or a leftover cannot be deleted
   */
  public void sweepOrphans() throws IOException {
    slot.busy.lock();
    try {
      if (closed) {
        throw new IllegalStateException("sweepOrphans needs the update lock, which was released");
      }
      try (DirectoryStream<Path> entries =
          Files.newDirectoryStream(dir, Acquirer.SIDE_PREFIX + "*")) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (name.endsWith(Acquirer.TEMP_SUFFIX) || name.endsWith(Acquirer.STALE_SUFFIX)) {
            sweep(entry);
          }
        }
      }
    } finally {
      slot.busy.unlock();
    }
  }

  private void sweep(Path leftover) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(leftover, BasicFileAttributes.class, NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    }
    if (!a.isRegularFile() || key.equals(a.fileKey())) {
      return; // not ours to judge, or a second name of our own lock file: never open that
    }
    try (FileChannel ch = FileChannel.open(leftover, READ, WRITE, NOFOLLOW_LINKS)) {
      FileLock won;
      try {
        won = locks.tryLock(ch, false);
      } catch (LocksUnavailableException e) {
        Optional<LockRecord> r = RecordCodec.read(ch);
        if (r.isPresent() && ProcessIdentity.self().judgesStale(r.get())) {
          Files.deleteIfExists(leftover);
        }
        return;
      } catch (OverlappingFileLockException e) {
        return; // locked by this JVM: cannot be a leftover
      }
      if (won != null) {
        // Its creator is dead. The random name is never created again, so the name still
        // names this file, or nothing.
        Files.deleteIfExists(leftover);
      }
    } catch (NoSuchFileException e) {
      // Its creator finished with it meanwhile.
    }
  }

  /**
   * Releases: removes the file only if the path still names our file, then closes the channel
   * (which drops the OS lock). Idempotent; never throws. A file that cannot be removed is left for
   * the next attempt, which reclaims it at once since nobody holds its lock.
   */
  @Override
  public void close() {
    slot.busy.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (slot.holder == this) {
        slot.holder = null;
      }
      // Still holding the OS lock here, so nobody else can have replaced our file at the path.
      Acquirer.removeIfNamed(lockPath, key);
      try {
        channel.close();
      } catch (IOException e) {
        // The descriptor is released, and with it the OS lock, even when close reports an error.
      }
    } finally {
      slot.busy.unlock();
    }
  }

  @Override
  public String toString() {
    return "UpdateLock[" + lockPath + ", pid=" + record.pid() + ", nonce=" + record.nonce() + "]";
  }
}
