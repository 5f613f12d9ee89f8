package dev.hoist.engine.internal.extract;

import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Builds a release's tree from its {@link FileIndex}: each file from the installed version when
 * that already holds the same bytes (found at the same place below the install root), else from its
 * fetched blob. It writes through the same {@link StagingTree} as {@link ArchiveExtractor}, so
 * every rule of an extraction holds unchanged (no {@code ..}, nothing through a link, links
 * confined to the release, no {@code .hoist}, normalized modes, the limits), and the tree is the
 * one the full archive would give. Afterwards every file is checked against the index: a fetched or
 * copied file is read back from the tree; a hard link to an installed file is the very inode whose
 * bytes {@link #plan} read and hashed, so only its type, size and mode are checked again.
 *
 * <p>Instances are immutable; each call works on its own destination.
 *
 * <p>Why one class: planning, confirming, assembling and verifying must agree on one mapping of
 * index entries to paths (the parsed names, the install root's depth, what was hard-linked and what
 * was hashed on the way), and each step's shortcut is safe only given the others.
 */
public final class IndexedTree {
  private final ArchiveExtractor.Limits limits;

  public IndexedTree(ArchiveExtractor.Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * What building the tree takes.
   *
   * @param index the release's index
   * @param reused for the index of each file entry that the installed version supplies, its path
   *     there; from {@link #plan}, candidates of the right size whose bytes {@link #confirm} checks
   * @param missing the file entries whose bytes must be fetched, in index order
   * @param name the archive's name, for messages
   */
  public record Plan(
      FileIndex index, Map<Integer, Path> reused, List<Integer> missing, String name) {
    public Plan {
      reused = Map.copyOf(reused);
      missing = List.copyOf(missing);
    }

    /**
     * This plan once the bytes of each candidate are read: a candidate that does not hold its
     * entry's bytes (the installed file was changed) is fetched instead.
     *
     * @param mismatched called, in index order, with each entry that turned out to be missing
     * @throws UpdateException {@code ARCHIVE_CORRUPT} for such a file without a blob
     */
    public Plan confirm(IntConsumer mismatched) throws UpdateException {
      Map<Integer, Path> kept = new HashMap<>();
      List<Integer> more = new ArrayList<>(missing);
      // Hashing is most of a delta update's own work: spread over the machine's cores.
      Set<Integer> same = ConcurrentHashMap.newKeySet();
      reused.entrySet().parallelStream()
          .forEach(
              c -> {
                try {
                  if (Digest.sha256Of(c.getValue(), LinkOption.NOFOLLOW_LINKS)
                      .equals(index.entries().get(c.getKey()).sha256())) {
                    same.add(c.getKey());
                  }
                } catch (IOException x) {
                  // Unreadable: fetched instead.
                }
              });
      for (int i : new TreeSet<>(reused.keySet())) {
        FileIndex.Entry e = index.entries().get(i);
        if (same.contains(i)) {
          kept.put(i, reused.get(i));
          continue;
        }
        if (e.blob() == null) {
          throw new Failures(name)
              .corrupt(e.path(), "the index offers no blob for a file not installed");
        }
        more.add(i);
        mismatched.accept(i);
      }
      more.sort(null);
      return new Plan(index, kept, more, name);
    }

    /** The bytes of the blobs to fetch, but those whose URL is in {@code held} (a pack's). */
    public long fetchBytes(Set<String> held) {
      return missing.stream()
          .map(i -> index.entries().get(i).blob())
          .filter(b -> !held.contains(b.url()))
          .mapToLong(FileIndex.Blob::size)
          .sum();
    }

    /** How many entries are files. */
    public int files() {
      return (int) index.entries().stream().filter(e -> e.kind() == FileIndex.Kind.FILE).count();
    }
  }

  /**
   * Finds, for each file of the index, a candidate in the installed version at {@code installed}:
   * at the same place below the install root, a regular file of the right size reached without
   * leaving {@code installed} (no link on its way leads out). Its bytes are read later, by {@link
   * Plan#confirm}, which may run while the missing files are fetched.
   *
   * @throws UpdateException {@code UNSAFE_ARCHIVE_ENTRY} for a path the extractor would refuse,
   *     {@code ARCHIVE_CORRUPT} for a file that no blob and no installed file can supply
   */
  public Plan plan(FileIndex index, Path installed, String name) throws UpdateException {
    Failures failures = new Failures(name);
    List<EntryPath> paths = new ArrayList<>();
    for (FileIndex.Entry e : index.entries()) paths.add(EntryPath.parse(e.path(), failures));
    int top = rootDepth(index, paths);
    Path root;
    try {
      root = installed.toRealPath();
    } catch (IOException e) {
      root = null; // nothing installed to reuse: every file is fetched
    }
    Map<Integer, Path> reused = new HashMap<>();
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      FileIndex.Entry e = index.entries().get(i);
      if (e.kind() != FileIndex.Kind.FILE) continue;
      Path candidate = root == null ? null : candidate(root, paths.get(i), top, e);
      if (candidate != null) {
        reused.put(i, candidate);
      } else if (e.blob() != null) {
        missing.add(i);
      } else {
        throw failures.corrupt(e.path(), "the index offers no blob for a file not installed");
      }
    }
    return new Plan(index, reused, missing, name);
  }

  /**
   * Builds the tree into {@code destination} (existing and empty), taking each missing file from
   * {@code blobs} (the verified blob of the entry with that index), then checks every file against
   * the index (see the class comment for which are read again).
   *
   * @param archiveSize the full archive's size, against which the expansion ratio is judged
   * @throws UpdateException as {@link ArchiveExtractor#extract}, and {@code CHECKSUM_MISMATCH} or
   *     {@code SIZE_MISMATCH} for a file whose bytes are not the index's
   */
  public ArchiveExtractor.Extraction assemble(
      Plan plan, Map<Integer, StoredBlob> blobs, Path destination, String name, long archiveSize)
      throws UpdateException {
    Failures failures = new Failures(name);
    Budget budget = new Budget(limits, UpdateException.printable(name), archiveSize);
    StagingTree tree = new StagingTree(destination, FileOps.DEFAULT, failures, budget);
    List<FileIndex.Entry> entries = plan.index().entries();
    List<EntryPath> paths = new ArrayList<>();
    Set<Integer> hashed = new HashSet<>(); // entries whose bytes in the tree were hashed
    for (int i = 0; i < entries.size(); i++) {
      FileIndex.Entry e = entries.get(i);
      budget.chargeEntry();
      EntryPath path = EntryPath.parse(e.path(), failures);
      paths.add(path);
      switch (e.kind()) {
        case DIRECTORY -> tree.directory(path);
        case LINK -> tree.symlink(path, e.target());
        case FILE -> {
          Path source = plan.reused().get(i);
          if (source != null) {
            if (tree.reuse(path, source, e.executable(), e.size())) hashed.add(i);
          } else {
            StoredBlob blob = blobs.get(i);
            if (blob == null) throw failures.corrupt(e.path(), "its blob was not fetched");
            // A raw blob is the file's bytes, already verified against this very SHA-256 when
            // it was fetched: hashing it again as it is written would only read it twice.
            boolean verified = !e.blob().gzipped() && e.blob().sha256().equals(e.sha256());
            MessageDigest md = Digest.Algorithm.SHA256.newDigest();
            try (InputStream in =
                verified
                    ? content(blob, e, budget)
                    : new DigestInputStream(content(blob, e, budget), md)) {
              tree.file(path, in, e.executable(), null);
            } catch (IOException x) {
              throw failures.readFailed(e.path(), x);
            }
            if (!verified && !HexFormat.of().formatHex(md.digest()).equals(e.sha256())) {
              throw new UpdateException(
                  Reason.CHECKSUM_MISMATCH,
                  "'" + UpdateException.printable(e.path()) + "' does not match its SHA-256");
            }
            hashed.add(i);
          }
        }
      }
    }
    ArchiveExtractor.Extraction extraction = tree.finish();
    verify(entries, paths, hashed, destination, failures);
    return extraction;
  }

  /** A blob's bytes, decompressed if it is gzipped, never more than the index says. */
  private static InputStream content(StoredBlob blob, FileIndex.Entry e, Budget budget)
      throws IOException {
    InputStream raw = blob.open();
    try {
      InputStream in =
          e.blob().gzipped() ? GzipCompressorInputStream.builder().setInputStream(raw).get() : raw;
      return new Bounded(new CountingInputStream(in, budget), e.size());
    } catch (IOException x) {
      raw.close();
      throw x;
    }
  }

  /**
   * Every file's type, size, bytes and mode as the index says. The bytes of a fetched file were
   * hashed as they were written, and a hard link to an installed file is the inode whose bytes
   * {@link Plan#confirm} hashed: those ({@code hashed}) are not read again; a copy is.
   */
  private static void verify(
      List<FileIndex.Entry> entries,
      List<EntryPath> paths,
      Set<Integer> hashed,
      Path destination,
      Failures failures)
      throws UpdateException {
    for (int i = 0; i < entries.size(); i++) {
      FileIndex.Entry e = entries.get(i);
      if (e.kind() != FileIndex.Kind.FILE) continue;
      Path file = destination;
      for (String s : paths.get(i).segments()) file = file.resolve(s);
      try {
        BasicFileAttributes a =
            Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile() || a.size() != e.size()) {
          throw new UpdateException(
              Reason.SIZE_MISMATCH,
              "'" + UpdateException.printable(e.path()) + "' is not the file of the index");
        }
        if (!hashed.contains(i)
            && !Digest.sha256Of(file, LinkOption.NOFOLLOW_LINKS).equals(e.sha256())) {
          throw new UpdateException(
              Reason.CHECKSUM_MISMATCH,
              "'" + UpdateException.printable(e.path()) + "' does not match its SHA-256");
        }
        if (executable(file) != e.executable()) {
          throw new UpdateException(
              Reason.INSTALL_FAILED,
              "'" + UpdateException.printable(e.path()) + "' has the wrong mode");
        }
      } catch (IOException x) {
        throw failures.writeFailed(e.path(), x);
      }
    }
  }

  /**
   * The files of {@code index} by their path below the install root, as {@link #plan} places them
   * in an installed version (so an earlier release's and a later one's can be compared, whatever
   * their top-level directories are called).
   *
   * @throws UpdateException {@code UNSAFE_ARCHIVE_ENTRY} for a path the extractor would refuse
   */
  public static Map<String, FileIndex.Entry> filesBelowRoot(FileIndex index, String name)
      throws UpdateException {
    Failures failures = new Failures(name);
    List<EntryPath> paths = new ArrayList<>();
    for (FileIndex.Entry e : index.entries()) paths.add(EntryPath.parse(e.path(), failures));
    int top = rootDepth(index, paths);
    Map<String, FileIndex.Entry> files = new HashMap<>();
    for (int i = 0; i < paths.size(); i++) {
      List<String> s = paths.get(i).segments();
      FileIndex.Entry e = index.entries().get(i);
      if (e.kind() == FileIndex.Kind.FILE && s.size() > top) {
        files.put(String.join("/", s.subList(top, s.size())), e);
      }
    }
    return files;
  }

  /**
   * The number of leading segments the install root lies below, by the extractor's rule: 1 when
   * every entry lives under a single top-level directory, else 0.
   */
  private static int rootDepth(FileIndex index, List<EntryPath> paths) {
    Set<String> tops = new HashSet<>();
    boolean topIsDirectory = true;
    for (int i = 0; i < paths.size(); i++) {
      List<String> s = paths.get(i).segments();
      if (s.isEmpty()) continue;
      tops.add(s.get(0));
      if (s.size() == 1 && index.entries().get(i).kind() != FileIndex.Kind.DIRECTORY) {
        topIsDirectory = false;
      }
    }
    return tops.size() == 1 && topIsDirectory ? 1 : 0;
  }

  private static Path candidate(Path root, EntryPath path, int top, FileIndex.Entry e) {
    List<String> s = path.segments();
    if (s.size() <= top) return null;
    Path p = root;
    for (String segment : s.subList(top, s.size())) p = p.resolve(segment);
    try {
      BasicFileAttributes a =
          Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile() || a.size() != e.size()) return null;
      // A link on the way (a release's own, confined to it) must not lead out of the install.
      return p.getParent().toRealPath().startsWith(root) ? p : null;
    } catch (IOException x) {
      return null;
    }
  }

  private static boolean executable(Path file) throws IOException {
    try {
      return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
          .contains(PosixFilePermission.OWNER_EXECUTE);
    } catch (UnsupportedOperationException e) {
      return Files.isExecutable(file);
    }
  }

  /** Ends with an error once more than {@code limit} bytes were read. */
  private static final class Bounded extends FilterInputStream {
    private long left;

    Bounded(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, (int) Math.min(len, left + 1));
      if (n > 0) {
        left -= n;
        if (left < 0) throw new IOException("the blob holds more bytes than the index says");
      }
      return n;
    }
  }
}
