package dev.hoist.engine.internal.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Symlinks that point outside the release (issue 13, item 3): real publishers ship them (a JDK
 * copied from a Debian system links into {@code /etc} and {@code ../../../share}); they are not
 * created, the archive installs, and the extraction names every one it dropped. Nothing is ever
 * created outside staging, and a dropped link's name stays taken, so nothing can be written through
 * it or in its place.
 */
class ExternalLinkTest {
  @TempDir Path temp;
  private Sandbox sandbox;

  @BeforeEach
  void setUp() throws Exception {
    sandbox = new Sandbox(temp);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar.gz", "a.tar.xz", "a.zip"})
  void anAbsoluteLink_isDropped_andNamed(String fileName) throws Exception {
    ArchiveBuilder archive =
        new ArchiveBuilder()
            .file("app/bin/tool", "#!/bin/sh\n", 0755)
            .symlink("app/escape", sandbox.outside.toString());

    ArchiveExtractor.Extraction x = sandbox.extraction(archive, fileName);

    assertEquals(sandbox.staging.resolve("app"), x.root());
    assertEquals(List.of("app/escape -> " + sandbox.outside), x.droppedLinks());
    assertFalse(Files.exists(x.root().resolve("escape"), LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.isRegularFile(x.root().resolve("bin/tool")));
    sandbox.assertNothingOutsideStaging(sandbox.archives.resolve(fileName));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar.gz", "a.zip"})
  void aRelativeLinkOutOfStaging_isDropped(String fileName) throws Exception {
    ArchiveExtractor.Extraction x =
        sandbox.extraction(
            new ArchiveBuilder().file("app/bin/x", "x").symlink("app/lib/up", "../../../outside"),
            fileName);

    assertEquals(List.of("app/lib/up -> ../../../outside"), x.droppedLinks());
    assertFalse(Files.exists(x.root().resolve("lib/up"), LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.isDirectory(x.root().resolve("lib")), "its parent is still made");
    sandbox.assertNothingOutsideStaging(sandbox.archives.resolve(fileName));
  }

  @Test
  void aLinkWithDotDotAfterAName_cannotBeJudged_andIsDropped() throws Exception {
    // Lexically inside, but "x" is a symlink: the kernel resolves ".." from x's target.
    ArchiveExtractor.Extraction x =
        sandbox.extraction(
            new ArchiveBuilder().symlink("app/l", "x/../..").symlink("app/x", "."), "a.tar.gz");

    assertEquals(List.of("app/l -> x/../.."), x.droppedLinks());
    assertEquals(".", Files.readSymbolicLink(x.root().resolve("x")).toString());
  }

  @Test
  void aDanglingLinkInsideTheRelease_isKept() throws Exception {
    // jlinked runtimes point legal/<module>/LICENSE at ../java.base/LICENSE, present or not.
    ArchiveExtractor.Extraction x =
        sandbox.extraction(
            new ArchiveBuilder()
                .file("app/bin/tool", "x")
                .symlink("app/legal/java.logging/LICENSE", "../java.base/LICENSE"),
            "a.tar.gz");

    assertEquals(List.of(), x.droppedLinks());
    assertEquals(Optional.empty(), x.warning());
    assertEquals(
        "../java.base/LICENSE",
        Files.readSymbolicLink(x.root().resolve("legal/java.logging/LICENSE")).toString());
  }

  /**
   * A recorded fixture: the links of Debian's openjdk-17 as {@code tar} archives them (to {@code
   * /etc}, out of the tree by three levels, out of the root by one) plus one internal legal link.
   */
  @Test
  void aJdkCopiedFromDebian_installsWithoutItsOutwardLinks() throws Exception {
    Path archive = sandbox.archives.resolve("debian-jdk17-links.tar.gz");
    try (InputStream in = getClass().getResourceAsStream("/archives/debian-jdk17-links.tar.gz")) {
      Files.copy(in, archive);
    }

    ArchiveExtractor.Extraction x =
        new ArchiveExtractor(ArchiveExtractor.Limits.defaults())
            .extract(archive, "debian-jdk17-links.tar.gz", sandbox.staging);

    String top = "java-17-openjdk-amd64/";
    assertEquals(sandbox.staging.resolve(top), x.root());
    assertEquals(
        List.of(
            top + "conf/security/java.security -> /etc/java-17-openjdk/security/java.security",
            top + "docs -> ../../../share/doc/openjdk-17-jre-headless",
            top + "lib/jvm.cfg -> /etc/java-17-openjdk/jvm-amd64.cfg",
            top + "lib/libatk-wrapper.so -> ../../../x86_64-linux-gnu/jni/libatk-wrapper.so",
            top + "lib/security/cacerts -> /etc/ssl/certs/java/cacerts",
            top + "lib/security/default.policy -> /etc/java-17-openjdk/security/default.policy",
            top + "lib/src.zip -> ../../openjdk-17/src.zip"),
        x.droppedLinks());
    assertEquals(
        "7 symbolic links point outside the release and were not installed: "
            + top
            + "conf/security/java.security -> /etc/java-17-openjdk/security/java.security, "
            + top
            + "docs -> ../../../share/doc/openjdk-17-jre-headless, "
            + top
            + "lib/jvm.cfg -> /etc/java-17-openjdk/jvm-amd64.cfg and 4 more",
        x.warning().orElseThrow());
    // The internal link is made, and reads the file it names.
    Path legal = x.root().resolve("legal/java.logging/ASSEMBLY_EXCEPTION");
    assertTrue(Files.isSymbolicLink(legal));
    assertEquals(
        Files.readString(x.root().resolve("legal/java.base/ASSEMBLY_EXCEPTION")),
        Files.readString(legal));
    try (var links = Files.walk(sandbox.staging)) {
      assertEquals(1, links.filter(Files::isSymbolicLink).count(), "only the internal link");
    }
    sandbox.assertNothingOutsideStaging(archive);
  }

  @Test
  void oneDroppedLink_isSaidInTheSingular() throws Exception {
    ArchiveExtractor.Extraction x =
        sandbox.extraction(new ArchiveBuilder().symlink("app/cacerts", "/etc/x"), "a.tar.gz");
    assertEquals(
        "1 symbolic link points outside the release and was not installed: app/cacerts -> /etc/x",
        x.warning().orElseThrow());
  }

  @Test
  void aDroppedLinksName_staysTaken() throws Exception {
    UpdateException dir =
        sandbox.refused(
            new ArchiveBuilder().symlink("app/d", "/etc").dir("app/d/"),
            "dir.tar.gz",
            Reason.UNSAFE_ARCHIVE_ENTRY);
    assertEquals("unsafe archive entry 'app/d/': duplicate entry", dir.getMessage());
  }

  @Test
  void aMalformedTarget_isRefused_evenWhenAbsolute() throws Exception {
    UpdateException e =
        sandbox.refused(
            new ArchiveBuilder().symlink("app/l", "/etc\\passwd"),
            "a.tar.gz",
            Reason.UNSAFE_ARCHIVE_ENTRY);
    assertEquals(
        "unsafe archive entry 'app/l': symlink target '/etc\\passwd' contains a backslash",
        e.getMessage());
  }

  @Test
  void anOutwardLinkNamedHoist_atTheReleasesRoot_isRefused_notDropped() throws Exception {
    UpdateException e =
        sandbox.refused(
            new ArchiveBuilder().file("app/bin/x", "x").symlink("app/.hoist", "/tmp"),
            "a.tar.gz",
            Reason.UNSAFE_ARCHIVE_ENTRY);
    assertTrue(e.getMessage().contains("'.hoist' at the release's root"), e.getMessage());
  }
}
