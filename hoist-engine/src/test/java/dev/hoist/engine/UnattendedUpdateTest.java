package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hoist.engine.UpdateResult.Status;
import dev.hoist.engine.internal.auto.Pause;
import dev.hoist.engine.internal.auto.Rollout;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.testing.Releases;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pause and staged rollout, which gate unattended ({@code --auto}) runs only. */
class UnattendedUpdateTest {
  private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

  @TempDir Path tmp;
  private Path registry;
  private HoistHome home;

  @BeforeEach
  void setUp() throws Exception {
    registry = Files.createDirectories(tmp.resolve("registry"));
    home = Releases.activeHome(tmp.resolve("home"), "1.0.0");
  }

  /** An engine without the release spread: these tests are about the other gates. */
  private UpdateEngine engine(Instant now) {
    return engine(now, Duration.ZERO);
  }

  private UpdateEngine engine(Instant now, Duration spread) {
    return UpdateEngine.builder()
        .installDir(Optional.of(home.versionDir("1.0.0")))
        .runningVersion("1.0.0")
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .platform("Linux", "amd64")
        .releaseSpread(spread)
        .build();
  }

  private URI publish(int rollout) throws Exception {
    return Releases.manifest()
        .channel("stable", "1.1.0")
        .release("1.1.0", Releases.fakeDistribution(registry, "1.1.0"))
        .rollout(rollout)
        .writeTo(registry.resolve("manifest.json"))
        .toUri();
  }

  private static UpdateRequest auto(URI m) {
    return UpdateRequest.to(m).withUnattended(true);
  }

  /** 1.1.0, whose launcher answers as another version: its smoke test fails. */
  private URI publishBroken() throws Exception {
    Path archive = Releases.fakeDistribution(registry, "1.1.0", "9.9.9");
    return Releases.manifest()
        .channel("stable", "1.1.0")
        .release("1.1.0", archive)
        .writeTo(registry.resolve("manifest.json"))
        .toUri();
  }

  @Test
  void aReleaseThatFailedItsSmokeTest_isHeldBackFromUnattendedRuns_forTheBackOff()
      throws Exception {
    URI m = publishBroken();
    UpdateResult first = engine(T0).update(auto(m));
    assertEquals(Status.FAILED, first.status(), first.message());
    assertEquals(FailureReason.SMOKE_TEST_FAILED, first.error());

    UpdateResult hook = engine(T0.plus(Duration.ofHours(1))).update(auto(m));
    assertEquals(Status.SKIPPED, hook.status(), hook.message());
    assertEquals("held-back", hook.skipReason());
    assertEquals(0, hook.exitCode(true));

    UpdateResult person = engine(T0.plus(Duration.ofHours(1))).update(UpdateRequest.to(m));
    assertEquals(Status.FAILED, person.status(), "a person's run tries at once");

    UpdateResult later = engine(T0.plus(Duration.ofHours(26))).update(auto(m));
    assertEquals(Status.FAILED, later.status(), "tried again after the back-off");

    URI fixed =
        Releases.manifest()
            .channel("stable", "1.2.0")
            .release("1.2.0", Releases.fakeDistribution(registry, "1.2.0"))
            .writeTo(registry.resolve("manifest.json"))
            .toUri();
    UpdateResult newer = engine(T0.plus(Duration.ofHours(27))).update(auto(fixed));
    assertEquals(Status.UPDATED, newer.status(), newer.message());
    assertEquals(false, Files.exists(home.state().resolve("failed-release.json")));
  }

  /**
   * A pin ({@code hoist pin}) is followed by every run, so without the back-off each session start
   * would download the broken pinned release again; {@code --to} is a person's one-off and tries.
   */
  @Test
  void aPinnedReleaseThatFailed_isHeldBackToo_butOneNamedWithToIsTried() throws Exception {
    URI m = publishBroken();
    UpdateRequest pinned = auto(m).withHomePin("1.1.0");
    assertEquals(Status.FAILED, engine(T0).update(pinned).status());

    UpdateResult hook = engine(T0.plus(Duration.ofHours(1))).update(pinned);
    assertEquals("held-back", hook.skipReason(), hook.message());
    UpdateResult to = engine(T0.plus(Duration.ofHours(2))).update(auto(m).withPinned("1.1.0"));
    assertEquals(Status.FAILED, to.status(), "--to tries at once: " + to.message());
    assertEquals(
        Status.FAILED,
        engine(T0.plus(Duration.ofHours(27))).update(pinned).status(),
        "tried again after the back-off");
  }

  @Test
  void paused_autoRunSkipsWithoutContactingTheRegistry() throws Exception {
    new Pause(home.state(), Clock.fixed(T0, ZoneOffset.UTC)).pause(Optional.empty());
    URI nowhere = tmp.resolve("no-such-manifest.json").toUri(); // contacting it would fail
    UpdateResult r = engine(T0).update(auto(nowhere));
    assertEquals(Status.SKIPPED, r.status(), r.message());
    assertEquals("paused", r.skipReason());
    assertEquals(0, r.exitCode(true));
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
  }

  @Test
  void paused_manualRunGoesAhead() throws Exception {
    new Pause(home.state(), Clock.fixed(T0, ZoneOffset.UTC)).pause(Optional.empty());
    UpdateResult r = engine(T0).update(UpdateRequest.to(publish(100)));
    assertEquals(Status.UPDATED, r.status(), r.message());
  }

  @Test
  void pauseFor_autoRunsResumeOnceItExpires() throws Exception {
    new Pause(home.state(), Clock.fixed(T0, ZoneOffset.UTC))
        .pause(Optional.of(Duration.ofHours(1)));
    URI m = publish(100);
    assertEquals("paused", engine(T0.plusSeconds(3599)).update(auto(m)).skipReason());
    UpdateResult r = engine(T0.plusSeconds(3600)).update(auto(m));
    assertEquals(Status.UPDATED, r.status(), r.message());
  }

  @Test
  void rollout_autoRunTakesTheReleaseOnlyWhenItsBucketIsUnderThePercentage() throws Exception {
    Files.writeString(home.state().resolve("install-id"), "fixed-install\n");
    int bucket = Rollout.bucket("fixed-install", "1.1.0");

    UpdateResult out = engine(T0).update(auto(publish(bucket)));
    assertEquals(Status.SKIPPED, out.status(), out.message());
    assertEquals("rollout", out.skipReason());
    assertEquals(Optional.of("1.0.0"), home.currentVersion());

    // Past the check interval: the first run's check does not hold this one back.
    UpdateResult in = engine(T0.plus(Duration.ofMinutes(3))).update(auto(publish(bucket + 1)));
    assertEquals(Status.UPDATED, in.status(), in.message());
  }

  /**
   * Issue 15, item 6: an unattended run within the check interval of another makes no request. The
   * manifest is deleted after the first run, so a run that did ask would fail.
   */
  @Test
  void checkInterval_anAutoRunSoonAfterAnotherAsksNothing_oneAfterItAsksAgain() throws Exception {
    URI m = publish(0); // rolling out to nobody: the first run checks and stays on 1.0.0
    assertEquals("rollout", engine(T0.plusSeconds(110)).update(auto(m)).skipReason());
    Files.delete(registry.resolve("manifest.json"));

    UpdateResult soon = engine(T0.plusSeconds(111)).update(auto(m));
    assertEquals("checked-recently", soon.skipReason(), soon.message());
    assertEquals(
        "another unattended run checked the registry 1s ago (unattended runs check at most every"
            + " 120s); skipping",
        soon.message());
    // The next 2-minute slot has begun (T0 is on a slot boundary), but the claim is 15 s old.
    assertEquals("checked-recently", engine(T0.plusSeconds(125)).update(auto(m)).skipReason());

    UpdateResult later = engine(T0.plusSeconds(231)).update(auto(m));
    assertEquals(Status.FAILED, later.status(), "it asked the registry again: " + later.message());
  }

  @Test
  void checkInterval_aPersonsRunAlwaysChecks() throws Exception {
    URI m = publish(0);
    assertEquals("rollout", engine(T0).update(auto(m)).skipReason());
    UpdateResult r = engine(T0.plusSeconds(1)).update(UpdateRequest.to(m));
    assertEquals(Status.UPDATED, r.status(), r.message());
  }

  @Test
  void checkInterval_zeroChecksEveryTime() throws Exception {
    URI m = publish(0);
    UpdateEngine every =
        UpdateEngine.builder()
            .installDir(Optional.of(home.versionDir("1.0.0")))
            .runningVersion("1.0.0")
            .clock(Clock.fixed(T0, ZoneOffset.UTC))
            .platform("Linux", "amd64")
            .checkInterval(Duration.ZERO)
            .build();
    assertEquals("rollout", every.update(auto(m)).skipReason());
    assertEquals("rollout", every.update(auto(m)).skipReason());
  }

  /** An interval under a millisecond (HOIST_CHECK_INTERVAL=PT0.0001S) divided by zero. */
  @Test
  void checkInterval_underAMillisecond_checksEveryTime() throws Exception {
    URI m = publish(0);
    UpdateEngine every =
        UpdateEngine.builder()
            .installDir(Optional.of(home.versionDir("1.0.0")))
            .runningVersion("1.0.0")
            .clock(Clock.fixed(T0, ZoneOffset.UTC))
            .platform("Linux", "amd64")
            .checkInterval(Duration.ofNanos(100_000))
            .build();
    assertEquals("rollout", every.update(auto(m)).skipReason());
    assertEquals("rollout", every.update(auto(m)).skipReason());
  }

  /** Runs started in the same instant (a burst of session hooks): exactly one asks. */
  @Test
  void checkInterval_ofRunsStartedTogether_exactlyOneChecks() throws Exception {
    URI m = publish(0);
    int n = 8;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(n);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(n);
    try {
      java.util.List<java.util.concurrent.Future<String>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        runs.add(
            pool.submit(
                () -> {
                  UpdateEngine e = engine(T0.plusSeconds(5));
                  start.await();
                  return e.update(auto(m)).skipReason();
                }));
      }
      java.util.List<String> reasons = new java.util.ArrayList<>();
      for (var f : runs) reasons.add(f.get());
      assertEquals(1, reasons.stream().filter("rollout"::equals).count(), reasons.toString());
      assertEquals(
          n - 1, reasons.stream().filter("checked-recently"::equals).count(), reasons.toString());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rollout_zeroPercentStillLetsAPersonUpdate() throws Exception {
    URI m = publish(0);
    assertEquals("rollout", engine(T0).update(auto(m)).skipReason());
    assertEquals(Status.UPDATED, engine(T0).update(UpdateRequest.to(m)).status());
  }

  @Test
  void rollout_createsTheInstallIdOnFirstNeed() throws Exception {
    engine(T0).update(auto(publish(50)));
    String id = Files.readString(home.state().resolve("install-id")).strip();
    assertEquals(36, id.length(), id);
  }
}
