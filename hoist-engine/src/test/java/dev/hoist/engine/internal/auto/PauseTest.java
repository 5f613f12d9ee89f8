package dev.hoist.engine.internal.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PauseTest {
  private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

  @TempDir Path state;

  private static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  @Test
  void pauseFor_expiresAtItsDeadlineByTheClock() throws Exception {
    new Pause(state, at(T0)).pause(Optional.of(Duration.ofHours(2)));
    Pause.State s = new Pause(state, at(T0.plusSeconds(7199))).active().orElseThrow();
    assertEquals(Optional.of(T0.plus(Duration.ofHours(2))), s.until());
    assertEquals(Optional.of(T0), s.since());
    assertTrue(s.describe().contains("2026-11-30T02:00:00Z"), s.describe());
    assertEquals(Optional.empty(), new Pause(state, at(T0.plusSeconds(7200))).active());
    assertTrue(Files.exists(state.resolve("paused")), "readers never delete the sentinel");
  }

  @Test
  void pauseWithoutDuration_lastsUntilResume() throws Exception {
    new Pause(state, at(T0)).pause(Optional.empty());
    Pause later = new Pause(state, at(T0.plus(Duration.ofDays(3650))));
    assertTrue(later.active().isPresent());
    assertTrue(later.resume());
    assertFalse(later.active().isPresent());
    assertFalse(later.resume(), "resuming twice is harmless");
  }

  @Test
  void aTouchedSentinel_pausesWithoutExpiry() throws Exception {
    Files.writeString(state.resolve("paused"), "");
    Pause.State s = new Pause(state, at(T0)).active().orElseThrow();
    assertEquals(Optional.empty(), s.until());
  }

  @Test
  void aNewPause_replacesTheOld() throws Exception {
    new Pause(state, at(T0)).pause(Optional.of(Duration.ofMinutes(5)));
    new Pause(state, at(T0)).pause(Optional.empty());
    assertEquals(
        Optional.empty(), new Pause(state, at(T0.plusSeconds(600))).active().orElseThrow().until());
  }
}
