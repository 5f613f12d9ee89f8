package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.UpdateResult.Status;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.testing.Releases;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine keeping another application up to date in a home of its own: the first install, an
 * update, up to date, rollback, the version command as the smoke test and health check, the command
 * link on PATH, and refusals that leave everything as it was.
 */
class AppUpdateTest {
  private static final App TOOL =
      new App("greet", "bin/greet", List.of("--version"), App.pattern("greet version (\\S+)"));

  @TempDir Path tmp;
  private Path registry;
  private HoistHome home;
  private Path link;

  @BeforeEach
  void setUp() throws IOException {
    registry = Files.createDirectories(tmp.resolve("registry"));
    home = new HoistHome(tmp.resolve("apps/greet"));
    link = tmp.resolve("bin/greet");
  }

  private UpdateEngine engine() {
    return UpdateEngine.builder()
        .app(TOOL)
        .managedHome(home.root())
        .pathLink(link)
        .platform("Linux", "amd64")
        .smokeTestTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** Publishes greet releases, each printing {@code greet version <v>}, newest is stable. */
  private URI publish(String... versions) throws IOException {
    Releases.ManifestBuilder m =
        Releases.manifest().channel("stable", versions[versions.length - 1]);
    for (String v : versions) {
      m.release(v, Releases.toolArchive(registry, "greet", v, "greet version " + v));
    }
    return m.writeTo(registry.resolve("manifest.json")).toUri();
  }

  private static String run(Path command) throws Exception {
    Process p = new ProcessBuilder(command.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertEquals(0, p.waitFor());
    return out;
  }

  private void assertClean() throws IOException {
    try (Stream<Path> s = Files.list(home.staging())) {
      assertEquals(List.of(), s.toList(), "staging is empty");
    }
    assertFalse(Files.exists(home.state().resolve("update.lock")), "lock released");
  }

  @Test
  void firstRun_installsTheAppAndPutsItsCommandOnPath() throws Exception {
    UpdateResult r = engine().update(UpdateRequest.to(publish("1.0.0")));

    assertEquals(Status.UPDATED, r.status(), r.message());
    assertNull(r.from());
    assertEquals("1.0.0", r.to());
    assertEquals("installed greet 1.0.0", r.message());
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
    assertEquals(home.current().resolve("bin/greet"), Files.readSymbolicLink(link));
    assertEquals("greet 1.0.0 says hello", run(link));
    assertClean();
  }

  @Test
  void newerRelease_replacesTheInstalledOneAndTheLinkFollows() throws Exception {
    engine().update(UpdateRequest.to(publish("1.0.0")));

    UpdateResult r = engine().update(UpdateRequest.to(publish("1.0.0", "1.1.0")));

    assertEquals(Status.UPDATED, r.status(), r.message());
    assertEquals("1.0.0", r.from());
    assertEquals("updated greet 1.0.0 -> 1.1.0", r.message());
    assertEquals(Optional.of("1.0.0"), home.previousVersion());
    assertEquals("greet 1.1.0 says hello", run(link));
    assertClean();
  }

  @Test
  void upToDate_changesNothingButPutsBackAMissingLink() throws Exception {
    URI m = publish("1.0.0");
    engine().update(UpdateRequest.to(m));
    Files.delete(link);

    UpdateResult r = engine().update(UpdateRequest.to(m));

    assertEquals(Status.UP_TO_DATE, r.status(), r.message());
    assertEquals("greet 1.0.0 is up to date", r.message());
    assertEquals("greet 1.0.0 says hello", run(link));
  }

  @Test
  void checkOnAnEmptyHome_reportsTheFirstVersionAsAvailable() throws Exception {
    UpdateResult r =
        engine().update(UpdateRequest.to(publish("1.0.0")).withMode(UpdateRequest.Mode.CHECK));

    assertEquals(Status.UPDATE_AVAILABLE, r.status(), r.message());
    assertNull(r.current());
    assertEquals("greet 1.0.0 is available (installed: nothing)", r.message());
    assertFalse(Files.exists(link));
  }

  @Test
  void rollback_returnsToThePreviousVersion() throws Exception {
    engine().update(UpdateRequest.to(publish("1.0.0")));
    engine().update(UpdateRequest.to(publish("1.0.0", "1.1.0")));

    UpdateResult r = engine().rollback();

    assertEquals(Status.ROLLED_BACK, r.status(), r.message());
    assertEquals("rolled back greet 1.1.0 -> 1.0.0", r.message());
    assertEquals("greet 1.0.0 says hello", run(link));
  }

  @Test
  void rollbackOfAnAppNeverInstalled_failsClearly() {
    UpdateResult r = engine().rollback();

    assertEquals(Status.FAILED, r.status());
    assertEquals(Optional.of(FailureReason.NO_PREVIOUS_VERSION), r.failure());
    assertTrue(r.message().contains("greet is not installed"), r.message());
  }

  @Test
  void releaseReportingAnotherVersion_failsTheSmokeTestAndInstallsNothing() throws Exception {
    Path archive = Releases.toolArchive(registry, "greet", "1.0.0", "greet version 0.9.0");
    URI m =
        Releases.manifest()
            .channel("stable", "1.0.0")
            .release("1.0.0", archive)
            .writeTo(registry.resolve("manifest.json"))
            .toUri();

    UpdateResult r = engine().update(UpdateRequest.to(m));

    assertEquals(Status.FAILED, r.status());
    assertEquals(Optional.of(FailureReason.SMOKE_TEST_FAILED), r.failure());
    assertTrue(r.message().contains("bin/greet --version"), r.message());
    assertTrue(r.message().contains("(version 0.9.0)"), r.message());
    assertEquals(Optional.empty(), home.currentVersion());
    assertEquals(List.of(), home.installedVersions());
    assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertClean();
  }

  @Test
  void releaseWithoutTheLauncher_failsTheSmokeTest() throws Exception {
    UpdateEngine wrongLauncher =
        UpdateEngine.builder()
            .app(new App("greet", "bin/hello", List.of("--version"), TOOL.versionPattern()))
            .managedHome(home.root())
            .build();

    UpdateResult r = wrongLauncher.update(UpdateRequest.to(publish("1.0.0")));

    assertEquals(Optional.of(FailureReason.SMOKE_TEST_FAILED), r.failure());
    assertTrue(r.message().contains("no executable bin/hello"), r.message());
  }

  @Test
  void commandPathTakenBySomethingElse_failsBeforeDownloading() throws Exception {
    Files.createDirectories(link.getParent());
    Files.writeString(link, "#!/bin/sh\necho mine\n");

    UpdateResult r = engine().update(UpdateRequest.to(publish("1.0.0")));

    assertEquals(Optional.of(FailureReason.INVALID_HOME), r.failure());
    assertTrue(r.message().contains(link + " already exists"), r.message());
    assertEquals("#!/bin/sh\necho mine\n", Files.readString(link));
    assertFalse(Files.exists(home.versions()), "nothing installed");
  }

  @Test
  void homeThatHoldsSomethingElse_isRefused() throws Exception {
    Files.createDirectories(home.root());
    Files.writeString(home.root().resolve("notes.txt"), "mine");

    UpdateResult r = engine().update(UpdateRequest.to(publish("1.0.0")));

    assertEquals(Optional.of(FailureReason.INVALID_HOME), r.failure());
    assertEquals(List.of("notes.txt"), names(home.root()));
  }

  /** A descriptor whose home is Hoist's own (or another tool's) can never install over it. */
  @Test
  void homeOfAnotherApp_isRefused() throws Exception {
    engine().update(UpdateRequest.to(publish("1.0.0")));
    assertEquals(Optional.of("greet"), home.appName());
    UpdateEngine other =
        UpdateEngine.builder()
            .app(new App("wave", "bin/greet", List.of("--version"), TOOL.versionPattern()))
            .managedHome(home.root())
            .build();

    UpdateResult r = other.update(UpdateRequest.to(publish("1.0.0", "1.1.0")));

    assertEquals(Optional.of(FailureReason.INVALID_HOME), r.failure());
    assertTrue(r.message().contains("is the home of greet, not of wave"), r.message());
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
    assertEquals(Optional.of(FailureReason.INVALID_HOME), other.rollback().failure());
  }

  @Test
  void hoistsOwnHome_isRefusedAsAnAppHome() throws Exception {
    HoistHome hoist = Releases.activeHome(tmp.resolve("hoist-home"), "1.0.0");
    UpdateEngine intoHoist = UpdateEngine.builder().app(TOOL).managedHome(hoist.root()).build();

    UpdateResult r = intoHoist.update(UpdateRequest.to(publish("1.0.0")));

    assertEquals(Optional.of(FailureReason.INVALID_HOME), r.failure());
    assertTrue(r.message().contains("is the home of hoist, not of greet"), r.message());
    assertEquals(Optional.of("1.0.0"), hoist.currentVersion());
  }

  @Test
  void garbageCollection_keepsCurrentAndPreviousOnly() throws Exception {
    engine().update(UpdateRequest.to(publish("1.0.0")));
    engine().update(UpdateRequest.to(publish("1.0.0", "1.1.0")));
    engine().update(UpdateRequest.to(publish("1.0.0", "1.1.0", "1.2.0")));

    assertEquals(List.of("1.1.0", "1.2.0"), home.installedVersions().stream().sorted().toList());
  }

  @Test
  void status_describesTheAppHome() throws Exception {
    engine().update(UpdateRequest.to(publish("1.0.0")));

    StatusReport s = engine().status();

    assertTrue(s.selfManaged());
    assertEquals(home.root().toString(), s.home());
    assertEquals("1.0.0", s.current());
    assertEquals(List.of("1.0.0"), s.versions());
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
