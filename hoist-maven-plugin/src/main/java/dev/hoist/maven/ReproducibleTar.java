package dev.hoist.maven;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * A {@code .tar.gz} that is the same bytes for the same tree: entries sorted by name, owner 0:0
 * without names, one modification time, modes normalised (directories and executables 0755, other
 * files 0644, links as links), gzip without a file name or time stamp.
 */
final class ReproducibleTar {
  private ReproducibleTar() {}

  /**
   * Archives {@code dir} (as the archive's one top directory) into {@code archive}, written to a
   * temp file and renamed into place.
   *
   * @return the archive's SHA-256, hex
   */
  static String write(Path dir, Path archive, long mtimeSeconds) throws IOException {
    List<Path> paths;
    try (Stream<Path> s = Files.walk(dir)) {
      paths = new ArrayList<>(s.toList());
    }
    String top = dir.getFileName().toString();
    paths.sort((a, b) -> name(top, dir, a).compareTo(name(top, dir, b)));
    Path tmp = archive.resolveSibling("." + archive.getFileName() + ".tmp");
    MessageDigest sha256 = sha256();
    GzipParameters gz = new GzipParameters();
    gz.setCompressionLevel(9);
    gz.setModificationTime(0);
    try (OutputStream file = Files.newOutputStream(tmp);
        DigestOutputStream hashed = new DigestOutputStream(new BufferedOutputStream(file), sha256);
        GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(hashed, gz);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
      Date mtime = new Date(mtimeSeconds * 1000);
      for (Path p : paths) {
        String name = name(top, dir, p);
        TarArchiveEntry e;
        boolean regular = false;
        if (Files.isSymbolicLink(p)) {
          e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
          e.setLinkName(Files.readSymbolicLink(p).toString());
          e.setMode(0120777);
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          e = new TarArchiveEntry(name);
          e.setMode(040755);
        } else {
          e = new TarArchiveEntry(name);
          e.setMode(Files.isExecutable(p) ? 0100755 : 0100644);
          e.setSize(Files.size(p));
          regular = true;
        }
        e.setModTime(mtime);
        e.setIds(0, 0);
        e.setNames("", "");
        tar.putArchiveEntry(e);
        if (regular) Files.copy(p, tar); // not e.isFile(), which is true for a symlink entry
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    // Uploaded and served: world-readable whatever the publisher's umask.
    java.nio.file.Files.setPosixFilePermissions(
        tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** {@code top/relative}, with a trailing {@code /} for a directory. */
  private static String name(String top, Path root, Path p) {
    String rel = root.relativize(p).toString();
    String name = rel.isEmpty() ? top : top + "/" + rel;
    return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? name + "/" : name;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
