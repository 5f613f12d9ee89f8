package dev.hoist.engine.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * File operations that survive a power cut: atomic replacement of small files, fsync of files,
 * directories and whole trees, and removal of trees without following links.
 */
public final class Durable {
  /** Temp files of {@link #writeAtomically} carry this infix; orphan sweeps look for it. */
  public static final String TEMP_INFIX = ".tmp-";

  private Durable() {}

  /**
   * Replaces {@code target} with {@code bytes} in one rename: readers see the old or the new
   * content, never a mix. A crash can leave a {@code <name>.tmp-*} file beside it, which the next
   * lock holder sweeps.
   */
  public static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + TEMP_INFIX + UUID.randomUUID());
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    fsyncDirectory(target.getParent());
  }

  /** Flushes a directory's entries (new names, renames) to disk. */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
      if (!isDirectoryFsyncUnsupported(e)) throw e;
    }
  }

  private static boolean isDirectoryFsyncUnsupported(IOException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("Invalid argument") || m.contains("Is a directory");
  }

  /** Flushes every regular file and directory under {@code root} (links are not followed). */
  public static void fsyncTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isRegularFile()) {
              try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.force(true);
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            if (exc != null) throw exc;
            fsyncDirectory(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Deletes a file, link or directory tree; never follows a link out of it. Missing is fine. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(root);
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(p);
        } catch (NoSuchFileException e) {
          // Already gone: another cleanup got there first; nothing is lost.
        }
      }
    }
  }

  /**
   * Renames {@code source} to {@code target} atomically on the same filesystem.
   *
   * @throws AtomicMoveNotSupportedException when they are on different filesystems
   */
  public static void rename(Path source, Path target) throws IOException {
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    fsyncDirectory(target.getParent());
  }
}
