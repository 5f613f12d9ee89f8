package dev.hoist.engine.internal.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.lock.ProcessIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins held by real processes: alive keeps, dead or reused PID does not. */
class PinsTest {
  @TempDir Path root;

  private Path pinFile(HoistHome home, String version, long pid, String start) throws Exception {
    Path dir = Files.createDirectories(home.state().resolve("pins"));
    return Files.writeString(dir.resolve(version + "@" + pid), start + "\n");
  }

  @Test
  void ownPin_isLiveUntilClosed() throws Exception {
    HoistHome home = new HoistHome(root);
    Pins pins = new Pins(home);
    Pins.Pin pin = pins.pin("1.0.0");
    assertEquals(Set.of("1.0.0"), pins.live(false));
    pin.close();
    assertEquals(Set.of(), pins.live(false));
  }

  @Test
  void liveChildProcess_keepsItsPinUntilItDies() throws Exception {
    HoistHome home = new HoistHome(root);
    Process child = new ProcessBuilder("sleep", "60").start();
    try {
      String start = ProcessIdentity.startOf(child.pid()).orElseThrow();
      Path pin = pinFile(home, "1.0.0", child.pid(), start);
      assertEquals(Set.of("1.0.0"), new Pins(home).live(true));
      child.destroyForcibly();
      assertTrue(child.waitFor(10, TimeUnit.SECONDS));
      assertEquals(Set.of(), new Pins(home).live(true));
      assertFalse(Files.exists(pin), "a dead process's pin is removed");
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void reusedPid_doesNotKeepAVersion() throws Exception {
    HoistHome home = new HoistHome(root);
    // Our own PID, but the start of some earlier process that had it.
    pinFile(home, "0.9.0", ProcessHandle.current().pid(), "1");
    assertEquals(Set.of(), new Pins(home).live(true));
  }

  @Test
  void pinsWithoutRemoval_leaveStaleFilesForTheLockHolder() throws Exception {
    HoistHome home = new HoistHome(root);
    Path pin = pinFile(home, "0.9.0", Long.MAX_VALUE / 2, "1");
    assertEquals(Set.of(), new Pins(home).live(false));
    assertTrue(Files.exists(pin));
  }
}
