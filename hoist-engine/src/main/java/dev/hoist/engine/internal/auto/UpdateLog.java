package dev.hoist.engine.internal.auto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code logs/update.log}: one line per run, appended by any number of concurrent processes, and
 * rotated by size to {@code update.log.1} (one generation is kept).
 *
 * <p>Atomicity: each line is one {@code write(2)} on a descriptor opened with {@code O_APPEND}, so
 * the kernel places it at the end as a whole; concurrent writers never interleave within a line. A
 * writer that opened the file just before a rotation appends to {@code update.log.1} instead; the
 * line is kept either way. Rotation is serialised by an OS lock on {@code logs/.update.log.lock}
 * (and a monitor within one JVM) and re-checks the size under it, so two rotators never rename
 * twice and lose a generation.
 */
public final class UpdateLog {
  /** The default size at which the log is rotated. */
  public static final long DEFAULT_MAX_BYTES = 512 * 1024;

  private static final Object ROTATION = new Object();

  private final Path dir;
  private final long maxBytes;

  public UpdateLog(Path logsDir) {
    this(logsDir, DEFAULT_MAX_BYTES);
  }

  public UpdateLog(Path logsDir, long maxBytes) {
    this.dir = logsDir;
    this.maxBytes = maxBytes;
  }

  /** The live log file. */
  public Path file() {
    return dir.resolve("update.log");
  }

  /** The previous generation. */
  public Path rotated() {
    return dir.resolve("update.log.1");
  }

  /**
   * Appends one entry as one line.
   *
   * @throws IOException if the logs directory cannot be created or the file cannot be written
   */
  public void append(LogEntry entry) throws IOException {
    appendLine(entry.toLine());
  }

  /**
   * Appends one line as it is, which must be an entry's {@link LogEntry#toLine()} form: the no-op
   * path of {@code dev.hoist.engine.QuickCheck} fills in a stored line without building an entry.
   */
  public void appendLine(String entryLine) throws IOException {
    byte[] line = (entryLine + "\n").getBytes(StandardCharsets.UTF_8);
    boolean interrupted = Thread.interrupted(); // an interrupt would close the channel mid-write
    try {
      Files.createDirectories(dir);
      rotateIfFull();
      try (FileChannel ch =
          FileChannel.open(
              file(),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        ByteBuffer buf = ByteBuffer.wrap(line);
        // One write(2) for a line this small on a local file; the loop only guards a short write.
        while (buf.hasRemaining()) ch.write(buf);
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  private void rotateIfFull() throws IOException {
    if (size(file()) < maxBytes) return;
    synchronized (ROTATION) {
      try (FileChannel lockFile =
          FileChannel.open(
              dir.resolve(".update.log.lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE)) {
        lockFile.lock(); // released when the channel closes
        if (size(file()) >= maxBytes) {
          Files.move(file(), rotated(), StandardCopyOption.ATOMIC_MOVE);
        }
      }
    }
  }

  private static long size(Path file) throws IOException {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  /** Every entry that parses, oldest first: the rotated generation, then the live one. */
  public List<LogEntry> entries() throws IOException {
    List<LogEntry> out = new ArrayList<>();
    for (Path p : List.of(rotated(), file())) {
      String text;
      try {
        // Decoded leniently: a stray line of odd bytes must not hide the others.
        text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        continue;
      }
      text.lines().forEach(line -> LogEntry.parse(line).ifPresent(out::add));
    }
    return out;
  }

  /** The last entry, if any. */
  public Optional<LogEntry> last() throws IOException {
    List<LogEntry> all = entries();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }
}
