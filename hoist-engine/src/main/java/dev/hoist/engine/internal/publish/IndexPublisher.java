package dev.hoist.engine.internal.publish;

import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.extract.ArchiveExtractor;
import dev.hoist.engine.internal.extract.FileIndex;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.io.Durable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Publishes what a client needs for a delta update of one archive (docs/manifest.md, "Delta
 * updates"): the archive's {@link FileIndex}, written beside it as {@code <archive>.index.json},
 * and each file's bytes as a content-addressed blob in a directory of blobs shared by every release
 * ({@code <sha256>.gz}, or {@code <sha256>} when gzip does not make it smaller). A blob that is
 * already there is kept, so releases share what they share and a published blob never changes.
 *
 * <p>The archive is read by the client's own extractor, so the index describes exactly the tree a
 * client gets from the full archive: its refusals are the publisher's errors, and links it drops
 * are not in the index either.
 */
public final class IndexPublisher {
  /** A blob is stored gzipped only when that saves at least this share of its size. */
  private static final double WORTH_COMPRESSING = 0.95;

  /**
   * What was written.
   *
   * @param index the index file
   * @param size its size
   * @param sha256 its SHA-256
   * @param files how many files the release has
   * @param newBlobs how many blobs were added (the others were published before)
   * @param newBlobBytes their bytes
   */
  public record Published(
      Path index, long size, String sha256, int files, int newBlobs, long newBlobBytes) {}

  /**
   * Writes {@code archive}'s index beside it and its blobs into {@code blobs} (created if missing),
   * which must be inside the index's directory tree so that the index can name them by relative
   * URL.
   *
   * @throws UpdateException when the client's extractor refuses the archive
   */
  public Published publish(Path archive, Path blobs) throws IOException, UpdateException {
    Path dir = archive.toAbsolutePath().normalize().getParent();
    Path index = dir.resolve(archive.getFileName() + ".index.json");
    Files.createDirectories(blobs);
    blobs = blobs.toAbsolutePath().normalize();
    Path work = Files.createTempDirectory(dir, ".hoist-index-");
    try {
      Path tree = Files.createDirectory(work.resolve("tree"));
      new ArchiveExtractor(ArchiveExtractor.Limits.defaults())
          .extract(archive, archive.getFileName().toString(), tree);
      Walk walk = new Walk(tree, blobs, dir, work);
      walk.directory(tree);
      List<FileIndex.Entry> entries = walk.entries;
      byte[] json = new FileIndex(entries).toJson();
      Keys.writeAtomically(index, json);
      return new Published(
          index, json.length, Digest.sha256Of(index), walk.files, walk.newBlobs, walk.newBlobBytes);
    } finally {
      Durable.deleteTree(work);
    }
  }

  /** The extracted tree, visited in name order so that the same archive gives the same index. */
  private static final class Walk {
    private final Path tree;
    private final Path blobs;
    private final Path base;
    private final Path work;
    final List<FileIndex.Entry> entries = new ArrayList<>();
    int files;
    int newBlobs;
    long newBlobBytes;

    Walk(Path tree, Path blobs, Path base, Path work) {
      this.tree = tree;
      this.blobs = blobs;
      this.base = base;
      this.work = work;
    }

    void directory(Path d) throws IOException {
      if (!d.equals(tree)) entries.add(FileIndex.Entry.directory(name(d) + "/"));
      List<Path> children;
      try (Stream<Path> list = Files.list(d)) {
        children = list.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
      }
      for (Path c : children) {
        BasicFileAttributes a =
            Files.readAttributes(c, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
          entries.add(FileIndex.Entry.link(name(c), Files.readSymbolicLink(c).toString()));
        } else if (a.isDirectory()) {
          directory(c);
        } else {
          String sha = Digest.sha256Of(c);
          files++;
          entries.add(FileIndex.Entry.file(name(c), executable(c), a.size(), sha, blob(c, sha)));
        }
      }
    }

    /** The entry's name in the archive: its path below the tree, with forward slashes. */
    private String name(Path p) {
      StringBuilder sb = new StringBuilder();
      for (Path seg : tree.relativize(p)) {
        if (sb.length() > 0) sb.append('/');
        sb.append(seg);
      }
      return sb.toString();
    }

    /** The file's blob: one already published, or a new one (gzipped when that pays). */
    private FileIndex.Blob blob(Path file, String sha) throws IOException {
      for (String name : List.of(sha + ".gz", sha)) {
        Path existing = blobs.resolve(name);
        if (Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) return described(existing);
      }
      Path gz = work.resolve("blob.gz");
      try (InputStream in = Files.newInputStream(file);
          OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 64 * 1024)) {
        in.transferTo(out);
      }
      Path target;
      if (Files.size(gz) < Files.size(file) * WORTH_COMPRESSING) {
        target = blobs.resolve(sha + ".gz");
        Files.move(gz, target, StandardCopyOption.ATOMIC_MOVE);
      } else {
        target = blobs.resolve(sha);
        Path raw = work.resolve("blob");
        Files.copy(file, raw);
        Files.move(raw, target, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(gz);
      }
      newBlobs++;
      newBlobBytes += Files.size(target);
      return described(target);
    }

    private FileIndex.Blob described(Path blob) throws IOException {
      return new FileIndex.Blob(relativeUrl(base, blob), Files.size(blob), Digest.sha256Of(blob));
    }
  }

  /**
   * {@code target}'s URL relative to the directory {@code from}, with {@code ..} where it lies
   * elsewhere (blobs shared by releases kept in directories of their own).
   */
  static String relativeUrl(Path from, Path target) {
    StringBuilder sb = new StringBuilder();
    for (Path seg : from.relativize(target.toAbsolutePath().normalize())) {
      if (sb.length() > 0) sb.append('/');
      sb.append(URLEncoder.encode(seg.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return sb.toString();
  }

  private static boolean executable(Path f) throws IOException {
    return Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS)
        .contains(PosixFilePermission.OWNER_EXECUTE);
  }
}
