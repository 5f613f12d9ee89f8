package dev.hoist.engine.internal.lock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record-only fallback, forced with {@link OsLocks#NONE}. */
class UpdateLockFallbackTest {
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final ProcessIdentity ME = ProcessIdentity.self();

  @TempDir Path tmp;
  private UpdateLock lock;
  private ChildJvm child;

  @AfterEach
  void release() {
    if (lock != null) {
      lock.close();
    }
    if (child != null) {
      child.close();
    }
  }

  private Path state() {
    return tmp.resolve("state");
  }

  private Path lockFile() {
    return state().resolve("update.lock");
  }

  private UpdateLock.Attempt attempt() throws UpdateException {
    UpdateLock.Attempt a = UpdateLock.tryAcquire(state(), "1.0.0", "1.1.0", CLOCK, OsLocks.NONE);
    if (a instanceof UpdateLock.Acquired acquired) {
      lock = acquired.lock();
    }
    return a;
  }

  private void plant(LockRecord r) throws Exception {
    Files.createDirectories(state());
    Files.write(lockFile(), RecordCodec.encode(r));
  }

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    return p.pid();
  }

  private static LockRecord record(long pid, String startTicks, String bootId, String host) {
    return new LockRecord(
        pid, startTicks, bootId, host, "planted", "0.9.0", "1.0.0", Instant.EPOCH);
  }

  @Test
  void acquireAndRelease_workWithoutOsLocks() throws Exception {
    assertInstanceOf(UpdateLock.Acquired.class, attempt());
    lock.verifyOwnership();
    assertEquals(
        Optional.of(lock.record()), UpdateLock.holder(state(), OsLocks.NONE), "a live record");

    lock.close();

    assertFalse(Files.exists(lockFile()));
  }

  @Test
  void staleSameHostDeadPidRecord_isReclaimed() throws Exception {
    long dead = deadPid();
    plant(record(dead, "123", ME.bootId(), ME.host()));
    assertEquals(Optional.empty(), UpdateLock.holder(state(), OsLocks.NONE));

    assertInstanceOf(UpdateLock.Acquired.class, attempt());

    assertEquals(Optional.of(lock.record()), RecordCodec.decode(Files.readAllBytes(lockFile())));
    assertEquals(List.of("update.lock"), names(), "no .stale file left behind");
  }

  @Test
  void otherHostRecord_isNeverReclaimed() throws Exception {
    LockRecord foreign = record(deadPid(), "123", ME.bootId(), ME.host() + "-elsewhere");
    plant(foreign);
    byte[] before = Files.readAllBytes(lockFile());

    UpdateLock.Attempt a = attempt();

    assertEquals(Optional.of(foreign), assertInstanceOf(UpdateLock.Held.class, a).holder());
    assertArrayEquals(before, Files.readAllBytes(lockFile()));
    assertEquals(Optional.of(foreign), UpdateLock.holder(state(), OsLocks.NONE));
  }

  @Test
  void previousBootRecord_isNeverReclaimed() throws Exception {
    LockRecord lastBoot = record(deadPid(), "123", "another-boot", ME.host());
    plant(lastBoot);

    assertInstanceOf(UpdateLock.Held.class, attempt());
  }

  @Test
  void livePidWithDifferentStartTicks_isReclaimedAsAReusedPid() throws Exception {
    plant(record(ME.pid(), ME.startTicks() + "7", ME.bootId(), ME.host()));

    assertInstanceOf(UpdateLock.Acquired.class, attempt());
  }

  @Test
  void livePidWithTheSameStart_isHeld() throws Exception {
    LockRecord alive = record(ME.pid(), ME.startTicks(), ME.bootId(), ME.host());
    plant(alive);

    assertEquals(Optional.of(alive), assertInstanceOf(UpdateLock.Held.class, attempt()).holder());
  }

  @Test
  void garbageRecord_isReclaimed() throws Exception {
    Files.createDirectories(state());
    Files.writeString(lockFile(), "{\"pid\":");

    assertInstanceOf(UpdateLock.Acquired.class, attempt());
  }

  @Test
  void verifyOwnership_failsAfterThePathWasSwapped() throws Exception {
    attempt();
    Path other = state().resolve("other");
    Files.write(other, Files.readAllBytes(lockFile()));
    Files.move(other, lockFile(), StandardCopyOption.ATOMIC_MOVE);

    assertThrows(UpdateException.class, lock::verifyOwnership);
    lock.close();
    assertTrue(Files.exists(lockFile()), "not ours: left alone");
  }

  @Test
  void sweepOrphans_removesOnlyLeftoversWithStaleRecords() throws Exception {
    Files.createDirectories(state());
    Path dead = state().resolve("update.lock.a.tmp");
    Files.write(dead, RecordCodec.encode(record(deadPid(), "1", ME.bootId(), ME.host())));
    Path live = state().resolve("update.lock.b.tmp");
    Files.write(
        live, RecordCodec.encode(record(ME.pid(), ME.startTicks(), ME.bootId(), ME.host())));
    Path unknown = state().resolve("update.lock.c.stale");
    Files.writeString(unknown, "");
    attempt();

    lock.sweepOrphans();

    assertEquals(List.of("update.lock", "update.lock.b.tmp", "update.lock.c.stale"), names());
  }

  @Test
  void childHolder_isHeldWhileAlive_andReclaimedOnceKilled() throws Exception {
    child = ChildJvm.start(tmp.resolve("logs"), "hold", state().toString(), "fallback");
    assertEquals("ACQUIRED " + child.pid(), child.awaitAnyLine(STARTUP));

    assertEquals(
        child.pid(),
        assertInstanceOf(UpdateLock.Held.class, attempt()).holder().orElseThrow().pid());
    child.kill();

    assertInstanceOf(UpdateLock.Acquired.class, attempt());
  }

  private List<String> names() throws Exception {
    try (Stream<Path> s = Files.list(state())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
