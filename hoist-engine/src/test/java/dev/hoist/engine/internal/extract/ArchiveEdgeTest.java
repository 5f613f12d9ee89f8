package dev.hoist.engine.internal.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What sound archives carry at the edges, and what their headers may claim falsely: zip comments
 * and empty zips, sizes and CRCs in the central directory, empty directories, modification times,
 * link entries carrying data, and which check refuses an escaping link, in its own words.
 */
class ArchiveEdgeTest {
  @TempDir Path temp;
  private Sandbox sandbox;

  @BeforeEach
  void setUp() throws Exception {
    sandbox = new Sandbox(temp);
  }

  /** Like {@link Sandbox#refused}, then removes the archive and staging for the next case. */
  private UpdateException refused(ArchiveBuilder b, String name, Reason reason) throws Exception {
    UpdateException e = sandbox.refused(b, name, reason);
    Files.delete(sandbox.archives.resolve(name));
    clearStaging();
    return e;
  }

  private Path extract(Path archive) throws UpdateException {
    String name = archive.getFileName().toString();
    return new ArchiveExtractor(ArchiveExtractor.Limits.defaults())
        .extract(archive, name, sandbox.staging)
        .root();
  }

  private Path zip(String name, String comment, boolean withEntry) throws IOException {
    Path file = sandbox.archives.resolve(name);
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
      if (withEntry) {
        ZipArchiveEntry e = new ZipArchiveEntry("app/hello.txt");
        e.setUnixMode(0100644);
        zip.putArchiveEntry(e);
        zip.write("hello, world\n".repeat(40).getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
      }
      if (comment != null) zip.setComment(comment);
    }
    return file;
  }

  @Test
  void aZipWithALongComment_isReadToItsRealEnd() throws Exception {
    // 300 = 0x012c: both bytes of the comment length count.
    Path root = extract(zip("c.zip", "c".repeat(300), true));
    assertEquals("hello, world\n".repeat(40), Files.readString(root.resolve("hello.txt")));
  }

  @Test
  void aZipWithALongComment_andBytesAfterIt_isCorrupt() throws Exception {
    Path file = zip("g.zip", "c".repeat(300), true);
    Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
    sandbox.refused(
        new ArchiveExtractor(ArchiveExtractor.Limits.defaults()),
        file,
        "g.zip",
        Reason.ARCHIVE_CORRUPT);
  }

  @Test
  void anEmptyZip_whoseEndRecordIsTheWholeFile_extractsToNothing() throws Exception {
    Path file = zip("empty.zip", null, false);
    assertEquals(22, Files.size(file), "just the end-of-central-directory record");
    assertEquals(sandbox.staging, extract(file));
    try (Stream<Path> s = Files.list(sandbox.staging)) {
      assertEquals(0, s.count());
    }
  }

  /** Overwrites a little-endian int in the central directory entry (and the local header). */
  private static void patchZip(Path file, int centralOffset, int localOffset, int value)
      throws IOException {
    byte[] b = Files.readAllBytes(file);
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i + 4 <= b.length; i++) {
      int sig = buf.getInt(i);
      if (sig == 0x02014b50) buf.putInt(i + centralOffset, value);
      if (sig == 0x04034b50 && localOffset >= 0) buf.putInt(i + localOffset, value);
    }
    Files.write(file, b);
  }

  @Test
  void aZipEntryLongerThanItsDeclaredSize_isCorrupt() throws Exception {
    Path file = zip("s.zip", null, true);
    int real = "hello, world\n".length() * 40;
    patchZip(file, 24, 22, real - 1);
    UpdateException e =
        sandbox.refused(
            new ArchiveExtractor(ArchiveExtractor.Limits.defaults()),
            file,
            "s.zip",
            Reason.ARCHIVE_CORRUPT);
    assertTrue(
        e.getMessage().contains("holds " + real + " bytes, its header says " + (real - 1)),
        e.getMessage());
  }

  @Test
  void aZipEntryDeclaredEmpty_thatHoldsBytes_isCorrupt() throws Exception {
    Path file = zip("z.zip", null, true);
    patchZip(file, 24, 22, 0);
    UpdateException e =
        sandbox.refused(
            new ArchiveExtractor(ArchiveExtractor.Limits.defaults()),
            file,
            "z.zip",
            Reason.ARCHIVE_CORRUPT);
    assertTrue(e.getMessage().contains("its header says 0"), e.getMessage());
  }

  @Test
  void aZipEntryWhoseDeclaredCrcIsZero_isStillChecked() throws Exception {
    Path file = zip("crc.zip", null, true);
    patchZip(file, 16, 14, 0);
    UpdateException e =
        sandbox.refused(
            new ArchiveExtractor(ArchiveExtractor.Limits.defaults()),
            file,
            "crc.zip",
            Reason.ARCHIVE_CORRUPT);
    assertTrue(e.getMessage().contains("CRC-32 mismatch"), e.getMessage());
  }

  @Test
  void anEncryptedZipEntry_isUnsupported_namingIt() throws Exception {
    Path file = zip("enc.zip", null, true);
    // General purpose bit 0, "encrypted", in the local header (offset 6) and central entry (8).
    byte[] b = Files.readAllBytes(file);
    for (int i = 0; i + 4 <= b.length; i++) {
      if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 3 && b[i + 3] == 4) b[i + 6] |= 1;
      if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) b[i + 8] |= 1;
    }
    Files.write(file, b);
    UpdateException e =
        sandbox.refused(
            new ArchiveExtractor(ArchiveExtractor.Limits.defaults()),
            file,
            "enc.zip",
            Reason.UNSUPPORTED_ARCHIVE);
    assertTrue(e.getMessage().contains("'app/hello.txt' is encrypted"), e.getMessage());
  }

  @Test
  void aZipLinkTarget_ofTheLongestLengthLinuxStores_isKept_oneByteMoreIsRefused() throws Exception {
    String longest = "a/".repeat(2047) + "a";
    assertEquals(ZipReader.MAX_LINK_TARGET_BYTES, longest.length());
    Path root =
        sandbox.extract(
            new ArchiveBuilder().file("app/a", "x").symlink("app/l", longest), "long.zip");
    assertEquals(longest, Files.readSymbolicLink(root.resolve("l")).toString());
    Files.delete(sandbox.archives.resolve("long.zip"));
    clearStaging();
    UpdateException e =
        refused(
            new ArchiveBuilder().file("app/a", "x").symlink("app/l", longest + "b"),
            "longer.zip",
            Reason.UNSAFE_ARCHIVE_ENTRY);
    assertTrue(e.getMessage().endsWith("symlink target is longer than 4095 bytes"), e.getMessage());
  }

  @Test
  void emptyDirectories_areCreated_inZipAndTar() throws Exception {
    ArchiveBuilder b = new ArchiveBuilder().dir("app/").dir("app/empty/").file("app/f", "x");
    for (String name : new String[] {"d.zip", "d.tar.gz"}) {
      Path root = sandbox.extract(b, name);
      assertTrue(Files.isDirectory(root.resolve("empty"), LinkOption.NOFOLLOW_LINKS), name);
      clearStaging();
    }
  }

  @Test
  void aPrePosixTarDirectory_markedOnlyByItsSlash_isADirectory() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      TarArchiveEntry dir = new TarArchiveEntry("app/empty/", TarConstants.LF_NORMAL, true);
      dir.setMode(0755);
      tar.putArchiveEntry(dir);
      tar.closeArchiveEntry();
      TarArchiveEntry file = new TarArchiveEntry("app/f", TarConstants.LF_NORMAL, true);
      file.setSize(1);
      tar.putArchiveEntry(file);
      tar.write('x');
      tar.closeArchiveEntry();
    }
    Path archive = Files.write(sandbox.archives.resolve("old.tar.gz"), bytes.toByteArray());
    Path root = extract(archive);
    assertTrue(Files.isDirectory(root.resolve("empty"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void aLinkEntryCarryingData_isNotTakenForTrailingGarbage() throws Exception {
    // Some writers give a symlink entry a body; it belongs to the entry, even as the last one.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      TarArchiveEntry file = new TarArchiveEntry("app/f", TarConstants.LF_NORMAL, true);
      file.setSize(1);
      tar.putArchiveEntry(file);
      tar.write('x');
      tar.closeArchiveEntry();
      TarArchiveEntry link = new TarArchiveEntry("app/l", TarConstants.LF_SYMLINK, true);
      link.setLinkName("f");
      link.setSize(600);
      tar.putArchiveEntry(link);
      tar.write(new byte[300]);
      for (int i = 0; i < 300; i++) tar.write('y');
      tar.closeArchiveEntry();
    }
    Path archive = Files.write(sandbox.archives.resolve("body.tar.gz"), bytes.toByteArray());
    Path root = extract(archive);
    assertEquals("f", Files.readSymbolicLink(root.resolve("l")).toString());
  }

  @Test
  void modificationTimes_comeFromTheArchive() throws Exception {
    Instant when = Instant.parse("2001-02-03T04:05:06Z");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      TarArchiveEntry file = new TarArchiveEntry("app/f", TarConstants.LF_NORMAL, true);
      file.setSize(1);
      file.setModTime(FileTime.from(when));
      tar.putArchiveEntry(file);
      tar.write('x');
      tar.closeArchiveEntry();
    }
    Path archive = Files.write(sandbox.archives.resolve("t.tar.gz"), bytes.toByteArray());
    Path root = extract(archive);
    assertEquals(
        FileTime.from(when),
        Files.getLastModifiedTime(root.resolve("f"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void underOneTopDirectory_aLinkToItsParent_leavesTheReleasesRoot_andIsDropped() throws Exception {
    // Inside staging, but once app/ is promoted to versions/<v>/ it would name versions/ (or, a
    // level further, another version): judged against the release's root, not staging.
    ArchiveExtractor.Extraction up =
        sandbox.extraction(
            new ArchiveBuilder().dir("app/").file("app/f", "x").symlink("app/up", ".."),
            "r.tar.gz");
    assertEquals(List.of("app/up -> .."), up.droppedLinks());
    assertFalse(Files.exists(up.root().resolve("up"), LinkOption.NOFOLLOW_LINKS));
    clearStaging();
    ArchiveExtractor.Extraction other =
        sandbox.extraction(
            new ArchiveBuilder()
                .dir("app/")
                .dir("app/lib/")
                .symlink("app/lib/x", "../../other/lib"),
            "o.tar.gz");
    assertEquals(List.of("app/lib/x -> ../../other/lib"), other.droppedLinks());
  }

  @Test
  void linksThatStayInTheReleasesRoot_areKept() throws Exception {
    Path root =
        sandbox.extract(
            new ArchiveBuilder()
                .dir("app/")
                .file("app/bin/tool", "#!/bin/sh\n", 0755)
                .symlink("app/lib/tool", "../bin/tool")
                .symlink("app/lib/here", "."),
            "k.tar.gz");
    assertEquals("../bin/tool", Files.readSymbolicLink(root.resolve("lib/tool")).toString());
    clearStaging();
    // Several top-level entries: staging is the root, so a link to it from one level down is fine.
    Path flat =
        sandbox.extract(
            new ArchiveBuilder().file("README", "r").symlink("lib/top", ".."), "f.tar.gz");
    assertEquals(sandbox.staging, flat);
    assertEquals("..", Files.readSymbolicLink(flat.resolve("lib/top")).toString());
  }

  @Test
  void aFileWhereADirectoryWasImplied_isADuplicate_saidSo() throws Exception {
    UpdateException e =
        refused(
            new ArchiveBuilder().file("app/a/b", "x").file("app/a", "y"),
            "dup.tar.gz",
            Reason.UNSAFE_ARCHIVE_ENTRY);
    assertTrue(
        e.getMessage().endsWith("duplicate entry: a directory of that name was already extracted"),
        e.getMessage());
    UpdateException plain =
        refused(
            new ArchiveBuilder().file("app/a", "x").file("app/a", "y"),
            "dup2.tar.gz",
            Reason.UNSAFE_ARCHIVE_ENTRY);
    assertTrue(plain.getMessage().endsWith("': duplicate entry"), plain.getMessage());
  }

  @Test
  void failingExtractions_leaveNoFileOpen() throws Exception {
    Path notGzip = Files.writeString(sandbox.archives.resolve("bad.tar.gz"), "not gzip at all");
    Path truncated = sandbox.archives.resolve("trunc.tar.gz");
    new ArchiveBuilder().file("app/f", "x".repeat(5000)).write(truncated);
    byte[] whole = Files.readAllBytes(truncated);
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
    long before = openFiles();
    for (int i = 0; i < 40; i++) {
      for (Path archive : new Path[] {notGzip, truncated}) {
        try {
          extract(archive);
        } catch (UpdateException expected) {
          // refused, as every time
        }
        clearStaging();
      }
    }
    long after = openFiles();
    assertTrue(after - before < 20, "open files grew from " + before + " to " + after);
  }

  private static long openFiles() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private void clearStaging() throws IOException {
    try (Stream<Path> all = Files.walk(sandbox.staging)) {
      all.sorted(java.util.Comparator.reverseOrder())
          .filter(p -> !p.equals(sandbox.staging))
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    }
  }
}
