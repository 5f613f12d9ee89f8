package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.e2e.Distributions.Duration;
import dev.hoist.e2e.Distributions.Run;
import dev.hoist.engine.internal.auto.LogEntry;
import dev.hoist.engine.internal.auto.UpdateLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * greet, the example app of {@code examples/greet}, as its users meet it: built by Maven as an
 * outside project (hoist-maven-plugin's invoker run), installed with its own {@code
 * greet-install.sh}, and updated through its own launcher with {@code greet update}. Its racing and
 * crash proofs are ContentionIT's and CrashIT's, which run on greet as on Hoist.
 */
class ExampleAppIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void installedWithItsInstaller_greetUpdatesItselfThroughItsOwnLauncher() throws Exception {
    InstalledHoist greet = InstalledHoist.example(tmp.resolve("example"));
    Path home = greet.freshHome(tmp.resolve("home"));
    Map<String, String> env = new HashMap<>(greet.env());
    env.put("HOME", Files.createDirectories(tmp.resolve("user")).toString());

    assertEquals("1.0.0", greet.runs(home, "1.0.0"));
    Run check = run(env, greet.launcherIn(home), "update", "--check", "--json");
    assertEquals(0, check.code(), check.describe());
    JsonNode available = JSON.readTree(check.out());
    assertEquals("update-available", available.get("status").asText(), check.describe());
    assertEquals("1.1.0", available.get("latest").asText());

    Run update = run(env, greet.launcherIn(home), "update", "--json");
    assertEquals(0, update.code(), update.describe());
    JsonNode updated = JSON.readTree(update.out());
    assertEquals("updated", updated.get("status").asText(), update.describe());
    assertEquals("1.0.0", updated.get("from").asText());
    assertEquals("1.1.0", updated.get("to").asText());
    assertEquals("1.1.0", greet.healthyAndClean(home, "1.1.0"));

    Run again = run(env, greet.launcherIn(home), "update", "--json");
    assertEquals(0, again.code(), again.describe());
    assertEquals("up-to-date", JSON.readTree(again.out()).get("status").asText(), again.describe());

    Run text = run(env, greet.launcherIn(home), "update");
    assertEquals(0, text.code(), text.describe());
    assertTrue(text.out().contains("greet"), text.describe());
    assertTrue(!text.out().contains("hoist") && !text.err().contains("hoist"), text.describe());
  }

  /**
   * {@code greet update --detach} returns at once without starting a JVM: every JVM greet starts
   * goes through a {@code java} that records its arguments, none of them is the {@code --detach}
   * call, and the detached {@code --auto} run completes the update on its own.
   */
  @Test
  void detach_returnsWithoutAJvmAndTheBackgroundRunUpdates() throws Exception {
    InstalledHoist greet = InstalledHoist.example(tmp.resolve("example"));
    Path home = greet.freshHome(tmp.resolve("home"));
    Path calls = tmp.resolve("java-calls");
    Path jdk = recordingJava(tmp.resolve("jdk"), calls);
    Map<String, String> env = new HashMap<>(greet.env());
    env.put("HOME", Files.createDirectories(tmp.resolve("user")).toString());
    env.put("JAVA_HOME", jdk.toString());

    Run detach = run(env, greet.launcherIn(home), "update", "--detach", "--json");

    assertEquals(0, detach.code(), detach.describe());
    JsonNode d = JSON.readTree(detach.out());
    assertEquals("detached", d.get("status").asText(), detach.describe());
    long pid = d.get("pid").asLong();
    // That pid execs the launcher and then the JVM: when it exits, the run is over.
    var running = ProcessHandle.of(pid);
    if (running.isPresent()) running.get().onExit().get(180, TimeUnit.SECONDS);
    Path log = home.resolve("logs/update.log");
    List<LogEntry> entries = new UpdateLog(log.getParent()).entries();
    assertEquals(1, entries.size(), Files.readString(log));
    assertEquals("updated", entries.get(0).status(), Files.readString(log));
    assertEquals("1.1.0", entries.get(0).to());
    List<String> jvms = Files.readAllLines(calls);
    assertTrue(jvms.stream().noneMatch(c -> c.contains("--detach")), "a JVM detached: " + jvms);
    assertTrue(
        jvms.stream().anyMatch(c -> c.endsWith(" greet.Greet update --auto --caller detach")),
        "the background run went through the launcher: " + jvms);
    assertEquals("1.1.0", greet.healthyAndClean(home, "1.1.0"));
  }

  /** A JDK whose {@code bin/java} appends its arguments to {@code calls}, then runs this JVM. */
  private static Path recordingJava(Path dir, Path calls) throws Exception {
    Path real = Path.of(System.getProperty("java.home"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.copy(real.resolve("release"), dir.resolve("release"));
    Path java = bin.resolve("java");
    Files.writeString(
        java,
        "#!/bin/sh\nprintf '%s\\n' \"$*\" >>'"
            + calls
            + "'\nexec '"
            + real.resolve("bin/java")
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  private Run run(Map<String, String> env, String... command) throws Exception {
    return Distributions.run(tmp, env, Duration.COMMAND, command);
  }
}
