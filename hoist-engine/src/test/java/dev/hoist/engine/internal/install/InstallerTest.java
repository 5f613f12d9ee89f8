package dev.hoist.engine.internal.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.io.Durable;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallerTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path root;
  @TempDir Path elsewhere;
  private HoistHome home;
  private Installer installer;

  @BeforeEach
  void setUp() throws Exception {
    home = new HoistHome(root);
    installer = new Installer(home, CLOCK);
    installer.createLayout();
  }

  /** Stages a tree the way an update does and promotes it. */
  private void install(String version) throws Exception {
    Path staging = installer.newStagingDir(version);
    Path tree = Files.createDirectories(staging.resolve("tree/hoist-" + version + "/bin"));
    Files.writeString(tree.resolve("hoist"), "#!/bin/sh\necho hoist " + version + "\n");
    installer.promote(tree.getParent(), version, "0".repeat(64), "test");
  }

  @Test
  void promote_makesACompleteVersionDirAndEmptiesStaging() throws Exception {
    install("1.0.0");
    assertTrue(HoistHome.isComplete(home.versionDir("1.0.0")));
    assertTrue(Files.isRegularFile(home.versionDir("1.0.0").resolve("bin/hoist")));
    String marker = Files.readString(home.versionDir("1.0.0").resolve(".hoist/complete.json"));
    assertTrue(marker.contains("\"version\" : \"1.0.0\""), marker);
    assertEquals(List.of("1.0.0"), home.installedVersions());
  }

  @Test
  void promote_keepsWhatHoistPutInDotHoistInStaging_theNpmCommandLink() throws Exception {
    Path staging = installer.newStagingDir("1.0.0");
    Path tree = Files.createDirectories(staging.resolve("tree/package/bin"));
    Files.writeString(tree.resolve("tool"), "#!/bin/sh\n");
    Path own = Files.createDirectories(tree.getParent().resolve(".hoist/bin"));
    Files.createSymbolicLink(own.resolve("tool"), Path.of("../../bin/tool"));

    installer.promote(tree.getParent(), "1.0.0", "0".repeat(64), "test");

    Path v = home.versionDir("1.0.0");
    assertTrue(HoistHome.isComplete(v));
    assertTrue(Files.isRegularFile(v.resolve(".hoist/bin/tool")), "the link resolves in place");
  }

  @Test
  void repairMarker_replacesOnlyWhatStandsAtTheMarkersName() throws Exception {
    install("1.0.0");
    Path v = home.versionDir("1.0.0");
    Path link = Files.createDirectories(v.resolve(".hoist/bin"));
    Files.createSymbolicLink(link.resolve("tool"), Path.of("../../bin/hoist"));
    Path outside = elsewhere;
    Files.delete(v.resolve(HoistHome.MARKER));
    // A marker that is a link to a directory elsewhere: removed as a link, never followed.
    Files.createSymbolicLink(v.resolve(HoistHome.MARKER), outside);
    Files.writeString(outside.resolve("keep"), "not Hoist's");
    assertFalse(HoistHome.isComplete(v));

    installer.repairMarker("1.0.0");

    assertTrue(HoistHome.isComplete(v));
    assertTrue(Files.isSymbolicLink(v.resolve(".hoist/bin/tool")), "the command link stays");
    assertEquals("not Hoist's", Files.readString(outside.resolve("keep")));
  }

  @Test
  void activate_flipsARelativeSymlinkAndRecordsPrevious() throws Exception {
    install("1.0.0");
    install("1.1.0");
    installer.activate("1.0.0");
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
    assertEquals(Optional.empty(), home.previousVersion());

    installer.activate("1.1.0");
    assertEquals(Path.of("versions", "1.1.0"), Files.readSymbolicLink(home.current()));
    assertEquals(Optional.of("1.1.0"), home.currentVersion());
    assertEquals(Optional.of("1.0.0"), home.previousVersion());
    assertTrue(Files.isRegularFile(home.current().resolve("bin/hoist")));
    try (var s = Files.list(root)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".current-")));
    }
  }

  @Test
  void collectGarbage_keepsCurrentPreviousAndPinned() throws Exception {
    for (String v : List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0")) install(v);
    installer.activate("1.1.0");
    installer.activate("1.3.0");
    List<String> removed = installer.collectGarbage(Set.of("1.0.0"));
    assertEquals(List.of("1.2.0"), removed);
    assertEquals(Set.of("1.0.0", "1.1.0", "1.3.0"), Set.copyOf(home.installedVersions()));
    assertFalse(Files.exists(home.versionDir("1.2.0")));
  }

  @Test
  void sweep_removesEveryKindOfOrphanButNotInstalls() throws Exception {
    install("1.0.0");
    installer.activate("1.0.0");
    Path orphanStaging = Files.createDirectories(home.staging().resolve("1.1.0-dead/tree"));
    Files.writeString(orphanStaging.resolve("half"), "x");
    Path tempLink = root.resolve(".current-1234");
    Files.createSymbolicLink(tempLink, Path.of("versions", "1.0.0"));
    Path incomplete = Files.createDirectories(home.versionDir("1.1.0").resolve("bin"));
    Path oldTemp = Files.writeString(home.state().resolve("last-check.json.tmp-abc"), "{");
    Files.setLastModifiedTime(oldTemp, FileTime.from(Instant.now().minusSeconds(3600)));
    Path freshTemp = Files.writeString(home.state().resolve("last-check.json.tmp-new"), "{");

    installer.sweepOrphans();

    assertFalse(Files.exists(home.staging().resolve("1.1.0-dead")));
    assertFalse(Files.exists(tempLink, LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(incomplete.getParent()));
    assertFalse(Files.exists(oldTemp));
    assertTrue(Files.exists(freshTemp), "a temp file of a live writer is left alone");
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
    assertTrue(HoistHome.isComplete(home.versionDir("1.0.0")));
  }

  @Test
  void sweep_neverDeletesAMarkerlessVersionInUse() throws Exception {
    install("1.0.0");
    install("1.1.0");
    install("1.2.0");
    installer.activate("1.0.0");
    for (String v : List.of("1.0.0", "1.1.0", "1.2.0")) {
      Files.delete(home.versionDir(v).resolve(HoistHome.MARKER));
    }
    Files.createDirectories(home.versionDir("1.3.0"));

    installer.sweepOrphans(java.util.Set.of("1.1.0"));

    assertTrue(Files.isDirectory(home.versionDir("1.0.0")), "what current names stays");
    assertTrue(Files.isDirectory(home.versionDir("1.1.0")), "the running copy stays");
    assertFalse(Files.exists(home.versionDir("1.2.0")), "an unused incomplete version goes");
    assertFalse(Files.exists(home.versionDir("1.3.0")));
  }

  @Test
  void promote_refusesATreeThatAlreadyHasHoistsOwnDirectory_andWritesNoMarkerThroughALink()
      throws Exception {
    Path outside = Files.createDirectories(root.resolve("outside"));
    Path staged = installer.newStagingDir("2.0.0").resolve("hoist-2.0.0");
    Files.createDirectories(staged.resolve("bin"));
    Files.writeString(staged.resolve("VERSION"), "2.0.0\n");
    Files.createSymbolicLink(staged.resolve(".hoist"), outside);
    assertThrows(
        java.nio.file.FileAlreadyExistsException.class,
        () -> installer.promote(staged, "2.0.0", "0".repeat(64), "test"));
    assertEquals(List.of(), Files.list(outside).toList(), "nothing written through the link");
    assertFalse(HoistHome.isComplete(staged));
    assertFalse(Files.exists(home.versionDir("2.0.0")));
  }

  @Test
  void aCrashBetweenRecordingPreviousAndTheFlip_leavesTheOldRollbackTarget() throws Exception {
    install("1.0.0");
    installer.activate("1.0.0");
    install("1.1.0");
    installer.activate("1.1.0"); // previous: 1.0.0
    install("1.2.0");
    // Killed after the record, before the rename.
    assertThrows(
        IllegalStateException.class,
        () ->
            installer.activate(
                "1.2.0",
                () -> {
                  throw new IllegalStateException("killed");
                }));
    assertEquals(Optional.of("1.1.0"), home.currentVersion());
    assertEquals(Optional.of("1.0.0"), home.previousVersion(), "not 1.1.0, which is current");
    installer.collectGarbage(java.util.Set.of("1.2.0")); // 1.2.0: the next attempt's, say
    assertTrue(HoistHome.isComplete(home.versionDir("1.0.0")), "the real previous is kept");

    installer.activate("1.2.0"); // the flip, done again
    assertEquals(Optional.of("1.1.0"), home.previousVersion());
  }

  @Test
  void aRecordOfTheOldForm_isNeverARollbackToWhatIsCurrent() throws Exception {
    install("1.0.0");
    installer.activate("1.0.0");
    Files.writeString(home.state().resolve("previous"), "1.0.0\n");
    assertEquals(Optional.empty(), home.previousVersion());
  }

  @Test
  void aHomeWhosePathHoldsAColon_isRefusedBeforeAnythingIsWritten() {
    HoistHome h = new HoistHome(root.resolve("tools:2"));
    dev.hoist.engine.internal.failure.UpdateException e =
        assertThrows(
            dev.hoist.engine.internal.failure.UpdateException.class,
            () -> h.requireUsable("choose another with --home"));
    assertEquals(dev.hoist.engine.internal.failure.UpdateException.Reason.INVALID_HOME, e.reason());
    assertTrue(e.getMessage().contains("contains ':'"), e.getMessage());
    assertFalse(Files.exists(root.resolve("tools:2")));
  }

  /** Temp files are aged by the file system's clock, not by a holder's skewed one. */
  @Test
  void sweep_byAHolderWhoseClockRunsAhead_leavesAFreshTempFileAlone() throws Exception {
    install("1.0.0");
    installer.activate("1.0.0");
    Path freshTemp = Files.writeString(home.state().resolve("previous.tmp-live"), "1.0.0");
    Installer ahead =
        new Installer(home, Clock.offset(Clock.systemUTC(), java.time.Duration.ofDays(1)));
    ahead.sweepOrphans();
    assertTrue(Files.exists(freshTemp), "another process's temp file, written a moment ago");
    try (var s = Files.list(home.state())) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".age-probe")));
    }
  }

  @Test
  void promote_replacesAnIncompleteLeftover() throws Exception {
    Files.createDirectories(home.versionDir("1.0.0").resolve("lib"));
    install("1.0.0");
    assertTrue(HoistHome.isComplete(home.versionDir("1.0.0")));
    assertFalse(Files.exists(home.versionDir("1.0.0").resolve("lib")));
  }

  @Test
  void deleteTree_doesNotFollowLinksOut() throws Exception {
    Path outside = Files.createDirectories(root.resolve("outside"));
    Path precious = Files.writeString(outside.resolve("precious"), "keep");
    Path victim = Files.createDirectories(home.staging().resolve("x"));
    Files.createSymbolicLink(victim.resolve("link"), outside);
    Durable.deleteTree(victim);
    assertFalse(Files.exists(victim));
    assertTrue(Files.exists(precious));
  }

  /** An in-place home with {@code version} in {@code install/}. */
  private HoistHome inPlaceHome(String version) throws Exception {
    Path r = Files.createDirectories(root.resolve("inplace"));
    HoistHome h = new HoistHome(r);
    Files.createDirectories(h.state());
    Files.writeString(h.state().resolve("strategy"), "in-place\n");
    Installer i = new Installer(h, CLOCK);
    i.createLayout();
    Path staged = stagedTree(i, version);
    i.activate(version, i.promote(staged, version, "0".repeat(64), "test"));
    i.finishActivation();
    return h;
  }

  private static Path stagedTree(Installer i, String version) throws Exception {
    Path staging = i.newStagingDir(version);
    Path tree = Files.createDirectories(staging.resolve("tree/hoist-" + version + "/bin"));
    Files.writeString(tree.resolve("hoist"), "#!/bin/sh\necho hoist " + version + "\n");
    Files.writeString(tree.getParent().resolve("VERSION"), version + "\n");
    return tree.getParent();
  }

  @Test
  void inPlace_swapReplacesTheInstallAndFinishDropsTheBackup() throws Exception {
    HoistHome h = inPlaceHome("1.0.0");
    assertEquals(Optional.of("1.0.0"), h.currentVersion());
    Installer i = new Installer(h, CLOCK);
    i.activate("1.1.0", i.promote(stagedTree(i, "1.1.0"), "1.1.0", "0".repeat(64), "test"));
    assertEquals(Optional.of("1.1.0"), h.currentVersion());
    assertTrue(HoistHome.isComplete(h.backup()), "the old install waits as the backup");
    i.finishActivation();
    assertFalse(Files.exists(h.backup()));
    assertEquals(List.of("1.1.0"), h.installedVersions());
    assertEquals(Optional.empty(), h.previousVersion());
  }

  @Test
  void inPlace_revertRestoresTheBackup() throws Exception {
    HoistHome h = inPlaceHome("1.0.0");
    Installer i = new Installer(h, CLOCK);
    i.activate("1.1.0", i.promote(stagedTree(i, "1.1.0"), "1.1.0", "0".repeat(64), "test"));
    i.revertActivation(Optional.of("1.0.0"), "1.1.0", Optional.empty());
    assertEquals(Optional.of("1.0.0"), h.currentVersion());
    assertFalse(Files.exists(h.backup()));
  }

  @Test
  void inPlace_sweepRestoresABackupBesideAMissingInstall() throws Exception {
    HoistHome h = inPlaceHome("1.0.0");
    Files.move(h.install(), h.backup()); // killed between the two renames of a swap
    assertTrue(h.mayHaveLeftovers());
    new Installer(h, CLOCK).sweepOrphans();
    assertEquals(Optional.of("1.0.0"), h.currentVersion());
    assertFalse(Files.exists(h.backup()));
  }

  @Test
  void inPlace_sweepRestoresABackupBesideAnIncompleteInstall() throws Exception {
    HoistHome h = inPlaceHome("1.0.0");
    Files.move(h.install(), h.backup());
    Files.createDirectories(h.install().resolve("bin")); // a half-made install, no marker
    new Installer(h, CLOCK).sweepOrphans();
    assertEquals(Optional.of("1.0.0"), h.currentVersion());
    assertFalse(Files.exists(h.backup()));
  }

  @Test
  void inPlace_sweepDeletesABackupBesideACompleteInstall() throws Exception {
    HoistHome h = inPlaceHome("1.0.0");
    Installer i = new Installer(h, CLOCK);
    i.activate("1.1.0", i.promote(stagedTree(i, "1.1.0"), "1.1.0", "0".repeat(64), "test"));
    // killed before finishActivation: the new install is complete, the backup an orphan
    i.sweepOrphans();
    assertEquals(Optional.of("1.1.0"), h.currentVersion());
    assertFalse(Files.exists(h.backup()));
  }
}
