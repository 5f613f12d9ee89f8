package dev.hoist.engine.internal.lock;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;

/**
 * How the update lock asks the operating system for an advisory lock on a whole file. A seam, so
 * that tests can run the record-only fallback ({@link #NONE}) on a file system that does lock.
 * Implementations are stateless and thread-safe.
 */
interface OsLocks {

  /**
   * Tries to lock the whole file without blocking.
   *
   * @return the lock, or {@code null} when another process holds a conflicting lock
   * @throws LocksUnavailableException when the file system offers no OS locks
   * @throws OverlappingFileLockException when this JVM already holds a lock on the same file
   * @throws IOException on other I/O errors
   */
  FileLock tryLock(FileChannel channel, boolean shared) throws IOException;

  /** {@link FileChannel#tryLock}: an fcntl {@code F_SETLK} lock on Linux. */
  OsLocks FCNTL =
      (channel, shared) -> {
        try {
          return channel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (UnsupportedOperationException e) {
          throw new LocksUnavailableException("file locking is not supported", e);
        } catch (IOException e) {
          if (LocksUnavailableException.meansUnsupported(e)) {
            throw new LocksUnavailableException(e.getMessage(), e);
          }
          throw e;
        }
      };

  /** A file system without OS locks: every call reports them unavailable. */
  OsLocks NONE =
      (channel, shared) -> {
        throw new LocksUnavailableException("OS locks disabled", null);
      };
}
