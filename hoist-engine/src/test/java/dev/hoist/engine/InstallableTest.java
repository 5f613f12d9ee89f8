package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.registry.Manifest;
import dev.hoist.engine.internal.registry.ManifestParser;
import dev.hoist.engine.internal.version.Platform;
import dev.hoist.engine.internal.version.Version;
import dev.hoist.engine.testing.Releases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel resolves to the newest release that can really be installed, and says what it skipped.
 */
class InstallableTest {
  private static final String SHA = "c".repeat(64);
  private static final Platform LINUX = Platform.of("Linux", "amd64");
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  @TempDir Path state;
  private final List<String> probed = new ArrayList<>();

  private static Manifest manifest(Releases.ManifestBuilder b) throws UpdateException {
    return new ManifestParser(new ObjectMapper()).parse(b.json().getBytes(StandardCharsets.UTF_8));
  }

  private static Releases.ManifestBuilder three() {
    return Releases.manifest()
        .release("1.0.0", "any", "a-1.0.0.tgz", 1, SHA)
        .release("1.1.0", "any", "a-1.1.0.tgz", 1, SHA)
        .release("1.2.0", "any", "a-1.2.0.tgz", 1, SHA);
  }

  /** A registry where the versions in {@code missing} have no artifact, {@code unsummed} no sum. */
  private Installable registry(Set<String> missing, Set<String> unsummed, Instant now) {
    return new Installable(
        c -> {
          String v = c.version().toString();
          probed.add(v);
          if (missing.contains(v)) {
            throw new UpdateException(
                Reason.NO_ASSET_FOR_PLATFORM, c.asset().url() + " is not published");
          }
          if (unsummed.contains(v)) {
            throw new UpdateException(Reason.CHECKSUM_MISSING, "no checksum for " + v);
          }
          return c.asset();
        },
        state,
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private static java.util.function.Predicate<Version> newerThan(String installed) {
    return v -> v.isNewerThan(Version.parse(installed));
  }

  @Test
  void anUnpublishedNewest_isPassedOver_remembered_andProbedAgainOnlyLater() throws Exception {
    Manifest m = manifest(three());
    Installable.Resolved r =
        registry(Set.of("1.2.0"), Set.of(), NOW)
            .resolve(m, "stable", Optional.empty(), LINUX, newerThan("1.0.0"));
    assertEquals("1.1.0", r.choice().version().toString());
    assertEquals(List.of("passed over 1.2.0: a-1.2.0.tgz is not published"), r.passedOver());
    assertEquals(List.of("1.2.0", "1.1.0"), probed);
    assertTrue(Files.readString(state.resolve("unpublished.json")).contains("a-1.2.0.tgz"));

    probed.clear();
    Installable.Resolved soon =
        registry(Set.of("1.2.0"), Set.of(), NOW.plus(Duration.ofHours(5)))
            .resolve(m, "stable", Optional.empty(), LINUX, newerThan("1.0.0"));
    assertEquals("1.1.0", soon.choice().version().toString());
    assertEquals(List.of("1.1.0"), probed, "the missing artifact is not asked for again");
    assertEquals(List.of(), soon.passedOver());

    probed.clear();
    Installable.Resolved later =
        registry(Set.of(), Set.of(), NOW.plus(Duration.ofHours(7)))
            .resolve(m, "stable", Optional.empty(), LINUX, newerThan("1.0.0"));
    assertEquals("1.2.0", later.choice().version().toString(), "published since: found again");
  }

  @Test
  void aReleaseWithoutAChecksum_isPassedOver_butNotRemembered() throws Exception {
    Installable.Resolved r =
        registry(Set.of(), Set.of("1.2.0"), NOW)
            .resolve(manifest(three()), "stable", Optional.empty(), LINUX, newerThan("1.0.0"));
    assertEquals("1.1.0", r.choice().version().toString());
    assertEquals(List.of("passed over 1.2.0: no checksum for 1.2.0"), r.passedOver());
    assertTrue(Files.notExists(state.resolve("unpublished.json")));
  }

  @Test
  void aReleaseWithoutThisPlatformsArchive_isPassedOver_withoutAProbe() throws Exception {
    Manifest m =
        manifest(
            Releases.manifest()
                .release("1.0.0", "any", "a-1.0.0.tgz", 1, SHA)
                .release("1.1.0", "linux-x64", "a-1.1.0-linux.tgz", 1, SHA)
                .release("1.2.0", "macos-arm64", "a-1.2.0-mac.tgz", 1, SHA)
                .channel("stable", "1.2.0"));
    Installable.Resolved r =
        registry(Set.of(), Set.of(), NOW)
            .resolve(m, "stable", Optional.empty(), LINUX, newerThan("1.0.0"));
    assertEquals("1.1.0", r.choice().version().toString(), "the channel falls to the newest left");
    assertEquals(1, r.passedOver().size());
    assertTrue(
        r.passedOver().get(0).contains("has no archive for linux-x64"), r.passedOver().get(0));
    assertEquals(List.of("1.1.0"), probed);
  }

  @Test
  void upToDate_probesNothing() throws Exception {
    Installable.Resolved r =
        registry(Set.of("1.2.0"), Set.of(), NOW)
            .resolve(manifest(three()), "stable", Optional.empty(), LINUX, newerThan("1.2.0"));
    assertEquals("1.2.0", r.choice().version().toString());
    assertEquals(List.of(), probed);
  }

  /**
   * The record of missing artifacts matters only once an update is wanted: an up-to-date install
   * keeps the channel the publisher named, even if that release was once missing.
   */
  @Test
  void upToDateOnTheChannelsRelease_staysSo_whateverTheRecordSays() throws Exception {
    Manifest m = manifest(three().channel("stable", "1.1.0"));
    Files.writeString(
        state.resolve("unpublished.json"), "{\"a-1.1.0.tgz\": \"" + NOW.minusSeconds(60) + "\"}");
    Installable.Resolved r =
        registry(Set.of(), Set.of(), NOW)
            .resolve(m, "stable", Optional.empty(), LINUX, newerThan("1.1.0"));
    assertEquals("1.1.0", r.choice().version().toString());
    assertEquals(List.of(), probed);
  }

  @Test
  void aPinnedVersion_isNeverReplaced() throws Exception {
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () ->
                registry(Set.of("1.1.0"), Set.of(), NOW)
                    .resolve(
                        manifest(three()),
                        "stable",
                        Optional.of(Version.parse("1.1.0")),
                        LINUX,
                        v -> true));
    assertEquals(Reason.NO_ASSET_FOR_PLATFORM, e.reason());
  }

  @Test
  void theSearchIsBounded_andEndsWithTheLastReason() throws Exception {
    Releases.ManifestBuilder b = Releases.manifest();
    Set<String> missing = new java.util.HashSet<>();
    for (int i = 0; i < 8; i++) {
      b.release("1." + i + ".0", "any", "a-1." + i + ".0.tgz", 1, SHA);
      if (i > 0) missing.add("1." + i + ".0");
    }
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () ->
                registry(missing, Set.of(), NOW)
                    .resolve(manifest(b), "stable", Optional.empty(), LINUX, newerThan("1.0.0")));
    assertEquals(Reason.NO_ASSET_FOR_PLATFORM, e.reason());
    assertEquals(Installable.MAX_PROBES, probed.size());
  }

  @Test
  void whenNothingIsLeft_theLastReasonIsGiven_notAnEmptyChannel() throws Exception {
    Manifest m = manifest(Releases.manifest().release("2.0.0", "any", "a-2.0.0.tgz", 1, SHA));
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () ->
                registry(Set.of("2.0.0"), Set.of(), NOW)
                    .resolve(m, "stable", Optional.empty(), LINUX, newerThan("1.0.0")));
    assertEquals(Reason.NO_ASSET_FOR_PLATFORM, e.reason());
  }

  @Test
  void otherFailures_areNotPassedOver() {
    Installable failing =
        new Installable(
            c -> {
              throw new UpdateException(Reason.REGISTRY_UNREACHABLE, "down");
            },
            state,
            Clock.fixed(NOW, ZoneOffset.UTC));
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () ->
                failing.resolve(
                    manifest(three()), "stable", Optional.empty(), LINUX, newerThan("1.0.0")));
    assertEquals(Reason.REGISTRY_UNREACHABLE, e.reason());
  }
}
