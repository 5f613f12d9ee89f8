package dev.hoist.engine.internal.lock;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.io.PrivateDirectory;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The directory that holds the lock: created private (0700) when missing, and refused when it is a
 * symlink, not a directory, not owned by this process's user, or writable by group or others
 * (anyone who can write there could plant or remove the lock). Thread-safe.
 */
final class StateDirectory {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private StateDirectory() {}

  /**
   * Creates {@code dir} if missing and checks it.
   *
   * @return the directory's file key: the identity under which this JVM tracks the lock in it
   * @throws UpdateException LOCK_FAILED when the directory is unsafe or cannot be created; a
   *     directory created before the failure is left on disk
   */
  static Object prepare(Path dir) throws UpdateException {
    try {
      // A symlink, or whatever someone made meanwhile, is left for the checks below to judge.
      if (!Files.exists(dir, NOFOLLOW)) {
        try {
          PrivateDirectory.create(dir);
        } catch (FileAlreadyExistsException e) {
          // Not a directory: refused below.
        }
      }
      return check(dir);
    } catch (IOException e) {
      throw refuse(dir, "cannot use it: " + e.getMessage(), e);
    }
  }

  /** Checks an existing directory; see {@link #prepare}. */
  static Object check(Path dir) throws UpdateException, IOException {
    BasicFileAttributes basic = Files.readAttributes(dir, BasicFileAttributes.class, NOFOLLOW);
    if (basic.isSymbolicLink()) {
      throw refuse(dir, "it is a symbolic link", null);
    }
    if (!basic.isDirectory()) {
      throw refuse(dir, "it is not a directory", null);
    }
    PosixFileAttributes posix;
    try {
      posix = Files.readAttributes(dir, PosixFileAttributes.class, NOFOLLOW);
    } catch (UnsupportedOperationException e) {
      return key(basic); // no POSIX owner or modes on this file system (Windows): nothing to check
    }
    Object owner = Files.getAttribute(dir, "unix:uid", NOFOLLOW);
    if (!owner.equals(CurrentUser.UID)) {
      throw refuse(dir, "it is owned by uid " + owner + ", not by uid " + CurrentUser.UID, null);
    }
    if (posix.permissions().contains(PosixFilePermission.GROUP_WRITE)
        || posix.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
      throw refuse(
          dir,
          "it is writable by others ("
              + PosixFilePermissions.toString(posix.permissions())
              + "); run chmod go-w on it",
          null);
    }
    return key(basic);
  }

  private static Object key(BasicFileAttributes a) throws IOException {
    Object key = a.fileKey();
    if (key == null) {
      throw new IOException("the file system reports no file identity");
    }
    return key;
  }

  private static UpdateException refuse(Path dir, String why, Throwable cause) {
    return new UpdateException(
        Reason.LOCK_FAILED, "refusing the lock directory " + dir + ": " + why, cause);
  }

  /** The uid of this process, read once: the owner of /proc/self, or of a fresh temp file. */
  private static final class CurrentUser {
    static final Object UID = read();

    private static Object read() {
      try {
        Path self = Path.of("/proc/self");
        if (Files.isDirectory(self)) {
          return Files.getAttribute(self, "unix:uid");
        }
        Path probe = Files.createTempFile("hoist-uid", ".probe");
        try {
          return Files.getAttribute(probe, "unix:uid");
        } finally {
          Files.deleteIfExists(probe);
        }
      } catch (IOException | UnsupportedOperationException e) {
        return -1; // unknown: every owner check fails closed
      }
    }
  }
}
