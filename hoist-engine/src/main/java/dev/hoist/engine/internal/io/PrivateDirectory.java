package dev.hoist.engine.internal.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates a directory only its owner may use (rwx------), as a home's {@code state/} must be: the
 * update lock lives there, and the lock refuses a state directory that group or others can write.
 * {@code Files.createDirectories} alone creates it under the process's umask, group-writable under
 * the common {@code umask 002}, after which every update fails to take the lock. Every code path
 * that may be the first to create {@code state/} goes through {@link #create}.
 */
public final class PrivateDirectory {
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private PrivateDirectory() {}

  /**
   * Creates {@code dir} as rwx------ when it does not exist; missing parents get the umask's
   * default, as {@code Files.createDirectories} makes them. An existing directory is left as it is
   * (its owner may have chosen its mode; the lock judges it). Safe to race: of two callers, one
   * creates it and the other finds it.
   *
   * @return {@code dir}
   * @throws IOException if it cannot be created, or something other than a directory is there
   */
  public static Path create(Path dir) throws IOException {
    if (Files.isDirectory(dir)) return dir;
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    try {
      try {
        Files.createDirectory(dir, OWNER_ONLY);
      } catch (UnsupportedOperationException e) {
        Files.createDirectory(dir); // no POSIX modes here (Windows): the platform's protection
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) throw e;
      // Made meanwhile by another run: theirs is as good as ours.
    }
    return dir;
  }
}
