package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.auto.InstallId;
import dev.hoist.engine.internal.auto.KnownRelease;
import dev.hoist.engine.internal.auto.Pause;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.PinnedVersion;
import dev.hoist.engine.internal.install.Pins;
import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.io.PrivateDirectory;
import dev.hoist.engine.internal.lock.UpdateLock;
import dev.hoist.engine.testing.Releases;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever creates a home's {@code state/} first creates it rwx------, whatever the umask: a
 * group-writable {@code state/} (umask 002 with a plain {@code createDirectories}) makes the lock
 * refuse the directory, and every later update of the home fails with {@code lock-failed}.
 */
class PrivateStateTest {
  @TempDir Path tmp;

  private interface Writer {
    void write(HoistHome home) throws Exception;
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void everyWriterOfState_createsItPrivate_andTheLockThenAcceptsIt() throws Exception {
    HoistHome home = Releases.activeHome(tmp.resolve("home"), "1.0.0");
    Path registry = Files.createDirectories(tmp.resolve("registry"));
    URI manifest =
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release("1.1.0", Releases.fakeDistribution(registry, "1.1.0"))
            .rollout(0)
            .writeTo(registry.resolve("manifest.json"))
            .toUri();
    Clock clock = Clock.systemUTC();
    Map<String, Writer> writers = new LinkedHashMap<>();
    writers.put("pin", h -> new PinnedVersion(h).set("1.0.0"));
    writers.put("pause", h -> new Pause(h.state(), clock).pause(Optional.empty()));
    writers.put("install id", h -> InstallId.of(h.state()));
    writers.put("known release", h -> new KnownRelease(h.state(), clock).available("1.1.0"));
    writers.put("process pin", h -> new Pins(h).pin("1.0.0").close());
    writers.put(
        "unattended check",
        h ->
            UpdateEngine.builder()
                .installDir(Optional.of(h.versionDir("1.0.0")))
                .runningVersion("1.0.0")
                .clock(clock)
                .platform("Linux", "amd64")
                .build()
                .update(UpdateRequest.to(manifest).withUnattended(true)));
    for (var w : writers.entrySet()) {
      Durable.deleteTree(home.state());
      w.getValue().write(home);
      assertEquals("rwx------", mode(home.state()), w.getKey());
      var attempt = UpdateLock.tryAcquire(home.state(), "1.0.0", "1.1.0", clock);
      assertTrue(attempt instanceof UpdateLock.Acquired, w.getKey());
      ((UpdateLock.Acquired) attempt).lock().close();
    }
  }

  @Test
  void theHelper_leavesAnExistingDirectoryAsItIs_andRefusesAFile() throws Exception {
    Path mine = Files.createDirectories(tmp.resolve("a/state"));
    Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rwxr-x---"));
    PrivateDirectory.create(mine);
    assertEquals("rwxr-x---", mode(mine), "the owner's choice stays");

    Path fresh = PrivateDirectory.create(tmp.resolve("b/c/state"));
    assertEquals("rwx------", mode(fresh));
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    assertEquals(mode(plain), mode(tmp.resolve("b")), "parents as createDirectories makes them");

    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThrows(FileAlreadyExistsException.class, () -> PrivateDirectory.create(file));
  }
}
