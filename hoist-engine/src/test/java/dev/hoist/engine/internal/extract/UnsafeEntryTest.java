package dev.hoist.engine.internal.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile entries: each is refused as {@code UNSAFE_ARCHIVE_ENTRY} and nothing lands outside the
 * staging directory ({@link Sandbox#refused} checks the whole temp directory). The payload is
 * always named {@code evil}.
 */
class UnsafeEntryTest {
  @TempDir Path temp;
  private Sandbox sandbox;

  @BeforeEach
  void setUp() throws Exception {
    sandbox = new Sandbox(temp);
  }

  private UpdateException refused(ArchiveBuilder archive, String fileName) throws Exception {
    return sandbox.refused(archive, fileName, Reason.UNSAFE_ARCHIVE_ENTRY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar.gz", "a.tar.xz", "a.zip"})
  void dotDotEntry_isRefusedAsEscaping(String fileName) throws Exception {
    UpdateException e = refused(new ArchiveBuilder().file("../evil", "x"), fileName);

    assertEquals(
        "unsafe archive entry '../evil': path escapes the staging directory", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar.gz", "a.zip"})
  void dotDotDeeperInThePath_isRefused(String fileName) throws Exception {
    refused(new ArchiveBuilder().file("app/../../outside/evil", "x"), fileName);
  }

  @Test
  void dotDotThatStaysInside_isStillRefused() throws Exception {
    UpdateException e = refused(new ArchiveBuilder().file("app/../evil", "x"), "a.tar.gz");

    assertTrue(e.getMessage().contains("'..'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar.gz", "a.zip"})
  void absolutePath_isRefused(String fileName) throws Exception {
    String target = sandbox.outside.resolve("evil").toString();

    UpdateException e = refused(new ArchiveBuilder().file(target, "x"), fileName);

    assertTrue(e.getMessage().endsWith("': path is absolute"), e.getMessage());
  }

  @Test
  void nulInName_isRefused() throws Exception {
    UpdateException e = refused(new ArchiveBuilder().file("app/evil\0.txt", "x"), "a.zip");

    assertTrue(e.getMessage().contains("evil\\x00.txt"), e.getMessage());
  }

  @Test
  void emptyName_isRefused() throws Exception {
    refused(new ArchiveBuilder().file("", "x"), "a.zip");
  }

  @Test
  void backslashInName_isRefused() throws Exception {
    refused(new ArchiveBuilder().file("app/..\\..\\evil", "x"), "a.zip");
  }

  @Test
  void fileNamedAsTheStagingDirectoryItself_isRefused() throws Exception {
    refused(new ArchiveBuilder().file(".", "x"), "a.zip");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar.gz", "a.zip"})
  void absoluteSymlink_thenAnEntryThroughIt_isRefused(String fileName) throws Exception {
    // The link itself would only be dropped (ExternalLinkTest); writing through it is hostile.
    ArchiveBuilder archive =
        new ArchiveBuilder()
            .symlink("app/escape", sandbox.outside.toString())
            .file("app/escape/evil", "x");

    UpdateException e = refused(archive, fileName);

    assertEquals(
        "unsafe archive entry 'app/escape/evil': path goes through the symlink 'app/escape'",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar.gz", "a.zip"})
  void symlinkToParentOfStaging_isRefused(String fileName) throws Exception {
    refused(new ArchiveBuilder().symlink("a", "..").file("a/outside/evil", "x"), fileName);
  }

  @Test
  void symlinkEscapingFromASubdirectory_isRefused() throws Exception {
    refused(
        new ArchiveBuilder().symlink("app/lib/up", "../../../outside").file("app/lib/up/evil", "x"),
        "a.tar.gz");
  }

  @Test
  void emptySymlinkTarget_isRefused() throws Exception {
    refused(new ArchiveBuilder().symlink("app/evil", ""), "a.tar.gz");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar.gz", "a.zip"})
  void writingThroughASymlinkThatStaysInside_isRefused(String fileName) throws Exception {
    ArchiveBuilder archive =
        new ArchiveBuilder().dir("app/b/").symlink("app/a", "b").file("app/a/evil", "x");

    UpdateException e = refused(archive, fileName);

    assertTrue(e.getMessage().contains("symlink 'app/a'"), e.getMessage());
    assertFalse(Files.exists(sandbox.staging.resolve("app/b/evil")));
  }

  @Test
  void entryOverAnExistingSymlink_isRefused() throws Exception {
    ArchiveBuilder archive =
        new ArchiveBuilder().file("app/b", "ok").symlink("app/a", "b").file("app/a", "evil");

    UpdateException e = refused(archive, "a.tar.gz");

    assertEquals("unsafe archive entry 'app/a': duplicate entry", e.getMessage());
    assertEquals("ok", Files.readString(sandbox.staging.resolve("app/b")));
    // Links are made once the archive has been read to its end: neither the link nor the file.
    assertFalse(Files.exists(sandbox.staging.resolve("app/a"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void hardLinkToAnAbsolutePath_isRefused() throws Exception {
    refused(new ArchiveBuilder().hardLink("app/evil", "/etc/passwd"), "a.tar.gz");
  }

  @Test
  void hardLinkOutOfTheStagingDirectory_isRefused() throws Exception {
    refused(new ArchiveBuilder().hardLink("app/evil", "../outside/x"), "a.tar.gz");
  }

  @Test
  void hardLinkToAnEntryNotYetExtracted_isRefused() throws Exception {
    refused(
        new ArchiveBuilder().hardLink("app/evil", "app/later").file("app/later", "x"), "a.tar.gz");
  }

  @Test
  void hardLinkToADirectory_isRefused() throws Exception {
    refused(new ArchiveBuilder().dir("app/").hardLink("app/evil", "app"), "a.tar.gz");
  }

  @Test
  void hardLinkToASymlink_isRefused() throws Exception {
    ArchiveBuilder archive =
        new ArchiveBuilder().symlink("app/link", "target").hardLink("app/evil", "app/link");

    refused(archive, "a.tar.gz");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar.gz", "a.zip"})
  void characterDevice_isRefused(String fileName) throws Exception {
    refused(new ArchiveBuilder().characterDevice("app/evil"), fileName);
    assertFalse(Files.exists(sandbox.staging.resolve("app/evil"), LinkOption.NOFOLLOW_LINKS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar.gz", "a.zip"})
  void blockDevice_isRefused(String fileName) throws Exception {
    refused(new ArchiveBuilder().blockDevice("app/evil"), fileName);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar.gz", "a.zip"})
  void setuidFile_isRefused(String fileName) throws Exception {
    refused(new ArchiveBuilder().dir("app/").file("app/su", "x", 04755), fileName);
    assertFalse(Files.exists(sandbox.staging.resolve("app/su"), LinkOption.NOFOLLOW_LINKS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar.gz", "a.zip"})
  void setgidFile_isRefused(String fileName) throws Exception {
    refused(new ArchiveBuilder().dir("app/").file("app/sg", "x", 02755), fileName);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar.gz", "a.zip"})
  void fifo_isRefused(String fileName) throws Exception {
    refused(new ArchiveBuilder().fifo("app/evil"), fileName);
    assertFalse(Files.exists(sandbox.staging.resolve("app/evil"), LinkOption.NOFOLLOW_LINKS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar.gz", "a.tar.xz", "a.zip"})
  void duplicateFile_isRefusedAndTheFirstIsKept(String fileName) throws Exception {
    ArchiveBuilder archive =
        new ArchiveBuilder().file("app/bin/hoist", "good").file("app/bin/hoist", "evil");

    UpdateException e = refused(archive, fileName);

    assertTrue(e.getMessage().contains("duplicate"), e.getMessage());
    assertEquals("good", Files.readString(sandbox.staging.resolve("app/bin/hoist")));
  }

  @Test
  void duplicateAfterNormalization_isRefused() throws Exception {
    refused(
        new ArchiveBuilder().file("app/bin/hoist", "good").file("./app//bin/./hoist", "evil"),
        "a.tar.gz");
  }

  /** A repeated directory entry writes nothing over anything (Apache Maven's tarballs have one). */
  @ParameterizedTest
  @ValueSource(strings = {"a.tar.gz", "a.zip"})
  void repeatedDirectory_isTheSameDirectory(String fileName) throws Exception {
    ArchiveBuilder archive =
        new ArchiveBuilder()
            .dir("app/")
            .dir("app/lib/")
            .file("app/lib/a.jar", "a")
            .dir("app/lib/")
            .file("app/lib/b.jar", "b");

    Path root = sandbox.extract(archive, fileName);

    assertEquals("a", Files.readString(root.resolve("lib/a.jar")));
    assertEquals("b", Files.readString(root.resolve("lib/b.jar")));
  }

  @Test
  void directoryWhereAFileWasExtracted_isRefused() throws Exception {
    UpdateException e =
        refused(new ArchiveBuilder().file("app/bin", "x").dir("app/bin/"), "a.tar.gz");
    assertTrue(e.getMessage().contains("duplicate entry"), e.getMessage());
  }

  @Test
  void fileWhereADirectoryWasCreated_isRefused() throws Exception {
    refused(new ArchiveBuilder().file("app/bin/hoist", "x").file("app/bin", "evil"), "a.tar.gz");
  }

  @Test
  void entryBelowAFile_isRefused() throws Exception {
    UpdateException e =
        refused(new ArchiveBuilder().file("app/bin", "x").file("app/bin/evil", "x"), "a.tar.gz");

    assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
  }

  @Test
  void controlCharactersInNames_areEscapedInTheMessage() throws Exception {
    UpdateException e =
        refused(new ArchiveBuilder().file("../evil\n\u001b[2Jspoofed", "x"), "a.tar.gz");

    assertTrue(e.getMessage().contains("evil\\x0a\\x1b[2Jspoofed"), e.getMessage());
  }

  @Test
  void refusedArchive_leavesWhatItWroteInsideStagingOnly() throws Exception {
    ArchiveBuilder archive =
        new ArchiveBuilder().file("app/good", "fine").file("app/../../outside/evil", "x");

    refused(archive, "a.tar.gz");

    assertEquals("fine", Files.readString(sandbox.staging.resolve("app/good")));
    try (Stream<Path> outside = Files.list(sandbox.outside)) {
      assertEquals(0, outside.count());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"\0evil", "\\evil", "app/\\evil"})
  void aNameStartingWithNulOrABackslash_isRefused(String name) throws Exception {
    refused(new ArchiveBuilder().file("app/ok", "x").file(name, "x"), "a.tar.gz");
  }
}
