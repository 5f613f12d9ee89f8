package dev.hoist.engine.internal.extract;

import dev.hoist.engine.internal.failure.UpdateException;

/**
 * What one extraction may still consume under its {@link ArchiveExtractor.Limits}: uncompressed
 * bytes as they are actually read (headers in an archive are never trusted), entries, and the ratio
 * of the two to the archive's size on disk. Not thread-safe; one per extraction.
 */
final class Budget {
  /**
   * Below this much output the ratio limit does not apply, so small, very compressible archives
   * pass.
   */
  static final long RATIO_FLOOR_BYTES = 16L << 20;

  private final ArchiveExtractor.Limits limits;
  private final String archiveName;
  private final long ratioCeiling;
  private long bytes;
  private int entries;

  Budget(ArchiveExtractor.Limits limits, String archiveName, long archiveSize) {
    this.limits = limits;
    this.archiveName = archiveName;
    long size = Math.max(archiveSize, 1);
    this.ratioCeiling =
        size > Long.MAX_VALUE / limits.maxRatio() ? Long.MAX_VALUE : size * limits.maxRatio();
  }

  /** Charges {@code n} more uncompressed bytes. */
  void chargeBytes(long n) throws LimitExceededException {
    bytes += n;
    if (bytes > limits.maxTotalBytes()) {
      throw new LimitExceededException(
          "archive '"
              + archiveName
              + "' expands to more than "
              + limits.maxTotalBytes()
              + " bytes; refusing a likely archive bomb");
    }
    if (bytes > RATIO_FLOOR_BYTES && bytes > ratioCeiling) {
      throw new LimitExceededException(
          "archive '"
              + archiveName
              + "' expands to more than "
              + limits.maxRatio()
              + " times its size; refusing a likely archive bomb");
    }
  }

  /** Charges one more entry. */
  void chargeEntry() throws UpdateException {
    entries++;
    if (entries > limits.maxEntries()) {
      throw new UpdateException(
          UpdateException.Reason.ARCHIVE_LIMITS,
          "archive '"
              + archiveName
              + "' has more than "
              + limits.maxEntries()
              + " entries; refusing a likely archive bomb");
    }
  }
}
