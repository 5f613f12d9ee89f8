package dev.hoist.engine.internal.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UpdateLock#acquire} against a holder in this JVM: it backs off between attempts, keeps
 * waiting under an enormous timeout, and stops when interrupted. Durations are only ever checked
 * from below (a sleep never ends early), so a slow machine cannot fail these tests.
 */
class UpdateLockWaitTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final Duration HANG_GUARD = Duration.ofMinutes(1);

  @TempDir Path tmp;
  private UpdateLock holder;
  private final List<UpdateLock> cleanup = new ArrayList<>();

  @BeforeEach
  void takeTheLock() throws Exception {
    holder = take(Duration.ZERO, held -> {});
    cleanup.add(holder);
  }

  @AfterEach
  void release() {
    cleanup.forEach(UpdateLock::close);
  }

  private Path state() {
    return tmp.resolve("state");
  }

  private UpdateLock take(Duration timeout, java.util.function.Consumer<UpdateLock.Held> onHeld)
      throws UpdateException {
    UpdateLock.Attempt a =
        UpdateLock.acquire(state(), "1.0.0", "1.1.0", CLOCK, timeout, OsLocks.FCNTL, onHeld);
    UpdateLock lock = assertInstanceOf(UpdateLock.Acquired.class, a).lock();
    cleanup.add(lock);
    return lock;
  }

  @Test
  void aNegativeOrZeroTimeout_makesOneAttempt() throws Exception {
    for (Duration timeout : List.of(Duration.ZERO, Duration.ofSeconds(-5))) {
      List<UpdateLock.Held> seen = new ArrayList<>();

      UpdateLock.Attempt a =
          UpdateLock.acquire(state(), "1.0.0", "1.1.0", CLOCK, timeout, OsLocks.FCNTL, seen::add);

      assertEquals(List.of(a), seen);
      assertEquals(holder.record(), ((UpdateLock.Held) a).holder().orElseThrow());
    }
  }

  @Test
  void waiting_backsOffBetweenAttempts_50msDoublingTo250ms_lessAtMostAFifth() throws Exception {
    List<Long> attempts = new ArrayList<>();

    UpdateLock lock =
        take(
            HANG_GUARD,
            held -> {
              attempts.add(System.nanoTime());
              if (attempts.size() == 6) {
                holder.close();
              }
            });

    long[] leastPauseMillis = {40, 80, 160, 200, 200};
    for (int i = 0; i < leastPauseMillis.length; i++) {
      long gap = TimeUnit.NANOSECONDS.toMillis(attempts.get(i + 1) - attempts.get(i));
      assertTrue(
          gap >= leastPauseMillis[i],
          "pause " + (i + 1) + " was " + gap + " ms, less than " + leastPauseMillis[i]);
    }
    assertEquals(6, attempts.size());
    lock.verifyOwnership();
  }

  @Test
  void anEnormousTimeout_keepsWaitingUntilTheHolderLeaves() throws Exception {
    List<UpdateLock.Held> seen = new ArrayList<>();

    UpdateLock lock =
        take(
            Duration.ofSeconds(Long.MAX_VALUE),
            held -> {
              seen.add(held);
              holder.close();
            });

    assertEquals(1, seen.size());
    lock.verifyOwnership();
  }

  @Test
  void anInterruptWhileWaiting_endsTheWait_andKeepsTheInterruptStatus() throws Exception {
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();

    UpdateException e =
        CompletableFuture.supplyAsync(
                () -> {
                  Thread.currentThread().interrupt();
                  UpdateException thrown =
                      assertThrows(
                          UpdateException.class,
                          () ->
                              UpdateLock.acquire(
                                  state(),
                                  "1.0.0",
                                  "1.1.0",
                                  CLOCK,
                                  HANG_GUARD,
                                  OsLocks.FCNTL,
                                  held -> {}));
                  stillInterrupted.set(Thread.interrupted());
                  return thrown;
                })
            .get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);

    assertEquals(UpdateException.Reason.INTERRUPTED, e.reason());
    assertEquals(Boolean.TRUE, stillInterrupted.get());
    holder.verifyOwnership();
  }
}
