package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.UpdateListener.Phase;
import dev.hoist.engine.UpdateResult.Status;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.lock.UpdateLock;
import dev.hoist.engine.testing.Releases;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow in-process against {@code file:} registries and fake distributions whose launcher
 * is a shell script, so every step, including the smoke test, runs for real.
 */
class UpdateEngineTest {
  @TempDir Path tmp;
  private Path registry;
  private HoistHome home;
  private final List<Duration> sleeps = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    registry = Files.createDirectories(tmp.resolve("registry"));
    home = Releases.activeHome(tmp.resolve("home"), "1.0.0");
  }

  private UpdateEngine engine() {
    return engine("1.0.0");
  }

  /** An engine as a process started from {@code versions/<running>} would build it. */
  private UpdateEngine engine(String running) {
    return builder(running).build();
  }

  private UpdateEngine.Builder builder(String running) {
    return UpdateEngine.builder()
        .installDir(Optional.of(home.versionDir(running)))
        .runningVersion(running)
        .platform("Linux", "amd64")
        .retry(
            new dev.hoist.engine.internal.download.Downloader.RetryPolicy(
                2, Duration.ofMillis(1), Duration.ofMillis(1)),
            sleeps::add)
        .smokeTestTimeout(Duration.ofSeconds(30));
  }

  /** Publishes the given versions (first is stable unless said) and returns the manifest URL. */
  private URI publish(String stable, String... versions) throws IOException {
    Releases.ManifestBuilder m = Releases.manifest().channel("stable", stable);
    for (String v : versions) {
      m.release(v, Releases.fakeDistribution(registry, v));
    }
    return m.writeTo(registry.resolve("manifest.json")).toUri();
  }

  private UpdateResult update(URI manifest) {
    return engine().update(UpdateRequest.to(manifest));
  }

  private void assertNothingLeftBehind() throws IOException {
    try (Stream<Path> s = Files.list(home.staging())) {
      assertEquals(List.of(), s.toList(), "staging is empty");
    }
    assertFalse(Files.exists(home.state().resolve("update.lock")), "lock released");
  }

  @Test
  void newerRelease_isInstalledAndCurrentFlipped() throws Exception {
    UpdateResult r = update(publish("1.1.0", "1.0.0", "1.1.0"));
    assertEquals(Status.UPDATED, r.status(), r.message());
    assertEquals("1.0.0", r.from());
    assertEquals("1.1.0", r.to());
    assertEquals(Optional.of("1.1.0"), home.currentVersion());
    assertEquals(Optional.of("1.0.0"), home.previousVersion());
    assertEquals("1.1.0\n", Files.readString(home.current().resolve("VERSION")));
    assertTrue(Files.isExecutable(home.current().resolve("bin/hoist")));
    assertNothingLeftBehind();
    assertEquals(0, r.exitCode(false));
  }

  @Test
  void upToDate_doesNotTakeTheLock() throws Exception {
    URI m = publish("1.0.0", "1.0.0");
    UpdateLock held = heldLock();
    try {
      UpdateResult r = update(m);
      assertEquals(Status.UP_TO_DATE, r.status());
      assertEquals("1.0.0", r.current());
    } finally {
      held.close();
    }
  }

  @Test
  void checkAndDryRun_reportWithoutLockOrChange() throws Exception {
    URI m = publish("1.1.0", "1.1.0");
    UpdateLock held = heldLock();
    try {
      UpdateResult check = engine().update(UpdateRequest.to(m).withMode(UpdateRequest.Mode.CHECK));
      UpdateResult dry = engine().update(UpdateRequest.to(m).withMode(UpdateRequest.Mode.DRY_RUN));
      assertEquals(Status.UPDATE_AVAILABLE, check.status());
      assertEquals("1.1.0", check.latest());
      assertEquals(Status.UPDATE_AVAILABLE, dry.status());
      assertTrue(dry.message().startsWith("would update hoist 1.0.0 -> 1.1.0"), dry.message());
    } finally {
      held.close();
    }
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
  }

  @Test
  void lockHeld_skipsWithHolderPid() throws Exception {
    URI m = publish("1.1.0", "1.1.0");
    UpdateLock held = heldLock();
    try {
      UpdateResult r = update(m);
      assertEquals(Status.SKIPPED, r.status());
      assertEquals("locked", r.skipReason());
      assertEquals(ProcessHandle.current().pid(), r.holderPid());
      assertEquals(
          "another hoist update is already running (pid="
              + ProcessHandle.current().pid()
              + "); skipping",
          r.message());
      assertEquals(0, r.exitCode(false));
    } finally {
      held.close();
    }
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
  }

  @Test
  void checksumMismatch_failsAndLeavesCurrentAndNoStaging() throws Exception {
    Path archive = Releases.fakeDistribution(registry, "1.1.0");
    URI m =
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release(
                "1.1.0",
                "any",
                archive.getFileName().toString(),
                Files.size(archive),
                "f".repeat(64))
            .writeTo(registry.resolve("manifest.json"))
            .toUri();
    UpdateResult r = update(m);
    assertEquals(Status.FAILED, r.status());
    assertEquals(FailureReason.CHECKSUM_MISMATCH, r.error());
    assertEquals(1, r.exitCode(false));
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
    assertFalse(Files.exists(home.versionDir("1.1.0")));
    assertNothingLeftBehind();
  }

  @Test
  void corruptArchive_fails() throws Exception {
    Path archive =
        Files.write(registry.resolve("hoist-1.1.0.tar.gz"), new byte[] {31, -117, 8, 0, 1, 2, 3});
    URI m =
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release("1.1.0", archive)
            .writeTo(registry.resolve("manifest.json"))
            .toUri();
    UpdateResult r = update(m);
    assertEquals(FailureReason.ARCHIVE_CORRUPT, r.error(), r.message());
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
    assertNothingLeftBehind();
  }

  @Test
  void newVersionThatDoesNotRun_failsTheSmokeTest() throws Exception {
    Path archive = Releases.fakeDistribution(registry, "1.1.0", "0.0.1");
    URI m =
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release("1.1.0", archive)
            .writeTo(registry.resolve("manifest.json"))
            .toUri();
    UpdateResult r = update(m);
    assertEquals(FailureReason.SMOKE_TEST_FAILED, r.error(), r.message());
    assertTrue(r.message().contains("hoist 0.0.1"), r.message());
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
    assertFalse(Files.exists(home.versionDir("1.1.0")));
    assertNothingLeftBehind();
  }

  @Test
  void newVersionBrokenThroughCurrent_isRolledBackByTheHealthCheck() throws Exception {
    update(publish("1.1.0", "1.1.0"));
    Path archive = Releases.brokenOnceActivated(registry, "1.2.0");
    URI m =
        Releases.manifest()
            .channel("stable", "1.2.0")
            .release("1.2.0", archive)
            .writeTo(registry.resolve("manifest.json"))
            .toUri();
    UpdateResult r = engine("1.1.0").update(UpdateRequest.to(m));
    assertEquals(FailureReason.HEALTH_CHECK, r.error(), r.message());
    assertEquals("health-check", r.toJson().get("error"));
    assertTrue(r.message().contains("1.1.0 is current again"), r.message());
    assertEquals(Optional.of("1.1.0"), home.currentVersion());
    assertEquals(Optional.of("1.0.0"), home.previousVersion(), "rollback target restored");
    assertFalse(Files.exists(home.versionDir("1.2.0")), "the broken version is removed");
    assertNothingLeftBehind();
  }

  @Test
  void waitForLock_installsOnceTheHolderReleases() throws Exception {
    URI m = publish("1.1.0", "1.1.0");
    UpdateLock held = heldLock();
    java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
    UpdateListener onLock =
        new UpdateListener() {
          @Override
          public void phase(Phase phase, String detail) {
            if (phase == Phase.LOCK) waiting.countDown();
          }
        };
    var result =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                engine()
                    .update(UpdateRequest.to(m).withWaitForLock(Duration.ofSeconds(60)), onLock));
    assertTrue(waiting.await(30, java.util.concurrent.TimeUnit.SECONDS));
    held.close();
    UpdateResult r = result.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(Status.UPDATED, r.status(), r.message());
  }

  @Test
  void waitForLock_givesUpAfterTheTimeout() throws Exception {
    URI m = publish("1.1.0", "1.1.0");
    UpdateLock held = heldLock();
    try {
      UpdateResult r = engine().update(UpdateRequest.to(m).withWaitForLock(Duration.ofMillis(300)));
      assertEquals(FailureReason.LOCK_TIMEOUT, r.error(), r.message());
      assertTrue(r.message().contains("pid=" + ProcessHandle.current().pid()), r.message());
      assertEquals(1, r.exitCode(false));
    } finally {
      held.close();
    }
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
  }

  @Test
  void pinnedVersion_survivesGarbageCollection() throws Exception {
    var pin = engine().pinRunningVersion().orElseThrow();
    try {
      update(publish("1.1.0", "1.1.0"));
      engine("1.1.0").update(UpdateRequest.to(publish("1.2.0", "1.2.0")));
      engine("1.2.0").update(UpdateRequest.to(publish("1.3.0", "1.3.0")));
      assertTrue(home.installedVersions().contains("1.0.0"), "pinned 1.0.0 kept");
      assertFalse(home.installedVersions().contains("1.1.0"), "unpinned 1.1.0 collected");
    } finally {
      pin.close();
    }
    engine("1.3.0").update(UpdateRequest.to(publish("1.4.0", "1.4.0")));
    assertFalse(home.installedVersions().contains("1.0.0"), "released pin no longer keeps it");
  }

  @Test
  void unreachableRegistry_isTransientForUnattendedRuns() {
    URI m = URI.create("http://127.0.0.1:1/manifest.json");
    UpdateResult r = update(m);
    assertEquals(FailureReason.REGISTRY_UNREACHABLE, r.error());
    assertEquals(1, r.exitCode(false));
    assertEquals(0, r.exitCode(true));
    assertEquals("registry-unreachable", r.toJson().get("error"));
  }

  @Test
  void pinnedOlderVersion_isInstalledOnlyWhenNamed() throws Exception {
    URI m = publish("1.1.0", "0.9.0", "1.1.0");
    assertEquals(Status.UPDATED, update(m).status());
    UpdateResult down = engine().update(UpdateRequest.to(m).withPinned("0.9.0"));
    assertEquals(Status.UPDATED, down.status(), down.message());
    assertEquals(Optional.of("0.9.0"), home.currentVersion());
    // Without --to a lower channel version never moves the install down.
    URI lower = publish("0.8.0", "0.8.0");
    assertEquals(Status.UP_TO_DATE, update(lower).status());
  }

  @Test
  void rollback_returnsToPreviousAndBack() throws Exception {
    update(publish("1.1.0", "1.1.0"));
    UpdateResult back = engine().rollback();
    assertEquals(Status.ROLLED_BACK, back.status(), back.message());
    assertEquals("1.1.0", back.from());
    assertEquals("1.0.0", back.to());
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
    assertEquals(Optional.of("1.1.0"), home.previousVersion());
    assertEquals(Status.ROLLED_BACK, engine().rollback().status());
    assertEquals(Optional.of("1.1.0"), home.currentVersion());
  }

  @Test
  void rollbackWithoutPrevious_fails() {
    UpdateResult r = engine().rollback();
    assertEquals(FailureReason.NO_PREVIOUS_VERSION, r.error());
  }

  @Test
  void garbageCollection_keepsCurrentAndPrevious() throws Exception {
    update(publish("1.1.0", "1.1.0"));
    // The next update runs from the new version, as the next process would.
    UpdateResult r = engine("1.1.0").update(UpdateRequest.to(publish("1.2.0", "1.2.0")));
    assertEquals(Status.UPDATED, r.status(), r.message());
    assertEquals(List.of("1.1.0", "1.2.0"), home.installedVersions().stream().sorted().toList());
  }

  @Test
  void garbageCollection_neverDeletesTheRunningVersion() throws Exception {
    update(publish("1.1.0", "1.1.0"));
    UpdateResult r = update(publish("1.2.0", "1.2.0"));
    assertEquals(Status.UPDATED, r.status(), r.message());
    assertEquals(
        List.of("1.0.0", "1.1.0", "1.2.0"), home.installedVersions().stream().sorted().toList());
  }

  @Test
  void aDrippingServer_isCutOffByTheEnginesSpeedLimit_andNothingChanges() throws Exception {
    Path archive = Releases.fakeDistribution(registry, "1.1.0");
    String manifest =
        Releases.manifest().channel("stable", "1.1.0").release("1.1.0", archive).json();
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.start();
      server.enqueue(new mockwebserver3.MockResponse.Builder().body(manifest).build());
      for (int i = 0; i < 2; i++) {
        server.enqueue(
            new mockwebserver3.MockResponse.Builder()
                .body(new okio.Buffer().write(Files.readAllBytes(archive)))
                .throttleBody(10, 100, java.util.concurrent.TimeUnit.MILLISECONDS)
                .build());
      }
      UpdateResult r =
          builder("1.0.0")
              .downloadSpeedLimit(50_000, Duration.ofMillis(300))
              .build()
              .update(UpdateRequest.to(server.url("/manifest.json").uri()));
      assertEquals(Status.FAILED, r.status(), r.message());
      assertEquals(FailureReason.DOWNLOAD_FAILED, r.error(), r.message());
      assertEquals(0, r.exitCode(true), "transient: an unattended run shrugs it off");
      assertEquals(Optional.of("1.0.0"), home.currentVersion());
      assertNothingLeftBehind();
    }
  }

  @Test
  void aCurrentWhoseMarkerWasLost_isRepaired_notDeleted() throws Exception {
    Files.delete(home.versionDir("1.0.0").resolve(".hoist/complete.json"));
    assertTrue(home.versionDir("1.0.0").resolve("bin/hoist").toFile().setExecutable(true));
    URI m = publish("1.0.0", "1.0.0");
    UpdateResult r = update(m);
    assertEquals(Status.UP_TO_DATE, r.status(), r.message());
    assertTrue(HoistHome.isComplete(home.versionDir("1.0.0")), "marked complete again");
    assertEquals(Optional.of("1.0.0"), home.currentVersion());

    // And once repaired, the next release installs over it as usual.
    URI next = publish("1.1.0", "1.0.0", "1.1.0");
    assertEquals(Status.UPDATED, update(next).status());
  }

  @Test
  void developmentBuild_isNotSelfManaged() throws Exception {
    URI m = publish("1.1.0", "1.1.0");
    UpdateResult r = UpdateEngine.builder().build().update(UpdateRequest.to(m));
    assertEquals(Status.SKIPPED, r.status());
    assertEquals("not-self-managed", r.skipReason());
    assertNull(r.error());
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
  }

  private UpdateLock heldLock() throws Exception {
    return ((UpdateLock.Acquired)
            UpdateLock.tryAcquire(home.state(), "1.0.0", "test", Clock.systemUTC()))
        .lock();
  }

  @Test
  void handOff_isOfferedTheInstallBeforeTheLock_andItsResultIsTheEngines() throws Exception {
    URI m = publish("1.1.0", "1.0.0", "1.1.0");
    List<String> offered = new java.util.ArrayList<>();
    UpdateResult elsewhere =
        new UpdateResult(
            Status.SKIPPED, null, null, null, null, "handed-off", 42L, null, "elsewhere", 0, null);
    UpdateEngine engine =
        UpdateEngine.builder()
            .installDir(Optional.of(home.versionDir("1.0.0")))
            .runningVersion("1.0.0")
            .platform("Linux", "amd64")
            .handOff(
                (target, size) -> {
                  offered.add(target + " " + size);
                  assertFalse(Files.exists(home.state().resolve("update.lock")), "not locked yet");
                  return Optional.of(elsewhere);
                })
            .build();

    assertEquals(
        Status.UPDATE_AVAILABLE,
        engine.update(UpdateRequest.to(m).withMode(UpdateRequest.Mode.CHECK)).status());
    assertEquals(List.of(), offered, "a check installs nothing, so nothing is offered");
    UpdateResult r = engine.update(UpdateRequest.to(m));

    assertEquals(List.of("1.1.0 " + Files.size(registry.resolve("hoist-1.1.0.tar.gz"))), offered);
    assertEquals("handed-off", r.skipReason());
    assertEquals(Optional.of("1.0.0"), home.currentVersion(), "this process installed nothing");
    assertFalse(Files.exists(home.state().resolve("update.lock")), "the lock was never taken");
    assertEquals(List.of("1.0.0"), home.installedVersions());
  }
}
