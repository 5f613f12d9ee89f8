package dev.hoist.engine.internal.extract;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Extracts a {@code .zip} archive into a {@link StagingTree}, entry by entry from the file (random
 * access; nothing is held in memory but the central directory). Each entry's bytes are checked
 * against its CRC-32 and size, and data appended after the archive's end is refused. Unix modes,
 * when the archive was made on Unix, give executable bits, symlinks and the special files that are
 * refused.
 */
final class ZipReader {
  private static final int TYPE_MASK = 0170000;
  private static final int FIFO = 0010000;
  private static final int CHARACTER_DEVICE = 0020000;
  private static final int DIRECTORY = 0040000;
  private static final int BLOCK_DEVICE = 0060000;
  private static final int REGULAR = 0100000;
  private static final int SYMLINK = 0120000;
  private static final int SOCKET = 0140000;

  private static final int END_RECORD_SIZE = 22;
  private static final int MAX_COMMENT_SIZE = 0xffff;

  /** The longest symlink target accepted: Linux's PATH_MAX less its terminating NUL. */
  static final int MAX_LINK_TARGET_BYTES = 4095;

  private final StagingTree tree;
  private final Budget budget;
  private final Failures failures;
  private final String archiveName;

  ZipReader(StagingTree tree, Budget budget, Failures failures, String archiveName) {
    this.tree = tree;
    this.budget = budget;
    this.failures = failures;
    this.archiveName = archiveName;
  }

  /** Extracts every entry of {@code archive}, in central directory order. */
  void extract(Path archive) throws UpdateException {
    ZipFile zip;
    try {
      zip = ZipFile.builder().setPath(archive).get();
    } catch (IOException e) {
      throw failures.readFailed(null, e);
    }
    try (zip) {
      requireNothingAfterEnd(archive);
      for (Enumeration<ZipArchiveEntry> entries = zip.getEntries(); entries.hasMoreElements(); ) {
        extractEntry(zip, entries.nextElement());
      }
    } catch (IOException e) {
      // Only close() gets here: every read maps its own failure.
      throw failures.readFailed(null, e);
    }
  }

  /**
   * Refuses bytes appended after the end-of-central-directory record, which {@link ZipFile}
   * tolerates: the record (22 bytes plus its comment) must end exactly at the end of the file.
   */
  private void requireNothingAfterEnd(Path archive) throws UpdateException {
    byte[] tail;
    try (SeekableByteChannel channel = Files.newByteChannel(archive)) {
      long size = channel.size();
      int length = (int) Math.min(size, END_RECORD_SIZE + MAX_COMMENT_SIZE);
      ByteBuffer buffer = ByteBuffer.allocate(length);
      channel.position(size - length);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // Fill the buffer: a file channel reads fully unless the file shrank meanwhile.
      }
      tail = buffer.array();
    } catch (IOException e) {
      throw failures.cannotRead(e);
    }
    for (int i = tail.length - END_RECORD_SIZE; i >= 0; i--) {
      if (tail[i] == 'P'
          && tail[i + 1] == 'K'
          && tail[i + 2] == 5
          && tail[i + 3] == 6
          && i + END_RECORD_SIZE + ((tail[i + 20] & 0xff) | (tail[i + 21] & 0xff) << 8)
              == tail.length) {
        return;
      }
    }
    throw failures.corrupt(null, "unexpected data after the end of the zip archive");
  }

  private void extractEntry(ZipFile zip, ZipArchiveEntry entry) throws UpdateException {
    budget.chargeEntry();
    String name = entry.getName();
    EntryPath path = EntryPath.parse(name, failures);
    int mode = entry.getUnixMode(); // 0 unless the archive was made on Unix
    int type = mode & TYPE_MASK;
    switch (type) {
      case CHARACTER_DEVICE, BLOCK_DEVICE ->
          throw failures.unsafe(name, "device files are not allowed");
      case FIFO -> throw failures.unsafe(name, "FIFOs are not allowed");
      case SOCKET -> throw failures.unsafe(name, "sockets are not allowed");
      case 0, REGULAR, DIRECTORY, SYMLINK -> {
        // handled below
      }
      default ->
          throw failures.unsafe(name, "unsupported file type " + Integer.toOctalString(type));
    }
    if (entry.isDirectory() || type == DIRECTORY) {
      tree.directory(path);
      return;
    }
    if ((mode & 06000) != 0) {
      throw failures.unsafe(name, "setuid/setgid bits are not allowed");
    }
    requireReadable(zip, entry);
    if (type == SYMLINK) {
      tree.symlink(path, linkTarget(zip, entry));
      return;
    }
    CRC32 crc = new CRC32();
    long written;
    try (InputStream in = open(zip, entry)) {
      written =
          tree.file(
              path,
              new CheckedInputStream(new CountingInputStream(in, budget), crc),
              (mode & 0111) != 0,
              entry.getLastModifiedTime());
    } catch (IOException e) {
      throw failures.readFailed(name, e);
    }
    if (entry.getSize() >= 0 && written != entry.getSize()) {
      throw failures.corrupt(
          name, "holds " + written + " bytes, its header says " + entry.getSize());
    }
    if (entry.getCrc() >= 0 && crc.getValue() != entry.getCrc()) {
      throw failures.corrupt(name, "CRC-32 mismatch");
    }
  }

  private String linkTarget(ZipFile zip, ZipArchiveEntry entry) throws UpdateException {
    byte[] target = new byte[MAX_LINK_TARGET_BYTES + 1];
    int length = 0;
    try (InputStream in = new CountingInputStream(open(zip, entry), budget)) {
      int n;
      while (length < target.length && (n = in.read(target, length, target.length - length)) > 0) {
        length += n;
      }
    } catch (IOException e) {
      throw failures.readFailed(entry.getName(), e);
    }
    if (length > MAX_LINK_TARGET_BYTES) {
      throw failures.unsafe(
          entry.getName(), "symlink target is longer than " + MAX_LINK_TARGET_BYTES + " bytes");
    }
    return new String(target, 0, length, StandardCharsets.UTF_8);
  }

  private void requireReadable(ZipFile zip, ZipArchiveEntry entry) throws UpdateException {
    if (!zip.canReadEntryData(entry)) {
      throw new UpdateException(
          Reason.UNSUPPORTED_ARCHIVE,
          "archive '"
              + UpdateException.printable(archiveName)
              + "' entry '"
              + UpdateException.printable(entry.getName())
              + "' is encrypted or uses an unsupported compression method");
    }
  }

  private InputStream open(ZipFile zip, ZipArchiveEntry entry) throws UpdateException {
    try {
      return zip.getInputStream(entry);
    } catch (IOException e) {
      throw failures.readFailed(entry.getName(), e);
    }
  }
}
