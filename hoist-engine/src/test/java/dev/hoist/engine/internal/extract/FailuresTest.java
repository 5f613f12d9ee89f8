package dev.hoist.engine.internal.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** What goes wrong in an extraction becomes one reason and one printable line. */
class FailuresTest {
  private final Failures failures = new Failures("app.tar.gz");

  @Test
  void printable_escapesEveryControlCharacter_andNothingElse() {
    assertEquals("a b", UpdateException.printable("a b"));
    assertEquals("\\x1f", UpdateException.printable("\u001f"));
    assertEquals("\\x00", UpdateException.printable("\0"));
    assertEquals("\\x7f", UpdateException.printable("\u007f"));
    assertEquals("~", UpdateException.printable("~"));
    assertEquals("\\x80\\x9f", UpdateException.printable("\u0080\u009f"));
    assertEquals("\u00a0\u00e9", UpdateException.printable("\u00a0\u00e9"));
    assertEquals("", UpdateException.printable(""));
  }

  @Test
  void printable_cutsLongNames_atExactly200Characters() {
    String limit = "x".repeat(200);
    assertEquals(limit, UpdateException.printable(limit));
    assertEquals(limit + "...", UpdateException.printable(limit + "y"));
    assertEquals(
        "\\x01" + "x".repeat(196) + "...", UpdateException.printable("\u0001" + "x".repeat(300)));
  }

  @Test
  void unsafe_andCorrupt_nameTheEntryAndTheArchive() {
    UpdateException u = failures.unsafe("../x", "path escapes the staging directory");
    assertEquals(Reason.UNSAFE_ARCHIVE_ENTRY, u.reason());
    assertEquals("unsafe archive entry '../x': path escapes the staging directory", u.getMessage());
    UpdateException c = failures.corrupt("a\nb", "bad header");
    assertEquals(Reason.ARCHIVE_CORRUPT, c.reason());
    assertEquals("corrupt archive 'app.tar.gz' at entry 'a\\x0ab': bad header", c.getMessage());
    assertEquals(
        "corrupt archive 'app.tar.gz': trailing garbage",
        failures.corrupt(null, "trailing garbage").getMessage());
  }

  @Test
  void readFailed_truncationIsCorrupt_withItsOwnWords() {
    IOException eof = new EOFException();
    UpdateException e = failures.readFailed("bin/app", eof);
    assertEquals(Reason.ARCHIVE_CORRUPT, e.reason());
    assertEquals(
        "corrupt archive 'app.tar.gz' at entry 'bin/app': unexpected end of data (truncated?)",
        e.getMessage());
    assertSame(eof, e.getCause());
  }

  @Test
  void readFailed_otherErrors_quoteTheirMessageOnOneLine_orTheirTypeWhenThereIsNone() {
    assertEquals(
        "corrupt archive 'app.tar.gz': bad CRC here",
        failures.readFailed(null, new IOException("bad CRC\r\n   here ")).getMessage());
    assertEquals(
        "corrupt archive 'app.tar.gz': IOException",
        failures.readFailed(null, new IOException("  ")).getMessage());
    assertEquals(
        "corrupt archive 'app.tar.gz': IOException",
        failures.readFailed(null, new IOException()).getMessage());
  }

  @Test
  void readFailed_aLimitAnywhereInTheCauses_isArchiveLimits() {
    IOException wrapped = new IOException("wrapper", new LimitExceededException("too\nbig"));
    UpdateException e = failures.readFailed("x", wrapped);
    assertEquals(Reason.ARCHIVE_LIMITS, e.reason());
    assertEquals("too big", e.getMessage());
    assertSame(wrapped, e.getCause());
  }

  @Test
  void readFailed_aDecompressorsMemoryLimit_isArchiveLimits() {
    IOException xz = new IOException("xz", new org.tukaani.xz.MemoryLimitException(70_000, 65_536));
    UpdateException e = failures.readFailed("x", xz);
    assertEquals(Reason.ARCHIVE_LIMITS, e.reason());
    assertEquals(
        "archive 'app.tar.gz' needs more memory to decompress than allowed: "
            + xz.getCause().getMessage(),
        e.getMessage());
    UpdateException cc =
        failures.readFailed(
            "x", new org.apache.commons.compress.MemoryLimitException(100, 10, (Throwable) null));
    assertEquals(Reason.ARCHIVE_LIMITS, cc.reason());
  }

  @Test
  void writeFailed_aCollisionIsUnsafe_aFullDiskIsDiskFull_elseInstallFailed() {
    UpdateException collision = failures.writeFailed("a", new FileAlreadyExistsException("/s/a"));
    assertEquals(Reason.UNSAFE_ARCHIVE_ENTRY, collision.reason());
    assertEquals(
        "unsafe archive entry 'a': collides with a path already extracted", collision.getMessage());

    IOException full =
        new IOException("write failed", new IOException("/s/a: No space left on device"));
    UpdateException disk = failures.writeFailed("a", full);
    assertEquals(Reason.DISK_FULL, disk.reason());
    assertEquals("no space left on device while extracting archive entry 'a'", disk.getMessage());
    assertSame(full, disk.getCause());

    UpdateException other = failures.writeFailed("a", new IOException((String) null));
    assertEquals(Reason.INSTALL_FAILED, other.reason());
    assertEquals("cannot extract archive entry 'a': IOException", other.getMessage());
  }

  @Test
  void fileSystemErrors_withoutAReason_nameTheirKind() {
    // "AccessDeniedException: /s/a" says more than the bare path the JDK puts in the message.
    assertEquals(
        "cannot extract archive entry 'a': AccessDeniedException: /s/a",
        failures.writeFailed("a", new AccessDeniedException("/s/a")).getMessage());
    assertEquals(
        "cannot extract archive entry 'a': /s/a: Read-only file system",
        failures
            .writeFailed("a", new FileSystemException("/s/a", null, "Read-only file system"))
            .getMessage());
    assertEquals(
        "cannot read archive 'app.tar.gz': gone",
        failures.cannotRead(new IOException("gone")).getMessage());
    assertEquals(Reason.INSTALL_FAILED, failures.cannotRead(new IOException("gone")).reason());
  }

  @Test
  void problemWith_namesEachRefusal_wherePresentInThePath() {
    assertEquals("contains a NUL character", EntryPath.problemWith("\0bin/app"));
    assertEquals("contains a NUL character", EntryPath.problemWith("bin/app\0"));
    assertEquals("contains a backslash", EntryPath.problemWith("\\bin"));
    assertEquals("contains a backslash", EntryPath.problemWith("bin\\app"));
    assertEquals("is absolute", EntryPath.problemWith("/etc/passwd"));
    assertEquals("is absolute", EntryPath.problemWith("C:"));
    assertEquals("is absolute", EntryPath.problemWith("c:/x"));
    assertNull(EntryPath.problemWith("1:/x"), "not a drive letter");
    assertNull(EntryPath.problemWith("ab:c"), "a colon elsewhere is a plain name");
    assertNull(EntryPath.problemWith("C"));
    assertNull(EntryPath.problemWith(""));
    assertNull(EntryPath.problemWith("bin/app"));
  }
}
