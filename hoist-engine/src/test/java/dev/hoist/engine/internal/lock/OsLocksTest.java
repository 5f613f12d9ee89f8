package dev.hoist.engine.internal.lock;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which lock errors mean "this file system has no OS locks" (the fallback) and which are real. */
class OsLocksTest {
  @TempDir Path tmp;

  private FileChannel failingWith(ScriptedChannel.LockFailure failure) throws IOException {
    Path f = Files.createFile(tmp.resolve("f"));
    return new ScriptedChannel(FileChannel.open(f, READ, WRITE), Integer.MAX_VALUE, failure);
  }

  @Test
  void meansUnsupported_recognisesTheErrorsOfFileSystemsWithoutLocks() {
    for (String m :
        List.of(
            "Function not implemented",
            "No locks available",
            "Operation not supported",
            "/x/update.lock: No locks available")) {
      assertTrue(LocksUnavailableException.meansUnsupported(new IOException(m)), m);
    }
  }

  @Test
  void meansUnsupported_isFalseForOtherErrors() {
    assertFalse(LocksUnavailableException.meansUnsupported(new IOException("Permission denied")));
    assertFalse(LocksUnavailableException.meansUnsupported(new IOException("Input/output error")));
    assertFalse(LocksUnavailableException.meansUnsupported(new IOException((String) null)));
  }

  @Test
  void fcntl_locksTheWholeFile_sharedOrExclusiveAsAsked() throws Exception {
    try (FileChannel ch = FileChannel.open(Files.createFile(tmp.resolve("g")), READ, WRITE)) {
      FileLock exclusive = OsLocks.FCNTL.tryLock(ch, false);
      assertFalse(exclusive.isShared());
      assertEquals(0, exclusive.position());
      assertEquals(Long.MAX_VALUE, exclusive.size());
      exclusive.release();
      FileLock shared = OsLocks.FCNTL.tryLock(ch, true);
      assertTrue(shared.isShared());
      assertEquals(Long.MAX_VALUE, shared.size());
    }
  }

  @Test
  void fcntl_reportsNoLocksAsUnavailable() throws Exception {
    IOException enolck = new IOException("No locks available");
    try (FileChannel ch =
        failingWith(
            () -> {
              throw enolck;
            })) {
      LocksUnavailableException e =
          assertThrows(LocksUnavailableException.class, () -> OsLocks.FCNTL.tryLock(ch, false));
      assertSame(enolck, e.getCause());
    }
  }

  @Test
  void fcntl_reportsAChannelThatCannotLockAsUnavailable() throws Exception {
    UnsupportedOperationException unsupported = new UnsupportedOperationException();
    try (FileChannel ch =
        failingWith(
            () -> {
              throw unsupported;
            })) {
      LocksUnavailableException e =
          assertThrows(LocksUnavailableException.class, () -> OsLocks.FCNTL.tryLock(ch, true));
      assertSame(unsupported, e.getCause());
    }
  }

  @Test
  void fcntl_passesOtherErrorsOnUnchanged() throws Exception {
    IOException eio = new IOException("Input/output error");
    try (FileChannel ch =
        failingWith(
            () -> {
              throw eio;
            })) {
      assertSame(eio, assertThrows(IOException.class, () -> OsLocks.FCNTL.tryLock(ch, false)));
    }
  }

  @Test
  void none_alwaysReportsLocksUnavailable() throws Exception {
    try (FileChannel ch = FileChannel.open(Files.createFile(tmp.resolve("h")), READ, WRITE)) {
      assertThrows(LocksUnavailableException.class, () -> OsLocks.NONE.tryLock(ch, false));
      assertThrows(LocksUnavailableException.class, () -> OsLocks.NONE.tryLock(ch, true));
    }
  }
}
