package dev.hoist.engine.internal.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke test as a release can abuse it (a launcher that forks and hangs, a full disk), and what
 * its failure quotes.
 */
class SmokeTestTest {
  @TempDir Path tmp;

  private Path release(String launcher) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("release/bin"));
    Path hoist = Files.writeString(root.resolve("hoist"), launcher);
    Files.setPosixFilePermissions(hoist, PosixFilePermissions.fromString("rwxr-xr-x"));
    return root.getParent();
  }

  @Test
  void aHangingLauncher_isKilledWithEverythingItStarted() throws Exception {
    Path pidFile = tmp.resolve("child.pid");
    Path root = release("#!/bin/sh\nsleep 300 &\necho $! > '" + pidFile + "'\nwait\n");
    SmokeTest t = new SmokeTest(Duration.ofMillis(1500), Map.of());
    UpdateException e =
        assertThrows(UpdateException.class, () -> t.check(root, "1.1.0", tmp.resolve("out.txt")));
    assertEquals(Reason.SMOKE_TEST_FAILED, e.reason());
    long child = Long.parseLong(Files.readString(pidFile).strip());
    for (int i = 0;
        i < 50 && ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false);
        i++) {
      Thread.sleep(100);
    }
    assertFalse(
        ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false),
        "the launcher's child " + child + " outlived the smoke test");
  }

  @Test
  void aFailureOnAFullDisk_isDiskFull_notASilentLauncher() throws Exception {
    Path root = release("#!/bin/sh\nexit 1\n");
    SmokeTest full = new SmokeTest(Duration.ofSeconds(10), Map.of(), dir -> 4096);
    UpdateException e =
        assertThrows(
            UpdateException.class, () -> full.check(root, "1.1.0", tmp.resolve("out.txt")));
    assertEquals(Reason.DISK_FULL, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("no space left"), e.getMessage());

    SmokeTest roomy = new SmokeTest(Duration.ofSeconds(10), Map.of(), dir -> 1L << 40);
    assertEquals(
        Reason.SMOKE_TEST_FAILED,
        assertThrows(
                UpdateException.class, () -> roomy.check(root, "1.1.0", tmp.resolve("out2.txt")))
            .reason());
  }

  private UpdateException failure(String launcher) throws Exception {
    Path root = release(launcher);
    SmokeTest t = new SmokeTest(Duration.ofSeconds(10), Map.of());
    UpdateException e =
        assertThrows(UpdateException.class, () -> t.check(root, "1.1.0", tmp.resolve("o.txt")));
    assertEquals(Reason.SMOKE_TEST_FAILED, e.reason());
    return e;
  }

  @Test
  void aWrongVersion_quotesTheLineItWasReadFrom_notTheFirstLine() throws Exception {
    UpdateException e =
        failure("#!/bin/sh\necho 'Picked up JAVA_TOOL_OPTIONS: -Xmx1g'\necho 'hoist 1.0.0'\n");
    assertEquals(
        "the new release's bin/hoist --version exited 0 and printed 'hoist 1.0.0' (version 1.0.0),"
            + " expected version 1.1.0",
        e.getMessage());
  }

  @Test
  void noMatchingLine_quotesTheFirstLines_andThePattern() throws Exception {
    UpdateException e = failure("#!/bin/sh\necho hello\necho\necho 'wor\tld'\n");
    assertTrue(
        e.getMessage().contains("printed 'hello' / 'wor\\x09ld', no line matching '"),
        e.getMessage());
    UpdateException many = failure("#!/bin/sh\nfor i in 1 2 3 4 5; do echo line$i; done\n");
    assertTrue(
        many.getMessage().contains("printed 'line1' / 'line2' / 'line3' / ..., no line"),
        many.getMessage());
  }

  @Test
  void aSilentFailure_saysItPrintedNothing() throws Exception {
    UpdateException e = failure("#!/bin/sh\nexit 3\n");
    assertTrue(e.getMessage().contains("exited 3 and printed nothing, no line"), e.getMessage());
  }

  @Test
  void theRightVersionWithAFailingExit_isStillAFailure_quotingTheLine() throws Exception {
    UpdateException e = failure("#!/bin/sh\necho 'hoist 1.1.0'\nexit 1\n");
    assertTrue(
        e.getMessage().contains("exited 1 and printed 'hoist 1.1.0' (version 1.1.0)"),
        e.getMessage());
  }
}
