package dev.hoist.engine.internal.extract;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one file-creating call of extraction, a seam so tests can make a write fail (a full disk, an
 * I/O error) without a real full disk.
 */
interface FileOps {

  /** Creates files the only safe way: exclusively, never through or over a symlink. */
  FileOps DEFAULT =
      file ->
          Files.newOutputStream(
              file,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS);

  /**
   * Opens a new regular file for writing.
   *
   * @throws java.nio.file.FileAlreadyExistsException if anything, a dangling symlink included,
   *     already has that name
   * @throws IOException on any other failure to create or write the file
   */
  OutputStream newFile(Path file) throws IOException;
}
