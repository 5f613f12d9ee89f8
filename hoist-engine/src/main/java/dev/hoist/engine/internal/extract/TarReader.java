package dev.hoist.engine.internal.extract;

import dev.hoist.engine.internal.failure.UpdateException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Streams a {@code .tar.gz} or {@code .tar.xz} archive into a {@link StagingTree}, one entry at a
 * time; memory use does not grow with the archive. The whole compressed stream is read to its end,
 * so a bad gzip/xz trailer, garbage after it, or a tar without its end-of-archive marker (a
 * truncated archive that would otherwise look complete) is reported as corrupt.
 */
final class TarReader {
  private static final int RECORD_SIZE = 512;
  private static final int BUFFER_SIZE = 64 * 1024;

  /** Caps the headers (GNU long names, PAX records) the tar reader holds in memory per entry. */
  static final long MAX_HEADER_BYTES = 1L << 20;

  /** The most memory an xz stream may ask for; {@code xz -9} needs about 65 MiB. */
  static final int XZ_MEMORY_LIMIT_KIB = 128 * 1024;

  private final StagingTree tree;
  private final Budget budget;
  private final Failures failures;
  private final String archiveName;

  TarReader(StagingTree tree, Budget budget, Failures failures, String archiveName) {
    this.tree = tree;
    this.budget = budget;
    this.failures = failures;
    this.archiveName = archiveName;
  }

  /** Extracts every entry of {@code archive}, compressed as {@code format} says. */
  void extract(Path archive, ArchiveFormat format) throws UpdateException {
    InputStream file;
    try {
      file = Files.newInputStream(archive);
    } catch (IOException e) {
      throw failures.cannotRead(e);
    }
    CountingInputStream tarStream;
    try {
      tarStream =
          new CountingInputStream(
              decompress(format, new BufferedInputStream(file, BUFFER_SIZE)), budget);
    } catch (IOException e) {
      closeAfterFailure(file);
      throw failures.readFailed(null, e);
    }
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(tarStream, StandardCharsets.UTF_8.name())) {
      readEntries(tar, tarStream);
    } catch (IOException e) {
      // Only close() gets here: every read maps its own failure.
      throw failures.readFailed(null, e);
    }
  }

  private void readEntries(TarArchiveInputStream tar, CountingInputStream tarStream)
      throws UpdateException {
    long endOfEntries = 0;
    while (true) {
      TarArchiveEntry entry = next(tar, tarStream);
      if (entry == null) {
        break;
      }
      extractEntry(entry, tar);
      drain(tar, entry.getName());
      endOfEntries = roundUpToRecord(tarStream.count());
    }
    // Reading on to the end verifies the gzip/xz trailer and finds anything after it.
    drain(tarStream, null);
    if (tarStream.endOfLastNonZero() > endOfEntries) {
      throw failures.corrupt(null, "unexpected data after the last tar entry");
    }
    if (tarStream.count() - endOfEntries < 2L * RECORD_SIZE) {
      throw failures.corrupt(null, "truncated tar archive: its end-of-archive marker is missing");
    }
  }

  private TarArchiveEntry next(TarArchiveInputStream tar, CountingInputStream tarStream)
      throws UpdateException {
    tarStream.openWindow(MAX_HEADER_BYTES, "a header in archive '" + archiveName + "'");
    try {
      return tar.getNextEntry();
    } catch (IOException e) {
      throw failures.readFailed(null, e);
    } finally {
      tarStream.closeWindow();
    }
  }

  /** Privilege-raising mode bits: refused on anything but a directory (where they are stripped). */
  private static final int SETUID_SETGID = 06000;

  private void extractEntry(TarArchiveEntry entry, TarArchiveInputStream tar)
      throws UpdateException {
    byte type = entry.getLinkFlag();
    if (type == TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER) {
      return; // Archive-wide metadata (git archive's commit id), not a file.
    }
    budget.chargeEntry();
    String name = entry.getName();
    EntryPath path = EntryPath.parse(name, failures);
    boolean executable = (entry.getMode() & 0111) != 0;
    if ((entry.getMode() & SETUID_SETGID) != 0 && type != TarConstants.LF_DIR) {
      throw failures.unsafe(name, "setuid/setgid bits are not allowed");
    }
    switch (type) {
      case TarConstants.LF_CHR, TarConstants.LF_BLK ->
          throw failures.unsafe(name, "device files are not allowed");
      case TarConstants.LF_FIFO -> throw failures.unsafe(name, "FIFOs are not allowed");
      case TarConstants.LF_DIR -> tree.directory(path);
      case TarConstants.LF_SYMLINK -> tree.symlink(path, entry.getLinkName());
      case TarConstants.LF_LINK ->
          tree.hardLink(path, entry.getLinkName(), executable, entry.getLastModifiedTime());
      case TarConstants.LF_NORMAL, TarConstants.LF_OLDNORM, TarConstants.LF_CONTIG -> {
        if (entry.isSparse()) {
          throw failures.unsafe(name, "sparse files are not supported");
        }
        if (path.directory()) {
          tree.directory(path); // Pre-POSIX tar marks directories by a trailing slash only.
        } else {
          tree.file(path, tar, executable, entry.getLastModifiedTime());
        }
      }
      default ->
          throw failures.unsafe(
              name,
              "unsupported tar entry type '"
                  + UpdateException.printable(String.valueOf((char) type))
                  + "'");
    }
  }

  /** Reads and discards the rest of {@code in}, charging it to the budget like any other byte. */
  private void drain(InputStream in, String entryName) throws UpdateException {
    byte[] buffer = new byte[BUFFER_SIZE];
    try {
      while (in.read(buffer) >= 0) {
        // Discard: the counting stream underneath has already charged and inspected it.
      }
    } catch (IOException e) {
      throw failures.readFailed(entryName, e);
    }
  }

  private static InputStream decompress(ArchiveFormat format, InputStream in) throws IOException {
    return switch (format) {
      case TAR_GZ ->
          GzipCompressorInputStream.builder()
              .setInputStream(in)
              .setDecompressConcatenated(true)
              .get();
      case TAR_XZ ->
          XZCompressorInputStream.builder()
              .setInputStream(in)
              .setDecompressConcatenated(true)
              .setMemoryLimitKiB(XZ_MEMORY_LIMIT_KIB)
              .get();
      case ZIP -> throw new IllegalArgumentException("not a tar format: " + format);
    };
  }

  private static long roundUpToRecord(long position) {
    return (position + RECORD_SIZE - 1) / RECORD_SIZE * RECORD_SIZE;
  }

  private static void closeAfterFailure(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // The read failure being reported already says what went wrong; a read-only close loses
      // nothing.
    }
  }
}
