package dev.hoist.engine.internal.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The update lock with OS locks, against real child processes where it matters. */
class UpdateLockTest {
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
  }

  private Path state() {
    return tmp.resolve("state");
  }

  private Path lockFile() {
    return state().resolve("update.lock");
  }

  private UpdateLock acquired() throws UpdateException {
    UpdateLock.Attempt a = UpdateLock.tryAcquire(state(), "1.0.0", "1.1.0", CLOCK);
    UpdateLock lock = assertInstanceOf(UpdateLock.Acquired.class, a).lock();
    cleanup.add(lock);
    return lock;
  }

  private ChildJvm child(String... args) {
    ChildJvm c = ChildJvm.start(tmp.resolve("logs"), args);
    cleanup.add(c);
    return c;
  }

  /** A child holding the lock on {@link #state()}. */
  private ChildJvm holdingChild() throws Exception {
    ChildJvm c = child("hold", state().toString());
    assertEquals("ACQUIRED " + c.pid(), c.awaitAnyLine(STARTUP));
    return c;
  }

  private String heldBy(Path stateDir) throws Exception {
    ChildJvm c = child("hold", stateDir.toString());
    String line = c.awaitAnyLine(STARTUP);
    c.awaitExit(STARTUP);
    return line;
  }

  private List<String> sideFiles() throws IOException {
    try (Stream<Path> s = Files.list(state())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("update.lock")).toList();
    }
  }

  @Test
  void freeLock_isAcquiredWithPrivateFileAndCompleteRecord() throws Exception {
    UpdateLock lock = acquired();

    assertEquals("rwx------", perms(state()));
    assertEquals("rw-------", perms(lockFile()));
    LockRecord r = lock.record();
    assertEquals(ProcessHandle.current().pid(), r.pid());
    assertEquals(ProcessIdentity.self().startTicks(), r.startTicks());
    assertEquals(CLOCK.instant(), r.acquiredAt());
    assertEquals("1.0.0", r.from());
    assertEquals("1.1.0", r.to());
    assertEquals(Optional.of(r), RecordCodec.decode(Files.readAllBytes(lockFile())));
    assertEquals(List.of(), sideFiles(), "no temp file left behind");
    lock.verifyOwnership();
  }

  private static String perms(Path p) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void secondProcess_reportsHeldWithFirstPid() throws Exception {
    ChildJvm first = holdingChild();

    assertEquals("HELD " + first.pid(), heldBy(state()));
    assertEquals(first.pid(), UpdateLock.holder(state()).orElseThrow().pid());
    assertInstanceOf(
        UpdateLock.Held.class, UpdateLock.tryAcquire(state(), "1.0.0", "1.1.0", CLOCK));
    assertTrue(Files.exists(lockFile()), "a live holder's file is untouched");

    first.closeStdin();
    first.awaitLine("RELEASED", STARTUP);
    assertFalse(Files.exists(lockFile(), LinkOption.NOFOLLOW_LINKS), "release removes the file");
    assertEquals(Optional.empty(), UpdateLock.holder(state()));
  }

  /** A record another version of Hoist wrote, with fewer fields: its live holder is still named. */
  @Test
  void aLiveHolderWithAnIncompleteRecord_isStillNamedByItsPid() throws Exception {
    ChildJvm first = holdingChild();
    Files.writeString(lockFile(), "{\"pid\":" + first.pid() + ",\"host\":\"h\"}\n");

    UpdateLock.Attempt a = UpdateLock.tryAcquire(state(), "1.0.0", "1.1.0", CLOCK);
    UpdateLock.Held held = assertInstanceOf(UpdateLock.Held.class, a);
    assertEquals(first.pid(), held.holder().orElseThrow().pid());
    assertTrue(Files.exists(lockFile()), "a live holder's file is untouched");

    first.closeStdin();
    first.awaitLine("RELEASED", STARTUP);
  }

  @Test
  void holderKilledWithSigkill_nextAcquireSucceedsImmediately() throws Exception {
    ChildJvm holder = holdingChild();
    holder.kill();
    assertTrue(Files.exists(lockFile()), "SIGKILL leaves the file");
    assertEquals(Optional.empty(), UpdateLock.holder(state()), "a dead holder is no holder");
    assertTrue(Files.exists(lockFile()), "holder() deletes nothing");

    UpdateLock lock = acquired();

    assertEquals(ProcessHandle.current().pid(), lock.record().pid());
    assertEquals(Optional.of(lock.record()), RecordCodec.decode(Files.readAllBytes(lockFile())));
  }

  @Test
  void emptyLockFile_isReclaimed() throws Exception {
    reclaims(new byte[0]);
  }

  @Test
  void garbageLockFile_isReclaimed() throws Exception {
    reclaims("{\"pid\": 12, \"host\": tru".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void recordNamingDeadPid_isReclaimed() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor(10, TimeUnit.SECONDS);
    ProcessIdentity me = ProcessIdentity.self();
    LockRecord dead =
        new LockRecord(p.pid(), "1", me.bootId(), me.host(), "n", "0.9.0", "1.0.0", Instant.EPOCH);
    reclaims(RecordCodec.encode(dead));
  }

  private void reclaims(byte[] content) throws Exception {
    Files.createDirectories(state());
    Files.write(lockFile(), content);

    UpdateLock lock = acquired();

    assertEquals(Optional.of(lock.record()), RecordCodec.decode(Files.readAllBytes(lockFile())));
    assertEquals(List.of(), sideFiles());
  }

  @Test
  void lockPathSymlink_isNeverFollowed() throws Exception {
    Files.createDirectories(state());
    Path victim = tmp.resolve("victim");
    Files.writeString(victim, "precious");
    Files.createSymbolicLink(lockFile(), victim);

    UpdateException e =
        assertThrows(
            UpdateException.class, () -> UpdateLock.tryAcquire(state(), "1.0.0", "1.1.0", CLOCK));

    assertEquals(UpdateException.Reason.LOCK_FAILED, e.reason());
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    assertEquals(Optional.empty(), UpdateLock.holder(state()));
    assertEquals("precious", Files.readString(victim));
    assertTrue(Files.isSymbolicLink(lockFile()), "the link is left for a human to judge");
    assertEquals(List.of(), sideFiles());
  }

  @Test
  void danglingLockPathSymlink_createsNothingAtItsTarget() throws Exception {
    Files.createDirectories(state());
    Path target = tmp.resolve("planted");
    Files.createSymbolicLink(lockFile(), target);

    assertThrows(
        UpdateException.class, () -> UpdateLock.tryAcquire(state(), "1.0.0", "1.1.0", CLOCK));

    assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void stateDirWritableByOthers_isRefused() throws Exception {
    for (String mode : List.of("rwx---rwx", "rwxrwx---")) {
      Files.createDirectories(state());
      Files.setPosixFilePermissions(state(), PosixFilePermissions.fromString(mode));

      UpdateException e =
          assertThrows(
              UpdateException.class, () -> UpdateLock.tryAcquire(state(), "1.0.0", "1.1.0", CLOCK));

      assertEquals(UpdateException.Reason.LOCK_FAILED, e.reason());
      assertTrue(e.getMessage().contains("writable by others"), e.getMessage());
      assertFalse(Files.exists(lockFile()));
    }
  }

  @Test
  void stateDirSymlink_isRefused() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("real"));
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
    Files.createSymbolicLink(state(), real);

    UpdateException e =
        assertThrows(
            UpdateException.class, () -> UpdateLock.tryAcquire(state(), "1.0.0", "1.1.0", CLOCK));

    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    assertFalse(Files.exists(real.resolve("update.lock")));
  }

  @Test
  void close_removesTheFile_andIsIdempotent() throws Exception {
    UpdateLock lock = acquired();

    lock.close();
    lock.close();

    assertFalse(Files.exists(lockFile(), LinkOption.NOFOLLOW_LINKS));
    assertThrows(UpdateException.class, lock::verifyOwnership);
    assertThrows(IllegalStateException.class, lock::sweepOrphans);
    acquired(); // free again
  }

  @Test
  void close_leavesAFileThatIsNotOurs() throws Exception {
    UpdateLock lock = acquired();
    Path other = state().resolve("other");
    Files.writeString(other, "someone else's");
    Files.move(other, lockFile(), StandardCopyOption.ATOMIC_MOVE);

    lock.close();

    assertEquals("someone else's", Files.readString(lockFile()));
  }

  @Test
  void verifyOwnership_failsAfterThePathWasSwapped() throws Exception {
    UpdateLock lock = acquired();
    lock.verifyOwnership();
    Path other = state().resolve("other");
    Files.write(other, Files.readAllBytes(lockFile())); // same bytes, another file
    Files.move(other, lockFile(), StandardCopyOption.ATOMIC_MOVE);

    UpdateException e = assertThrows(UpdateException.class, lock::verifyOwnership);

    assertEquals(UpdateException.Reason.LOCK_FAILED, e.reason());
  }

  @Test
  void verifyOwnership_failsWhenTheFileWasRemoved() throws Exception {
    UpdateLock lock = acquired();
    Files.delete(lockFile());

    assertThrows(UpdateException.class, lock::verifyOwnership);
  }

  @Test
  void sameJvm_secondAttemptReportsHeld_andTheOsLockSurvives() throws Exception {
    UpdateLock lock = acquired();

    UpdateLock.Attempt again = UpdateLock.tryAcquire(state(), "1.0.0", "1.2.0", CLOCK);
    assertEquals(
        Optional.of(lock.record()), assertInstanceOf(UpdateLock.Held.class, again).holder());
    assertEquals(Optional.of(lock.record()), UpdateLock.holder(state()));

    // Had either call opened and closed the lock file, the fcntl lock would be gone.
    assertEquals("HELD " + ProcessHandle.current().pid(), heldBy(state()));
    lock.verifyOwnership();
  }

  @Test
  void sweepOrphans_removesDeadTempFiles_keepsLiveOnesAndOurOwnFile() throws Exception {
    Files.createDirectories(state());
    Path dead = state().resolve("update.lock.dead.tmp");
    Path deadStale = state().resolve("update.lock.dead2.stale");
    Files.writeString(dead, "");
    Files.writeString(deadStale, "");
    Path live = state().resolve("update.lock.live.tmp");
    ChildJvm pinner = child("pin", live.toString());
    pinner.awaitLine("PINNED true", STARTUP);
    Path unrelated = state().resolve("last-check.json");
    Files.writeString(unrelated, "{}");
    UpdateLock lock = acquired();
    Path secondName = state().resolve("update.lock.ours.tmp");
    Files.createLink(secondName, lockFile());

    lock.sweepOrphans();

    assertFalse(Files.exists(dead));
    assertFalse(Files.exists(deadStale));
    assertTrue(Files.exists(live), "a live acquirer's temp file stays");
    assertTrue(Files.exists(unrelated));
    assertTrue(Files.exists(secondName), "a second name of our own file is never opened");
    assertEquals("HELD " + ProcessHandle.current().pid(), heldBy(state()));
    lock.verifyOwnership();
  }

  @Test
  void acquire_waitsForAHolderThatReleases() throws Exception {
    ChildJvm holder = holdingChild();
    CountDownLatch sawHeld = new CountDownLatch(1);

    CompletableFuture<UpdateLock.Attempt> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return UpdateLock.acquire(
                    state(),
                    "1.0.0",
                    "1.1.0",
                    CLOCK,
                    Duration.ofSeconds(30),
                    OsLocks.FCNTL,
                    held -> {
                      assertEquals(holder.pid(), held.holder().orElseThrow().pid());
                      sawHeld.countDown();
                    });
              } catch (UpdateException e) {
                throw new AssertionError(e);
              }
            });
    assertTrue(sawHeld.await(30, TimeUnit.SECONDS));
    assertFalse(waiting.isDone());
    holder.closeStdin();

    UpdateLock.Attempt a = waiting.get(30, TimeUnit.SECONDS);

    UpdateLock lock = assertInstanceOf(UpdateLock.Acquired.class, a).lock();
    cleanup.add(lock);
    holder.awaitLine("RELEASED", STARTUP);
  }

  @Test
  void acquire_timesOutWithHeldWhenTheHolderStays() throws Exception {
    ChildJvm holder = holdingChild();
    long start = System.nanoTime();

    UpdateLock.Attempt a =
        UpdateLock.acquire(state(), "1.0.0", "1.1.0", CLOCK, Duration.ofMillis(400));

    long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertEquals(
        holder.pid(), assertInstanceOf(UpdateLock.Held.class, a).holder().orElseThrow().pid());
    assertTrue(elapsedMillis >= 400, "waited " + elapsedMillis + " ms");
    assertTrue(elapsedMillis < 5_000, "waited " + elapsedMillis + " ms");
  }

  @Test
  void acquire_withZeroTimeout_triesOnce() throws Exception {
    holdingChild();

    assertInstanceOf(
        UpdateLock.Held.class, UpdateLock.acquire(state(), "1.0.0", "1.1.0", CLOCK, Duration.ZERO));
  }

  @Test
  void reclaim_neverRemovesALiveHolderFilePublishedInTheRaceWindow() throws Exception {
    Files.createDirectories(state());
    Files.writeString(lockFile(), "stale");
    List<ChildJvm> newcomer = new ArrayList<>();

    UpdateLock.Attempt a =
        UpdateLock.tryAcquire(
            state(),
            "1.0.0",
            "1.1.0",
            CLOCK,
            OsLocks.FCNTL,
            () -> {
              // We hold the stale file's OS lock. Meanwhile (as if another reclaimer had removed
              // it just before we locked) the path comes to name a live newcomer's file.
              try {
                Files.move(lockFile(), state().resolve("moved-away"));
                newcomer.add(holdingChild());
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });

    long pid = newcomer.get(0).pid();
    assertEquals(pid, assertInstanceOf(UpdateLock.Held.class, a).holder().orElseThrow().pid());
    assertEquals("HELD " + pid, heldBy(state()), "the newcomer's file and lock are intact");
  }
}
