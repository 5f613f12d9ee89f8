package dev.hoist.engine.internal.extract;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Extracts a downloaded release archive into a staging directory without letting it write anywhere
 * else (DESIGN §6). Every entry is confined to the destination: absolute paths, {@code ..}
 * segments, hard links to anything but a file extracted earlier, device files, FIFOs, setuid/setgid
 * files and duplicate entries are refused; no entry is ever written through or over a symlink. A
 * symlink is created only when its target is relative, in the form {@code ../../a/b} ({@code ..}
 * only at the start), and stays inside the release's root; any other symlink (absolute, escaping,
 * or not judgeable without following links) is dropped and named in {@link
 * Extraction#droppedLinks}: the install holds exactly the verified bytes, and nothing in it points
 * anywhere Hoist did not put there (docs/security.md). Tar hard links become copies. Files keep
 * only their executable bits (0755, else 0644; directories 0755). {@link Limits} stop archive
 * bombs, counted on the bytes actually decompressed; a tar header over 1 MiB and an xz stream
 * needing over 128 MiB of memory count as bombs too. Archives are read to their very end: a
 * truncated stream, a tar without its end-of-archive marker, or any data after the end (even zeros
 * after a gzip stream) is corrupt.
 *
 * <p>Streams: memory use does not grow with the size of the archive or of its entries. Instances
 * are immutable and may be shared between threads; each call works on its own destination.
 */
public final class ArchiveExtractor {

  /**
   * Limits against archive bombs.
   *
   * @param maxTotalBytes the most uncompressed bytes an archive may produce (for tar, headers
   *     included)
   * @param maxEntries the most entries an archive may hold
   * @param maxRatio the most uncompressed bytes per byte of archive; checked only once output
   *     exceeds 16 MiB, so small but very compressible archives are not refused
   */
  public record Limits(long maxTotalBytes, int maxEntries, long maxRatio) {
    public Limits {
      if (maxTotalBytes <= 0 || maxEntries <= 0 || maxRatio <= 0) {
        throw new IllegalArgumentException(
            "limits must be positive: " + maxTotalBytes + ", " + maxEntries + ", " + maxRatio);
      }
    }

    /**
     * Generous for any CLI distribution, jlinked runtime included: 2 GiB uncompressed, 100,000
     * entries, a ratio of 200 (beyond 16 MiB of output).
     */
    public static Limits defaults() {
      return new Limits(2L << 30, 100_000, 200);
    }
  }

  /**
   * What an extraction produced.
   *
   * @param root the install root: the single top-level directory when every entry lives under one,
   *     else the destination
   * @param droppedLinks the symlinks not created because they point outside the release, each as
   *     {@code name -> target}, printable, in archive order
   */
  public record Extraction(Path root, List<String> droppedLinks) {
    public Extraction {
      Objects.requireNonNull(root, "root");
      droppedLinks = List.copyOf(droppedLinks);
    }

    /**
     * One line telling the user which links were dropped (the first three named), or empty when
     * none was.
     */
    public Optional<String> warning() {
      if (droppedLinks.isEmpty()) {
        return Optional.empty();
      }
      int n = droppedLinks.size();
      return Optional.of(
          (n == 1 ? "1 symbolic link points" : n + " symbolic links point")
              + " outside the release and "
              + (n == 1 ? "was" : "were")
              + " not installed: "
              + UpdateException.firstFew(droppedLinks));
    }
  }

  private final Limits limits;
  private final FileOps fileOps;

  public ArchiveExtractor(Limits limits) {
    this(limits, FileOps.DEFAULT);
  }

  ArchiveExtractor(Limits limits, FileOps fileOps) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.fileOps = Objects.requireNonNull(fileOps, "fileOps");
  }

  /** The builder of a release's tree from its file index, under the same limits. */
  public IndexedTree indexedTree() {
    return new IndexedTree(limits);
  }

  /** Formats by file name: .tar.gz, .tgz, .zip, .tar.xz (case-insensitive). */
  public static boolean isSupported(String fileName) {
    return ArchiveFormat.of(fileName).isPresent();
  }

  /**
   * Extracts {@code archive} (its format chosen from {@code fileName}) into {@code destination},
   * which must exist and be empty.
   *
   * @return the install root and the links dropped
   * @throws UpdateException on any failure, with reason {@code UNSUPPORTED_ARCHIVE}, {@code
   *     ARCHIVE_CORRUPT}, {@code UNSAFE_ARCHIVE_ENTRY}, {@code ARCHIVE_LIMITS}, {@code DISK_FULL}
   *     or {@code INSTALL_FAILED}. What was partly written stays inside {@code destination}, never
   *     outside it; the caller deletes the staging directory.
   */
  public Extraction extract(Path archive, String fileName, Path destination)
      throws UpdateException {
    ArchiveFormat format =
        ArchiveFormat.of(fileName)
            .orElseThrow(
                () ->
                    new UpdateException(
                        Reason.UNSUPPORTED_ARCHIVE,
                        "unsupported archive '"
                            + UpdateException.printable(fileName)
                            + "': expected .tar.gz, .tgz, .tar.xz or .zip"));
    Failures failures = new Failures(fileName);
    requireEmptyDirectory(destination);
    long size;
    try {
      size = Files.size(archive);
    } catch (IOException e) {
      throw failures.cannotRead(e);
    }
    Budget budget = new Budget(limits, UpdateException.printable(fileName), size);
    StagingTree tree = new StagingTree(destination, fileOps, failures, budget);
    switch (format) {
      case ZIP -> new ZipReader(tree, budget, failures, fileName).extract(archive);
      case TAR_GZ, TAR_XZ ->
          new TarReader(tree, budget, failures, UpdateException.printable(fileName))
              .extract(archive, format);
    }
    return tree.finish();
  }

  private static void requireEmptyDirectory(Path destination) throws UpdateException {
    if (!Files.isDirectory(destination)) {
      throw new UpdateException(
          Reason.INSTALL_FAILED, "staging directory " + destination + " does not exist");
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(destination)) {
      if (children.iterator().hasNext()) {
        throw new UpdateException(
            Reason.INSTALL_FAILED, "staging directory " + destination + " is not empty");
      }
    } catch (IOException e) {
      throw new UpdateException(
          Reason.INSTALL_FAILED, "cannot read staging directory " + destination + ": " + e, e);
    }
  }
}
