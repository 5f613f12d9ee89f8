package dev.hoist.engine.internal.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This JVM's slot for a lock directory ({@link JvmRegistry}) under threads: it is free again after
 * every call, whichever thread acquires, asks, fails or closes, and it never lets two in at once.
 */
class LockSlotThreadsTest {
  /** Only a guard against a hang: outcomes are asserted, never durations. */
  private static final long HANG_GUARD_SECONDS = 60;

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final List<UpdateLock> cleanup = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
    cleanup.forEach(UpdateLock::close);
  }

  private Path state() {
    return tmp.resolve("state");
  }

  private Path lockFile() {
    return state().resolve("update.lock");
  }

  private JvmRegistry.Slot slot() throws Exception {
    Object key =
        Files.readAttributes(state(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            .fileKey();
    return JvmRegistry.slot(key);
  }

  private UpdateLock.Attempt attempt() throws UpdateException {
    UpdateLock.Attempt a = UpdateLock.tryAcquire(state(), "1.0.0", "1.1.0", CLOCK);
    if (a instanceof UpdateLock.Acquired acquired) {
      cleanup.add(acquired.lock());
    }
    return a;
  }

  private UpdateLock acquired() throws UpdateException {
    return assertInstanceOf(UpdateLock.Acquired.class, attempt()).lock();
  }

  private <T> T onAnotherThread(Callable<T> task) throws Exception {
    return pool.submit(task).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
  }

  private void assertSlotFree() throws Exception {
    JvmRegistry.Slot slot = slot();
    assertFalse(slot.busy.isLocked(), "no thread still holds the slot");
    // And another thread can really take it (a lock left held by this thread would not show).
    assertTrue(
        onAnotherThread(
            () -> {
              if (!slot.busy.tryLock(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
                return false;
              }
              slot.busy.unlock();
              return true;
            }));
  }

  @Test
  void theSlot_isOnePerDirectory() throws Exception {
    Files.createDirectories(state());
    Path other = Files.createDirectories(tmp.resolve("other"));
    Object key = Files.readAttributes(state(), BasicFileAttributes.class).fileKey();
    Object otherKey = Files.readAttributes(other, BasicFileAttributes.class).fileKey();

    assertSame(JvmRegistry.slot(key), JvmRegistry.slot(key));
    assertNotSame(JvmRegistry.slot(key), JvmRegistry.slot(otherKey));
  }

  @Test
  void closingOnAnotherThread_freesTheLockForEveryThread() throws Exception {
    UpdateLock first = acquired();
    assertSame(first, slot().holder);

    onAnotherThread(
        () -> {
          first.close();
          return null;
        });

    assertNull(slot().holder);
    assertFalse(Files.exists(lockFile(), LinkOption.NOFOLLOW_LINKS));
    assertSlotFree();
    UpdateLock second = onAnotherThread(this::acquired);
    assertSame(second, slot().holder);
    assertNotSame(first, second);
    second.verifyOwnership();
    onAnotherThread(
        () -> {
          second.close();
          return null;
        });
    assertNull(slot().holder);
    assertSlotFree();
  }

  @Test
  void aFailedAcquisition_leavesTheSlotFreeAndEmpty() throws Exception {
    Files.createDirectories(state());
    Files.createSymbolicLink(lockFile(), tmp.resolve("elsewhere"));

    assertThrows(UpdateException.class, this::attempt);
    ExecutionException onOther =
        assertThrows(ExecutionException.class, () -> onAnotherThread(this::attempt));
    assertInstanceOf(UpdateException.class, onOther.getCause());

    assertNull(slot().holder);
    assertSlotFree();
    Files.delete(lockFile());
    UpdateLock lock = onAnotherThread(this::acquired);
    assertSame(lock, slot().holder);
  }

  @Test
  void everyCallOnAHeldLock_leavesTheSlotFree() throws Exception {
    UpdateLock lock = acquired();

    UpdateLock.Attempt again = onAnotherThread(this::attempt);
    assertEquals(
        Optional.of(lock.record()), assertInstanceOf(UpdateLock.Held.class, again).holder());
    assertSlotFree();
    assertEquals(Optional.of(lock.record()), onAnotherThread(() -> UpdateLock.holder(state())));
    assertSlotFree();
    lock.verifyOwnership();
    assertSlotFree();
    lock.sweepOrphans();
    assertSlotFree();
    onAnotherThread(
        () -> {
          lock.verifyOwnership();
          lock.sweepOrphans();
          return null;
        });
    assertSlotFree();

    lock.close();
    assertSlotFree();
    assertThrows(UpdateException.class, lock::verifyOwnership);
    assertSlotFree();
    assertThrows(IllegalStateException.class, lock::sweepOrphans);
    assertSlotFree();
    assertEquals(Optional.empty(), UpdateLock.holder(state()));
    assertSlotFree();
  }

  @Test
  void aFailedOwnershipCheck_leavesTheSlotFree() throws Exception {
    UpdateLock lock = acquired();
    Files.delete(lockFile());

    assertThrows(UpdateException.class, lock::verifyOwnership);

    assertSlotFree();
    lock.close();
    assertNull(slot().holder);
    assertSlotFree();
  }

  @Test
  void closingAnOldHolderAgain_doesNotReleaseTheNewOne() throws Exception {
    UpdateLock old = acquired();
    old.close();
    UpdateLock current = acquired();

    onAnotherThread(
        () -> {
          old.close();
          return null;
        });

    assertSame(current, slot().holder);
    current.verifyOwnership();
    assertInstanceOf(UpdateLock.Held.class, onAnotherThread(this::attempt));
  }

  @Test
  void closingFromTwoThreadsAtOnce_releasesOnce() throws Exception {
    UpdateLock lock = acquired();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> closers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      closers.add(
          pool.submit(
              () -> {
                go.await();
                lock.close();
                return null;
              }));
    }

    go.countDown();
    for (Future<?> f : closers) {
      f.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
    }

    assertNull(slot().holder);
    assertFalse(Files.exists(lockFile(), LinkOption.NOFOLLOW_LINKS));
    assertSlotFree();
    acquired();
  }

  @Test
  void threadsRacingForAFreeLock_letExactlyOneIn_andShowItsRecordToTheOthers() throws Exception {
    Files.createDirectories(state());
    int threads = 8;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<UpdateLock.Attempt>> attempts = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      attempts.add(
          pool.submit(
              () -> {
                go.await();
                return attempt();
              }));
    }

    go.countDown();
    List<UpdateLock> winners = new ArrayList<>();
    List<UpdateLock.Held> losers = new ArrayList<>();
    for (Future<UpdateLock.Attempt> f : attempts) {
      UpdateLock.Attempt a = f.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
      if (a instanceof UpdateLock.Acquired acquired) {
        winners.add(acquired.lock());
      } else {
        losers.add((UpdateLock.Held) a);
      }
    }

    assertEquals(1, winners.size(), "exactly one thread holds the lock");
    LockRecord record = winners.get(0).record();
    for (UpdateLock.Held held : losers) {
      assertEquals(Optional.of(record), held.holder());
    }
    assertSame(winners.get(0), slot().holder);
    assertSlotFree();
    winners.get(0).close();
    assertNull(slot().holder);
  }

  @Test
  void threadsTakingTurns_areNeverInsideTogether() throws Exception {
    Files.createDirectories(state());
    int threads = 4;
    int rounds = 150;
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger acquisitions = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          pool.submit(
              () -> {
                go.await();
                for (int i = 0; i < rounds; i++) {
                  UpdateLock.Attempt a = UpdateLock.tryAcquire(state(), "1.0.0", "1.1.0", CLOCK);
                  if (a instanceof UpdateLock.Acquired acquired) {
                    try (UpdateLock lock = acquired.lock()) {
                      if (inside.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                      }
                      acquisitions.incrementAndGet();
                      lock.verifyOwnership();
                      Thread.yield();
                      inside.decrementAndGet();
                    }
                  } else {
                    UpdateLock.Held held = (UpdateLock.Held) a;
                    assertEquals(ProcessHandle.current().pid(), held.holder().orElseThrow().pid());
                  }
                }
                return null;
              }));
    }

    go.countDown();
    for (Future<?> f : workers) {
      f.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
    }

    assertEquals(0, overlaps.get(), "two threads held the lock at once");
    assertTrue(acquisitions.get() >= 1, "the very first attempt finds the lock free");
    assertNull(slot().holder);
    assertFalse(Files.exists(lockFile(), LinkOption.NOFOLLOW_LINKS));
    assertEquals(List.of(), OpenFiles.under(state()), "no descriptor left open");
    assertSlotFree();
  }
}
