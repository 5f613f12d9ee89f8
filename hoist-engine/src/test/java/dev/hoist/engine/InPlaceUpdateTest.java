package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.UpdateResult.Status;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.Installer;
import dev.hoist.engine.testing.Releases;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flow against an in-place home: one {@code install/} directory, swapped by renames. */
class InPlaceUpdateTest {
  @TempDir Path tmp;
  private Path registry;
  private HoistHome home;

  @BeforeEach
  void setUp() throws Exception {
    registry = Files.createDirectories(tmp.resolve("registry"));
    home = new HoistHome(tmp.resolve("home"));
    Files.createDirectories(home.state());
    Files.writeString(home.state().resolve("strategy"), "in-place\n");
    Installer installer = new Installer(home, Clock.systemUTC());
    installer.createLayout();
    Path tree =
        Releases.extracted(
            Releases.fakeDistribution(registry, "1.0.0"), installer.newStagingDir("1.0.0"));
    installer.activate("1.0.0", installer.promote(tree, "1.0.0", "0".repeat(64), "test"));
    installer.sweepOrphans();
  }

  private UpdateResult update(Path archive, String version) throws Exception {
    URI m =
        Releases.manifest()
            .channel("stable", version)
            .release(version, archive)
            .writeTo(registry.resolve("manifest.json"))
            .toUri();
    return UpdateEngine.builder()
        .installDir(Optional.of(home.install()))
        .runningVersion("1.0.0")
        .platform("Linux", "amd64")
        .smokeTestTimeout(Duration.ofSeconds(30))
        .build()
        .update(UpdateRequest.to(m));
  }

  private void assertClean() throws Exception {
    try (Stream<Path> s = Files.list(home.staging())) {
      assertEquals(List.of(), s.toList());
    }
    assertFalse(Files.exists(home.backup()));
    assertFalse(Files.exists(home.state().resolve("update.lock")));
  }

  @Test
  void update_swapsTheFixedInstallDirectory() throws Exception {
    UpdateResult r = update(Releases.fakeDistribution(registry, "1.1.0"), "1.1.0");
    assertEquals(Status.UPDATED, r.status(), r.message());
    assertEquals(Optional.of("1.1.0"), home.currentVersion());
    assertEquals("1.1.0\n", Files.readString(home.install().resolve("VERSION")));
    assertFalse(Files.exists(home.versions()), "no versions/ in an in-place home");
    assertClean();
  }

  @Test
  void failedVerification_leavesTheInstallAlone() throws Exception {
    Path archive = Releases.fakeDistribution(registry, "1.1.0", "9.9.9");
    UpdateResult r = update(archive, "1.1.0");
    assertEquals(FailureReason.SMOKE_TEST_FAILED, r.error(), r.message());
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
    assertClean();
  }

  @Test
  void failedHealthCheck_restoresTheOldInstall() throws Exception {
    UpdateResult r = update(Releases.brokenOnceActivated(registry, "1.1.0"), "1.1.0");
    assertEquals(FailureReason.HEALTH_CHECK, r.error(), r.message());
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
    assertTrue(Files.isExecutable(home.launcher()));
    assertClean();
  }

  @Test
  void rollback_explainsThatInPlaceKeepsNoPreviousVersion() {
    UpdateResult r =
        UpdateEngine.builder()
            .installDir(Optional.of(home.install()))
            .runningVersion("1.0.0")
            .build()
            .rollback();
    assertEquals(FailureReason.NO_PREVIOUS_VERSION, r.error());
    assertTrue(r.message().contains("in-place"), r.message());
  }
}
