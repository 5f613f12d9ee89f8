package dev.hoist.engine.internal.lock;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acquirer's less travelled branches, driven deterministically through its test hook and
 * through scripted {@link OsLocks}: a lock that keeps changing hands, files that vanish or turn
 * into links while being reclaimed, non-regular files, locks taken elsewhere in this JVM, and the
 * races of the record-only fallback. Whatever happens, no descriptor and no temp file is left
 * behind.
 */
class AcquirerTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final ProcessIdentity ME = ProcessIdentity.self();

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

  private UpdateLock.Attempt attempt(OsLocks locks, Runnable afterWinningStaleFile)
      throws UpdateException {
    UpdateLock.Attempt a =
        UpdateLock.tryAcquire(state(), "1.0.0", "1.1.0", CLOCK, locks, afterWinningStaleFile);
    if (a instanceof UpdateLock.Acquired acquired) {
      cleanup.add(acquired.lock());
    }
    return a;
  }

  private UpdateLock.Attempt attempt(OsLocks locks) throws UpdateException {
    return attempt(locks, () -> {});
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(state())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private List<String> sideFiles() throws IOException {
    return names().stream().filter(n -> n.startsWith("update.lock.")).toList();
  }

  private JvmRegistry.Slot slot() throws IOException {
    return JvmRegistry.slot(
        Files.readAttributes(state(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            .fileKey());
  }

  private void assertNothingLeftOpen() throws Exception {
    assertEquals(List.of(), OpenFiles.under(state()), "descriptors left open");
    assertFalse(slot().busy.isLocked(), "the slot is free");
    assertNull(slot().holder);
  }

  private static long deadPid() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("true");
    pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
    Process p = pb.start();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    return p.pid();
  }

  private static byte[] staleRecord(long deadPid) {
    return RecordCodec.encode(
        new LockRecord(
            deadPid, "1", ME.bootId(), ME.host(), "stale", "0.9.0", "1.0.0", Instant.EPOCH));
  }

  /** Replaces the file at {@code path} by a new file (another inode) holding {@code content}. */
  private void replace(Path path, byte[] content) {
    try {
      Path fresh = Files.createTempFile(state(), "fresh", ".new");
      Files.write(fresh, content);
      Files.move(fresh, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static Runnable unchecked(Step step) {
    return () -> {
      try {
        step.run();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
  }

  /**
   * The fallback (no OS locks), running {@code beforeReporting} at each lock attempt, told whether
   * the attempt is about the lock path (it exists) or about a new temp file (it does not).
   */
  private OsLocks fallbackWith(AtomicInteger calls, java.util.function.Consumer<Boolean> before) {
    return (channel, shared) -> {
      calls.incrementAndGet();
      before.accept(Files.exists(lockFile(), LinkOption.NOFOLLOW_LINKS));
      throw new LocksUnavailableException("scripted: no OS locks", null);
    };
  }

  @Test
  void aLockThatKeepsChangingHands_isGivenUpAfterTheBoundedRounds() throws Exception {
    Files.createDirectories(state());
    Files.writeString(lockFile(), "stale 0");
    AtomicInteger wins = new AtomicInteger();

    UpdateException e =
        assertThrows(
            UpdateException.class,
            () ->
                attempt(
                    OsLocks.FCNTL,
                    unchecked(
                        () -> {
                          // We won the dead holder's lock; meanwhile the path gets a new file.
                          int n = wins.incrementAndGet();
                          Files.move(lockFile(), state().resolve("moved-" + n));
                          Files.writeString(lockFile(), "stale " + n);
                        })));

    assertEquals(UpdateException.Reason.LOCK_FAILED, e.reason());
    assertTrue(e.getMessage().contains(Acquirer.MAX_ROUNDS + " times"), e.getMessage());
    assertEquals(Acquirer.MAX_ROUNDS, wins.get(), "one look per round");
    assertEquals("stale " + Acquirer.MAX_ROUNDS, Files.readString(lockFile()), "not ours: kept");
    for (int n = 1; n <= Acquirer.MAX_ROUNDS; n++) {
      assertEquals("stale " + (n - 1), Files.readString(state().resolve("moved-" + n)));
    }
    assertEquals(List.of(), sideFiles());
    assertNothingLeftOpen();
  }

  @Test
  void aStaleFileThatVanishesWhileReclaimed_isNoObstacle() throws Exception {
    Files.createDirectories(state());
    Files.writeString(lockFile(), "stale");
    AtomicInteger wins = new AtomicInteger();

    UpdateLock.Attempt a =
        attempt(
            OsLocks.FCNTL,
            unchecked(
                () -> {
                  wins.incrementAndGet();
                  Files.delete(lockFile()); // another reclaimer was faster
                }));

    UpdateLock lock = assertInstanceOf(UpdateLock.Acquired.class, a).lock();
    assertEquals(1, wins.get());
    assertEquals(Optional.of(lock.record()), RecordCodec.decode(Files.readAllBytes(lockFile())));
    assertEquals(List.of(), sideFiles());
  }

  @Test
  void aSymlinkSwappedInWhileReclaiming_isRefusedAndNeitherFollowedNorRemoved() throws Exception {
    Files.createDirectories(state());
    Files.writeString(lockFile(), "stale");
    Path victim = Files.writeString(tmp.resolve("victim"), "precious");

    UpdateException e =
        assertThrows(
            UpdateException.class,
            () ->
                attempt(
                    OsLocks.FCNTL,
                    unchecked(
                        () -> {
                          Files.delete(lockFile());
                          Files.createSymbolicLink(lockFile(), victim);
                        })));

    assertEquals(UpdateException.Reason.LOCK_FAILED, e.reason());
    // The refusal itself, naming the link, not the JDK's ELOOP from opening it without following.
    assertTrue(e.getMessage().contains("is a symbolic link; refusing"), e.getMessage());
    assertTrue(Files.isSymbolicLink(lockFile()));
    assertEquals("precious", Files.readString(victim));
    assertEquals(List.of(), sideFiles());
    assertNothingLeftOpen();
  }

  @Test
  void aFifoAtTheLockPath_isRefusedAndLeftInPlace() throws Exception {
    Files.createDirectories(state());
    ProcessBuilder mkfifo = new ProcessBuilder("mkfifo", lockFile().toString());
    mkfifo.environment().put("HOME", tmp.toString());
    assertEquals(0, mkfifo.start().waitFor());

    for (OsLocks locks : List.of(OsLocks.FCNTL, OsLocks.NONE)) {
      UpdateException e = assertThrows(UpdateException.class, () -> attempt(locks));

      assertEquals(UpdateException.Reason.LOCK_FAILED, e.reason());
      assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
      BasicFileAttributes a =
          Files.readAttributes(lockFile(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      assertTrue(a.isOther(), "the fifo is still there");
    }
    assertEquals(Optional.empty(), UpdateLock.holder(state()));
    assertEquals(List.of(), sideFiles());
    assertNothingLeftOpen();
  }

  @Test
  void aLockFileLockedElsewhereInThisJvm_isHeld_andNamedByHolder() throws Exception {
    Files.createDirectories(state());
    LockRecord other =
        new LockRecord(
            ME.pid(), ME.startTicks(), ME.bootId(), ME.host(), "other", "a", "b", Instant.EPOCH);
    Files.write(lockFile(), RecordCodec.encode(other));
    byte[] before = Files.readAllBytes(lockFile());
    try (FileChannel ch = FileChannel.open(lockFile(), READ, WRITE);
        FileLock elsewhere = ch.lock()) {

      assertEquals(Optional.of(other), UpdateLock.holder(state()));
      UpdateLock.Attempt a = attempt(OsLocks.FCNTL);

      assertEquals(Optional.empty(), assertInstanceOf(UpdateLock.Held.class, a).holder());
      assertTrue(elsewhere.isValid());
    }
    assertArrayEquals(before, Files.readAllBytes(lockFile()), "left untouched");
  }

  @Test
  void nonces_areRandomHexAndNewForEachAcquisition() throws Exception {
    List<String> nonces = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      UpdateLock lock = assertInstanceOf(UpdateLock.Acquired.class, attempt(OsLocks.FCNTL)).lock();
      nonces.add(lock.record().nonce());
      assertTrue(lock.toString().contains("nonce=" + lock.record().nonce()), lock.toString());
      assertTrue(lock.toString().contains("pid=" + ME.pid()), lock.toString());
      assertTrue(lock.toString().contains(lockFile().toString()), lock.toString());
      lock.close();
    }

    for (String n : nonces) {
      assertTrue(n.matches("[0-9a-f]{32}"), n);
    }
    assertEquals(3, nonces.stream().distinct().count(), nonces.toString());
    assertNotEquals(Acquirer.nonce(), Acquirer.nonce());
  }

  @Test
  void close_closesTheLockFilesDescriptor() throws Exception {
    UpdateLock lock = assertInstanceOf(UpdateLock.Acquired.class, attempt(OsLocks.FCNTL)).lock();
    assertEquals(1, OpenFiles.under(state()).size(), "only the lock file is open");

    lock.close();

    assertNothingLeftOpen();
    assertEquals(List.of(), names());
  }

  @Test
  void aHeldAttempt_closesWhatItOpened() throws Exception {
    Files.createDirectories(state());
    Files.writeString(lockFile(), "held");
    try (FileChannel ch = FileChannel.open(lockFile(), READ, WRITE)) {
      AtomicInteger calls = new AtomicInteger();
      OsLocks heldByOthers =
          (channel, shared) -> {
            calls.incrementAndGet();
            return null; // as when another process holds it
          };

      assertInstanceOf(UpdateLock.Held.class, attempt(heldByOthers));

      assertEquals(1, calls.get());
      assertEquals(List.of("update.lock"), OpenFiles.under(state()), "only the test's own");
      assertTrue(ch.isOpen());
    }
    assertNothingLeftOpen();
  }

  @Test
  void tempFilesThatCannotBeLocked_areTriedFourTimesThenGivenUp() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    OsLocks tempsHeldBySweepers =
        (channel, shared) -> {
          calls.incrementAndGet();
          return null;
        };

    UpdateException e = assertThrows(UpdateException.class, () -> attempt(tempsHeldBySweepers));

    assertEquals(UpdateException.Reason.LOCK_FAILED, e.reason());
    assertTrue(e.getMessage().contains("could not create a private temp file"), e.getMessage());
    assertEquals(4, calls.get());
    assertFalse(Files.exists(lockFile(), LinkOption.NOFOLLOW_LINKS));
    assertNothingLeftOpen();
  }

  @Test
  void fallback_aLockThatVanishesWhileJudged_isNoObstacle() throws Exception {
    Files.createDirectories(state());
    Files.write(lockFile(), staleRecord(deadPid()));
    AtomicInteger calls = new AtomicInteger();

    UpdateLock.Attempt a =
        attempt(
            fallbackWith(
                calls,
                lockPathExists -> {
                  if (calls.get() == 1) {
                    assertTrue(lockPathExists);
                    unchecked(() -> Files.delete(lockFile())).run();
                  }
                }));

    UpdateLock lock = assertInstanceOf(UpdateLock.Acquired.class, a).lock();
    assertEquals(2, calls.get(), "the stale file, then our temp file");
    assertEquals(Optional.of(lock.record()), RecordCodec.decode(Files.readAllBytes(lockFile())));
    assertEquals(List.of("update.lock"), names());
  }

  @Test
  void fallback_aLockReplacedWhileJudged_isJudgedAnew_andAForeignOneKept() throws Exception {
    Files.createDirectories(state());
    Files.write(lockFile(), staleRecord(deadPid()));
    LockRecord foreign =
        new LockRecord(
            deadPid(),
            "1",
            ME.bootId(),
            ME.host() + "-other",
            "f",
            "0.9.0",
            "1.0.0",
            Instant.EPOCH);
    byte[] foreignBytes = RecordCodec.encode(foreign);
    AtomicInteger calls = new AtomicInteger();

    UpdateLock.Attempt a =
        attempt(
            fallbackWith(
                calls,
                lockPathExists -> {
                  if (calls.get() == 1) {
                    replace(lockFile(), foreignBytes); // after we opened the stale one
                  }
                }));

    assertEquals(Optional.of(foreign), assertInstanceOf(UpdateLock.Held.class, a).holder());
    assertEquals(2, calls.get(), "the stale file, then the one that replaced it");
    assertArrayEquals(foreignBytes, Files.readAllBytes(lockFile()));
    assertEquals(List.of("update.lock"), names());
    assertNothingLeftOpen();
  }

  @Test
  void fallback_aLockThatKeepsChangingHands_isGivenUp_andOurTempFileDiscarded() throws Exception {
    Files.createDirectories(state());
    long dead = deadPid();
    AtomicInteger calls = new AtomicInteger();

    UpdateException e =
        assertThrows(
            UpdateException.class,
            () ->
                attempt(
                    fallbackWith(
                        calls,
                        lockPathExists -> {
                          // Our temp file is taken before the path is free; then, whenever we
                          // look at the path, another file has just replaced the one we opened.
                          replace(lockFile(), staleRecord(dead));
                        })));

    assertEquals(UpdateException.Reason.LOCK_FAILED, e.reason());
    assertTrue(e.getMessage().contains(Acquirer.MAX_ROUNDS + " times"), e.getMessage());
    assertEquals(Acquirer.MAX_ROUNDS, calls.get(), "our temp file, then one look per round");
    assertEquals(List.of("update.lock"), names(), "the temp file is gone, the other's kept");
    assertNothingLeftOpen();
  }

  /**
   * In the fallback, a temp file can be replaced before it is published; the acquirer then sees
   * that the published file is not the one it locked and wrote, backs out, and starts over.
   */
  @Test
  void fallback_publishingAFileThatIsNoLongerOurs_isUndone() throws Exception {
    Files.createDirectories(state());
    long dead = deadPid();
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger tempAttempts = new AtomicInteger();

    UpdateLock.Attempt a =
        attempt(
            fallbackWith(
                calls,
                lockPathExists -> {
                  if (!lockPathExists) {
                    if (tempAttempts.incrementAndGet() == 1) {
                      // Our first temp file: someone publishes first, so we must wait a round.
                      replace(lockFile(), staleRecord(dead));
                    }
                  } else if (calls.get() == 2) {
                    // Meanwhile our temp file's name comes to name another, empty file.
                    unchecked(
                            () -> {
                              Path temp = onlyTempFile();
                              Files.delete(temp);
                              Files.createFile(temp);
                            })
                        .run();
                  }
                }));

    UpdateLock lock = assertInstanceOf(UpdateLock.Acquired.class, a).lock();
    assertEquals(2, tempAttempts.get(), "a second, fresh temp file");
    lock.verifyOwnership();
    assertEquals(Optional.of(lock.record()), RecordCodec.decode(Files.readAllBytes(lockFile())));
    assertEquals(List.of("update.lock"), names());
    assertEquals(1, OpenFiles.under(state()).size(), "only our lock file is open");
    lock.close();
    assertNothingLeftOpen();
  }

  private Path onlyTempFile() throws IOException {
    List<Path> temps;
    try (Stream<Path> s = Files.list(state())) {
      temps = s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
    assertEquals(1, temps.size(), temps.toString());
    return temps.get(0);
  }
}
