package dev.hoist.engine.internal.extract;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;

/**
 * Turns what goes wrong while extracting one archive into an {@link UpdateException} with its
 * reason and one clear line naming the archive or entry. Entry names come from the archive, so they
 * are shown with control characters escaped and cut to a readable length.
 */
final class Failures {
  private static final String DISK_FULL_MESSAGE = "No space left on device";

  private final String archiveName;

  Failures(String archiveName) {
    this.archiveName = archiveName;
  }

  /** An entry that would escape the staging directory or is not allowed at all. */
  UpdateException unsafe(String entryName, String why) {
    return new UpdateException(
        Reason.UNSAFE_ARCHIVE_ENTRY,
        "unsafe archive entry '" + UpdateException.printable(entryName) + "': " + why);
  }

  /** Malformed archive content, found without an exception to wrap. */
  UpdateException corrupt(String entryName, String why) {
    return new UpdateException(Reason.ARCHIVE_CORRUPT, corruptPrefix(entryName) + why);
  }

  /**
   * A failure while reading the archive: over a limit, or else corrupt (truncated, bad checksum,
   * garbage).
   *
   * @param entryName the entry being read, or null between entries
   */
  UpdateException readFailed(String entryName, IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LimitExceededException) {
        return new UpdateException(Reason.ARCHIVE_LIMITS, oneLine(t.getMessage()), e);
      }
      if (t instanceof org.apache.commons.compress.MemoryLimitException
          || t instanceof org.tukaani.xz.MemoryLimitException) {
        return new UpdateException(
            Reason.ARCHIVE_LIMITS,
            "archive '"
                + UpdateException.printable(archiveName)
                + "' needs more memory to decompress than allowed: "
                + detail(t),
            e);
      }
    }
    String why = e instanceof EOFException ? "unexpected end of data (truncated?)" : detail(e);
    return new UpdateException(Reason.ARCHIVE_CORRUPT, corruptPrefix(entryName) + why, e);
  }

  /**
   * A failure to write into the staging directory: a full disk, a collision, or another IO error.
   */
  UpdateException writeFailed(String entryName, IOException e) {
    if (e instanceof FileAlreadyExistsException) {
      return unsafe(entryName, "collides with a path already extracted");
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.contains(DISK_FULL_MESSAGE)) {
        return new UpdateException(
            Reason.DISK_FULL,
            "no space left on device while extracting archive entry '"
                + UpdateException.printable(entryName)
                + "'",
            e);
      }
    }
    return new UpdateException(
        Reason.INSTALL_FAILED,
        "cannot extract archive entry '" + UpdateException.printable(entryName) + "': " + detail(e),
        e);
  }

  /** The archive file itself cannot be opened or read: an install problem, not a bad archive. */
  UpdateException cannotRead(IOException e) {
    return new UpdateException(
        Reason.INSTALL_FAILED,
        "cannot read archive '" + UpdateException.printable(archiveName) + "': " + detail(e),
        e);
  }

  private String corruptPrefix(String entryName) {
    return "corrupt archive '"
        + UpdateException.printable(archiveName)
        + "'"
        + (entryName == null ? "" : " at entry '" + UpdateException.printable(entryName) + "'")
        + ": ";
  }

  private static String detail(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getSimpleName();
    }
    if (t instanceof FileSystemException fse && fse.getReason() == null) {
      return t.getClass().getSimpleName() + ": " + oneLine(message);
    }
    return oneLine(message);
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
