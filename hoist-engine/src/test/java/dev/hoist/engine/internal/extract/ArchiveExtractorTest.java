package dev.hoist.engine.internal.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Well-formed archives in every format: the tree, modes and the install root come out right. */
class ArchiveExtractorTest {
  @TempDir Path temp;
  private Sandbox sandbox;

  @BeforeEach
  void setUp() throws Exception {
    sandbox = new Sandbox(temp);
  }

  private static ArchiveBuilder release() {
    return new ArchiveBuilder()
        .dir("hoist-1.1.0/")
        .dir("hoist-1.1.0/bin/")
        .file("hoist-1.1.0/bin/hoist", "#!/bin/sh\necho hoist\n", 0755)
        .dir("hoist-1.1.0/lib/")
        .file("hoist-1.1.0/lib/deep/nested/hoist.jar", "jar bytes")
        .file("hoist-1.1.0/VERSION", "1.1.0\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hoist.tar.gz", "hoist.tgz", "hoist.tar.xz", "hoist.zip", "HOIST.TAR.GZ"})
  void release_extractsNestedTreeUnderItsSingleRoot(String fileName) throws Exception {
    Path root = sandbox.extract(release(), fileName);

    assertEquals(sandbox.staging.resolve("hoist-1.1.0"), root);
    assertEquals("1.1.0\n", Files.readString(root.resolve("VERSION")));
    assertEquals("jar bytes", Files.readString(root.resolve("lib/deep/nested/hoist.jar")));
    assertEquals("rwxr-xr-x", mode(root.resolve("bin/hoist")));
    assertEquals("rw-r--r--", mode(root.resolve("VERSION")));
    assertEquals("rwxr-xr-x", mode(root.resolve("lib/deep/nested")));
    assertTrue(Files.isExecutable(root.resolve("bin/hoist")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"flat.tar.gz", "flat.zip"})
  void flatArchive_returnsDestination(String fileName) throws Exception {
    ArchiveBuilder flat =
        new ArchiveBuilder().file("bin/hoist", "x", 0755).file("VERSION", "1.1.0\n");

    Path root = sandbox.extract(flat, fileName);

    assertEquals(sandbox.staging, root);
    assertEquals("1.1.0\n", Files.readString(root.resolve("VERSION")));
  }

  @Test
  void singleTopLevelFile_returnsDestination() throws Exception {
    assertEquals(
        sandbox.staging, sandbox.extract(new ArchiveBuilder().file("hoist", "x"), "one.tar.gz"));
  }

  @Test
  void topLevelSymlinkBesideRootDirectory_returnsDestination() throws Exception {
    ArchiveBuilder archive = new ArchiveBuilder().file("app/VERSION", "1").symlink("latest", "app");

    assertEquals(sandbox.staging, sandbox.extract(archive, "linked.tar.gz"));
  }

  @Test
  void implicitParentDirectories_areCreatedAndStillGiveTheRoot() throws Exception {
    ArchiveBuilder archive = new ArchiveBuilder().file("app/bin/hoist", "x", 0755);

    Path root = sandbox.extract(archive, "implicit.tar.gz");

    assertEquals(sandbox.staging.resolve("app"), root);
    assertEquals("rwxr-xr-x", mode(root.resolve("bin")));
  }

  @Test
  void dotSlashNames_asWrittenByTarOfDot_giveTheRoot() throws Exception {
    ArchiveBuilder archive =
        new ArchiveBuilder().dir("./").dir("./app/").file("./app/VERSION", "1.1.0\n");

    assertEquals(sandbox.staging.resolve("app"), sandbox.extract(archive, "dot.tar.gz"));
  }

  @Test
  void directoryEntryAfterItsChildren_isNotADuplicate() throws Exception {
    ArchiveBuilder archive = new ArchiveBuilder().file("app/bin/hoist", "x").dir("app/bin/");

    assertEquals(sandbox.staging.resolve("app"), sandbox.extract(archive, "late-dir.zip"));
  }

  @Test
  void modes_keepOnlyExecuteBits_stripStickyAndGroupWrite() throws Exception {
    ArchiveBuilder archive =
        new ArchiveBuilder()
            .dir("app/", 01777)
            .dir("app/private/", 02700)
            .file("app/setuid", "x", 01755)
            .file("app/world-writable-exec", "x", 0777)
            .file("app/world-writable", "x", 0666)
            .file("app/owner-exec-only", "x", 0700)
            .file("app/read-only", "x", 0400);

    Path root = sandbox.extract(archive, "modes.tar.gz");

    assertEquals("rwxr-xr-x", mode(root));
    assertEquals("rwxr-xr-x", mode(root.resolve("private")));
    assertEquals("rwxr-xr-x", mode(root.resolve("setuid")));
    assertEquals("rwxr-xr-x", mode(root.resolve("world-writable-exec")));
    assertEquals("rw-r--r--", mode(root.resolve("world-writable")));
    assertEquals("rwxr-xr-x", mode(root.resolve("owner-exec-only")));
    assertEquals("rw-r--r--", mode(root.resolve("read-only")));
  }

  @Test
  void zipWithoutUnixModes_givesPlainFiles() throws Exception {
    Path archive =
        new ArchiveBuilder()
            .file("app/bin/hoist", "x", 0755)
            .writeZipWithoutUnixModes(sandbox.archives.resolve("dos.zip"));

    Path root =
        new ArchiveExtractor(ArchiveExtractor.Limits.defaults())
            .extract(archive, "dos.zip", sandbox.staging)
            .root();

    assertEquals("rw-r--r--", mode(root.resolve("bin/hoist")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"links.tar.gz", "links.zip"})
  void relativeSymlinkInside_isCreatedAsALink(String fileName) throws Exception {
    ArchiveBuilder archive =
        new ArchiveBuilder()
            .file("app/runtime/bin/java", "java", 0755)
            .symlink("app/bin/java", "../runtime/bin/java")
            .symlink("app/current", "runtime/./bin");

    Path root = sandbox.extract(archive, fileName);

    Path link = root.resolve("bin/java");
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(Path.of("../runtime/bin/java"), Files.readSymbolicLink(link));
    assertEquals("java", Files.readString(link));
    assertEquals(Path.of("runtime/bin"), Files.readSymbolicLink(root.resolve("current")));
  }

  @Test
  void hardLinkToEarlierFile_isACopyWithItsContent() throws Exception {
    ArchiveBuilder archive =
        new ArchiveBuilder()
            .file("app/bin/hoist", "launcher", 0755)
            .hardLink("app/bin/hoist-alias", "app/bin/hoist");

    Path root = sandbox.extract(archive, "hardlink.tar.gz");

    Path alias = root.resolve("bin/hoist-alias");
    assertFalse(Files.isSymbolicLink(alias));
    assertEquals("launcher", Files.readString(alias));
  }

  @Test
  void globalPaxHeader_asGitArchiveWrites_isNotExtracted() throws Exception {
    ArchiveBuilder archive =
        new ArchiveBuilder().globalPaxHeader("0123456789abcdef").file("app/VERSION", "1");

    Path root = sandbox.extract(archive, "git.tar.gz");

    assertEquals(sandbox.staging.resolve("app"), root);
    try (Stream<Path> top = Files.list(sandbox.staging)) {
      assertEquals(1, top.count());
    }
  }

  @Test
  void emptyArchive_extractsNothing() throws Exception {
    assertEquals(sandbox.staging, sandbox.extract(new ArchiveBuilder(), "empty.tar.gz"));
  }

  @Test
  void mtime_isTakenFromTheEntry() throws Exception {
    Path archive = sandbox.write(new ArchiveBuilder().file("app/VERSION", "1"), "time.zip");
    // ZipArchiveOutputStream stamps entries with the current time; older than a minute is wrong.
    Path root =
        new ArchiveExtractor(ArchiveExtractor.Limits.defaults())
            .extract(archive, "time.zip", sandbox.staging)
            .root();

    FileTime mtime = Files.getLastModifiedTime(root.resolve("VERSION"), LinkOption.NOFOLLOW_LINKS);
    FileTime tarTime = Files.getLastModifiedTime(archive);
    assertTrue(Math.abs(mtime.toMillis() - tarTime.toMillis()) < 60_000, () -> "mtime " + mtime);
  }

  @Test
  void utf8Names_survive() throws Exception {
    Path root =
        sandbox.extract(new ArchiveBuilder().file("app/doc/läs-mig.txt", "hej"), "utf8.tar.gz");

    assertEquals(
        "hej",
        new String(Files.readAllBytes(root.resolve("doc/läs-mig.txt")), StandardCharsets.UTF_8));
  }

  @Test
  void isSupported_byExtensionIgnoringCase() {
    assertTrue(ArchiveExtractor.isSupported("hoist-1.1.0.tar.gz"));
    assertTrue(ArchiveExtractor.isSupported("hoist-1.1.0.TGZ"));
    assertTrue(ArchiveExtractor.isSupported("hoist-1.1.0.Tar.Xz"));
    assertTrue(ArchiveExtractor.isSupported("hoist-1.1.0.zip"));
    assertFalse(ArchiveExtractor.isSupported("hoist-1.1.0.tar.bz2"));
    assertFalse(ArchiveExtractor.isSupported("hoist-1.1.0.tar"));
    assertFalse(ArchiveExtractor.isSupported("hoist-1.1.0.gz"));
    assertFalse(ArchiveExtractor.isSupported(".zip"));
    assertFalse(ArchiveExtractor.isSupported("hoist.zip.sig"));
  }

  @Test
  void limits_mustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new ArchiveExtractor.Limits(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new ArchiveExtractor.Limits(1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new ArchiveExtractor.Limits(1, 1, -1));
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }
}
