package dev.hoist.engine.internal.lock;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * One non-blocking attempt to take the update lock (DESIGN §3), run by one thread while it holds
 * the directory's {@link JvmRegistry.Slot#busy}. Not thread-safe; used once.
 *
 * <p><b>Acquire.</b> The record is first written to a private temp file {@code
 * update.lock.<nonce>.tmp} (O_EXCL, 0600), which is OS-locked and fsync'd, and only then published
 * at {@code update.lock} with {@link Files#createLink} — link(2), which never replaces anything. So
 * the lock file is never visible unlocked or without a complete record, and nobody can mistake a
 * lock being born for a stale one.
 *
 * <p><b>Why the identity check is sound.</b> Java cannot fstat a channel, so the file key of the
 * file we locked is taken from the temp path: after our {@code tryLock} on the temp succeeds, we
 * stat the temp path. That path can name only our file or nothing: the random name is created by us
 * alone, and the only other process that ever touches it is a sweeper, which deletes it only after
 * winning its OS lock — impossible from the moment we hold it. (If a sweeper deleted it before we
 * locked, the stat fails and we start over.) The link then publishes exactly that file, and since
 * we hold its lock, no process that obeys the protocol can remove it while we live. We stat {@code
 * update.lock} once more after publishing and compare keys, which only matters in the fallback
 * without OS locks.
 *
 * <p><b>Contended.</b> {@code update.lock} exists: open it without following links and try its OS
 * lock. Held: the holder is alive, report it. Won: the holder is dead. Before deleting, confirm the
 * path still names the file we locked: open the path once more and try a shared lock on that
 * descriptor. The JDK keeps one table of this JVM's locks keyed by (device, inode) of the open
 * file, so {@link OverlappingFileLockException} proves the path names the file we hold locked;
 * since we hold that lock, nobody can remove or replace it before our unlink. (A lock won, or
 * refused, on the second descriptor means the path names another file: we leave it alone and look
 * again.)
 *
 * <p><b>Fallback.</b> Where the file system has no OS locks, staleness comes from the record
 * ({@link ProcessIdentity#judgesStale}) and a stale file is moved aside by rename before it is
 * deleted, and put back if the moved file is not the one judged. See {@link UpdateLock} for the
 * residual risk.
 *
 * <p>On failure, the temp file is deleted; a process killed mid-attempt leaves a temp file (or, in
 * the fallback, a {@code .stale} file) that the next holder sweeps.
 *
 * <p>Why one class: the acquire and reclaim branches are one proof (see above); each step's
 * correctness depends on the state the previous step left, so they stay side by side.
 */
final class Acquirer {
  static final String LOCK_NAME = "update.lock";
  static final String SIDE_PREFIX = LOCK_NAME + ".";
  static final String TEMP_SUFFIX = ".tmp";
  static final String STALE_SUFFIX = ".stale";

  /** Each attempt either finds a live holder, publishes, or saw something change: bound them. */
  static final int MAX_ROUNDS = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final Path lockPath;
  private final JvmRegistry.Slot slot;
  private final OsLocks locks;
  private final String from;
  private final String to;
  private final Clock clock;
  private final Runnable afterWinningStaleFile;
  private final ProcessIdentity me = ProcessIdentity.self();
  private Prepared prepared;

  /**
   * @param afterWinningStaleFile runs after winning the OS lock of an existing (dead holder's) lock
   *     file and before checking that the path still names it: a test's hook into the race window
   */
  Acquirer(
      Path dir,
      JvmRegistry.Slot slot,
      OsLocks locks,
      String from,
      String to,
      Clock clock,
      Runnable afterWinningStaleFile) {
    this.afterWinningStaleFile = afterWinningStaleFile;
    this.dir = dir;
    this.lockPath = dir.resolve(LOCK_NAME);
    this.slot = slot;
    this.locks = locks;
    this.from = from;
    this.to = to;
    this.clock = clock;
  }

  /** What a look at an existing lock file found. */
  private enum Kind {
    ABSENT,
    HELD,
    CHANGED
  }

  private record Seen(Kind kind, Optional<LockRecord> holder) {
    static final Seen ABSENT = new Seen(Kind.ABSENT, Optional.empty());
    static final Seen CHANGED = new Seen(Kind.CHANGED, Optional.empty());

    static Seen held(Optional<LockRecord> holder) {
      return new Seen(Kind.HELD, holder);
    }
  }

  /** A locked, complete, not yet published lock file. */
  private record Prepared(
      Path temp, FileChannel channel, FileLock osLock, Object key, LockRecord r) {
    void discard() {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // Left behind, unlocked once closed: the next holder's sweep removes it.
      }
      try {
        channel.close();
      } catch (IOException e) {
        // Closing releases the OS lock even when close reports an error.
      }
    }
  }

  UpdateLock.Attempt run() throws UpdateException {
    try {
      for (int round = 0; round < MAX_ROUNDS; round++) {
        Seen seen = inspect();
        if (seen.kind() == Kind.HELD) {
          return new UpdateLock.Held(seen.holder());
        }
        if (seen.kind() == Kind.CHANGED) {
          continue;
        }
        if (prepared == null) {
          prepared = prepare();
        }
        UpdateLock lock = publish();
        if (lock != null) {
          return new UpdateLock.Acquired(lock);
        }
      }
      throw new UpdateException(
          Reason.LOCK_FAILED,
          "could not take the update lock "
              + lockPath
              + ": it changed hands "
              + MAX_ROUNDS
              + " times while we tried");
    } catch (IOException e) {
      throw new UpdateException(
          Reason.LOCK_FAILED, "cannot take the update lock " + lockPath + ": " + e, e);
    } finally {
      if (prepared != null) {
        prepared.discard();
      }
    }
  }

  /** Looks at an existing lock file; reclaims it when its holder is dead. */
  private Seen inspect() throws IOException, UpdateException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(lockPath, BasicFileAttributes.class, NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Seen.ABSENT;
    }
    requireRegularFile(lockPath, attrs);
    FileChannel channel;
    try {
      channel = FileChannel.open(lockPath, READ, WRITE, NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Seen.CHANGED;
    } catch (IOException e) {
      // O_NOFOLLOW refuses a symlink swapped in since the stat: report that, not ELOOP (which the
      // JDK throws as a plain IOException, not as a FileSystemException).
      requireRegularFile(
          lockPath, Files.readAttributes(lockPath, BasicFileAttributes.class, NOFOLLOW_LINKS));
      throw e;
    }
    try (channel) {
      FileLock won;
      try {
        won = locks.tryLock(channel, false);
      } catch (LocksUnavailableException e) {
        return inspectByRecord(channel, attrs.fileKey());
      } catch (OverlappingFileLockException e) {
        // Another part of this JVM locked the file outside this class (the registry prevents it
        // for UpdateLock itself); closing our descriptor unavoidably drops that lock.
        return Seen.held(Optional.empty());
      }
      if (won == null) {
        return Seen.held(RecordCodec.readLive(channel));
      }
      // We won the OS lock: its holder is dead. Closing the channel releases our lock.
      afterWinningStaleFile.run();
      return removeIfStillNamed();
    }
  }

  /** Called while holding the OS lock on the file we opened at {@link #lockPath}. */
  private Seen removeIfStillNamed() throws IOException {
    FileChannel probe;
    try {
      probe = FileChannel.open(lockPath, READ, NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Seen.CHANGED;
    } catch (IOException e) {
      // A symlink appeared (the JDK reports O_NOFOLLOW's ELOOP as a plain IOException): the next
      // look refuses it, or meets any other error again.
      return Seen.CHANGED;
    }
    try (probe) {
      FileLock other;
      try {
        other = probe.tryLock(0, Long.MAX_VALUE, true);
      } catch (OverlappingFileLockException sameFile) {
        // The path names the file we hold locked, and nobody can change that while we hold it.
        Files.delete(lockPath);
        return Seen.CHANGED;
      }
      if (other == null) {
        return Seen.held(RecordCodec.readLive(probe)); // a live newcomer published meanwhile
      }
      other.release();
      return Seen.CHANGED; // another file, not locked: the next look decides about it
    }
  }

  /** The fallback: judge the holder from its record. */
  private Seen inspectByRecord(FileChannel channel, Object keySeen) throws IOException {
    Optional<LockRecord> record = RecordCodec.read(channel);
    if (record.isPresent() && !me.judgesStale(record.get())) {
      return Seen.held(record);
    }
    // Stale, or no record at all (the protocol never publishes a file without one).
    Object keyNow;
    try {
      keyNow = fileKey(lockPath);
    } catch (NoSuchFileException e) {
      return Seen.CHANGED;
    }
    if (!keyNow.equals(keySeen)) {
      return Seen.CHANGED;
    }
    Path grave = dir.resolve(SIDE_PREFIX + nonce() + STALE_SUFFIX);
    try {
      Files.move(lockPath, grave, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return Seen.CHANGED;
    }
    if (!fileKey(grave).equals(keySeen)) {
      // We moved aside a lock taken since we looked: put it back unless another took its place
      // (then its holder's verifyOwnership fails before anything irreversible).
      try {
        Files.createLink(lockPath, grave);
      } catch (FileAlreadyExistsException e) {
        // see above
      }
    }
    Files.delete(grave);
    return Seen.CHANGED;
  }

  /** Makes the private, locked, complete lock file; decides whether OS locks work here. */
  private Prepared prepare() throws IOException {
    for (int tries = 0; tries < 4; tries++) {
      String nonce = nonce();
      Path temp = dir.resolve(SIDE_PREFIX + nonce + TEMP_SUFFIX);
      FileChannel channel =
          FileChannel.open(
              temp,
              Set.of(CREATE_NEW, READ, WRITE),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      boolean keep = false;
      try {
        FileLock osLock;
        try {
          osLock = locks.tryLock(channel, false);
          if (osLock == null) {
            continue; // a sweeper holds it and will delete it
          }
        } catch (LocksUnavailableException e) {
          osLock = null;
        }
        Object key;
        try {
          key = fileKey(temp);
        } catch (NoSuchFileException e) {
          continue; // swept before we locked it
        }
        LockRecord record =
            new LockRecord(
                me.pid(),
                me.startTicks(),
                me.bootId(),
                me.host(),
                nonce,
                from,
                to,
                clock.instant());
        RecordCodec.write(channel, RecordCodec.encode(record));
        channel.force(true);
        keep = true;
        return new Prepared(temp, channel, osLock, key, record);
      } finally {
        if (!keep) {
          channel.close();
        }
      }
    }
    throw new IOException("could not create a private temp file in " + dir);
  }

  /** Publishes {@link #prepared}; null when the lock path is taken. */
  private UpdateLock publish() throws IOException {
    Prepared p = prepared;
    try {
      Files.createLink(lockPath, p.temp());
    } catch (FileAlreadyExistsException e) {
      return null;
    } catch (UnsupportedOperationException e) {
      throw new IOException("the file system does not support hard links", e);
    }
    prepared = null;
    boolean ours = false;
    try {
      Files.delete(p.temp());
      // Always true with OS locks (see the class comment); a fallback race can make it false.
      ours = p.key().equals(fileKey(lockPath));
    } catch (NoSuchFileException e) {
      ours = false;
    } finally {
      if (!ours) {
        removeIfNamed(lockPath, p.key());
        p.discard();
      }
    }
    return ours
        ? new UpdateLock(dir, lockPath, p.channel(), p.osLock(), p.key(), p.r(), slot, locks)
        : null;
  }

  static void removeIfNamed(Path path, Object key) {
    try {
      if (key.equals(fileKey(path))) {
        Files.delete(path);
      }
    } catch (IOException e) {
      // Gone already, or undeletable: a stale file is reclaimed by the next run.
    }
  }

  static Object fileKey(Path path) throws IOException {
    Object key = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS).fileKey();
    if (key == null) {
      throw new IOException("the file system reports no file identity for " + path);
    }
    return key;
  }

  static void requireRegularFile(Path path, BasicFileAttributes attrs) throws UpdateException {
    if (!attrs.isRegularFile()) {
      throw new UpdateException(
          Reason.LOCK_FAILED,
          "the update lock "
              + path
              + " is "
              + (attrs.isSymbolicLink() ? "a symbolic link" : "not a regular file")
              + "; refusing to follow or remove it. Remove it by hand if no update is running");
    }
  }

  static String nonce() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
