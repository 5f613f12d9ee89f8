package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.app.App;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.testing.Releases;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check interval's claims, at the one place two runs could both miss each other. */
class UnattendedGatesTest {
  private static final Duration INTERVAL = Duration.ofMinutes(2);
  private static final Instant BOUNDARY = Instant.parse("2026-11-30T00:00:00Z"); // of 2-min slots

  @TempDir Path tmp;

  private static UnattendedGates gates(HoistHome home, Instant now, Runnable claiming) {
    return new UnattendedGates(
        home,
        App.HOIST,
        Clock.fixed(now, ZoneOffset.UTC),
        Duration.ofHours(24),
        INTERVAL,
        claiming);
  }

  /**
   * A run just before a slot boundary reads no earlier claim; one just after reads the first's slot
   * before the first has claimed it, finds nothing either, and claims its own: both asked the
   * registry. Here the second runs in exactly that gap; it must wait, and then skip.
   */
  @Test
  void twoRunsOnEitherSideOfASlotBoundary_onlyOneChecks() throws Exception {
    HoistHome home = Releases.activeHome(tmp.resolve("home"), "1.0.0");
    UpdateRequest auto = UpdateRequest.to(URI.create("file:///nowhere")).withUnattended(true);
    UnattendedGates after = gates(home, BOUNDARY.plusMillis(1), () -> {});
    AtomicReference<Optional<UpdateResult>> second = new AtomicReference<>();
    CountDownLatch secondDone = new CountDownLatch(1);
    Runnable slipIn =
        () -> {
          Thread t =
              new Thread(
                  () -> {
                    second.set(after.checkedRecently(auto));
                    secondDone.countDown();
                  });
          t.start();
          try {
            // It must not get through while this run is between its read and its claim.
            secondDone.await(300, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    Optional<UpdateResult> first =
        gates(home, BOUNDARY.minusMillis(1), slipIn).checkedRecently(auto);
    assertTrue(secondDone.await(10, TimeUnit.SECONDS), "the second run finished");
    assertTrue(first.isEmpty(), "the first checks");
    assertTrue(second.get().isPresent(), "so the second must not");
    assertEquals("checked-recently", second.get().get().skipReason());
  }
}
