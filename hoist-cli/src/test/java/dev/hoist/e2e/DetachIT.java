package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.e2e.Distributions.Duration;
import dev.hoist.e2e.Distributions.Run;
import dev.hoist.engine.internal.auto.LogEntry;
import dev.hoist.engine.internal.auto.UpdateLog;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code hoist update --detach} with real processes: the parent returns at once while the detached
 * run is provably still waiting (held at a named-pipe gate), in its own session, with stdin from
 * {@code /dev/null} and output to the update log; released, it completes the update after its
 * parent is long gone.
 */
class DetachIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /**
   * @param path {@code launcher}: {@code bin/hoist} detaches without a JVM; {@code jvm}: the JVM
   *     detaches through {@code /bin/sh} ({@code HOIST_LAUNCHER_DETACH=0})
   */
  @ParameterizedTest
  @ValueSource(strings = {"launcher", "jvm"})
  void detachedRun_outlivesItsParentAndCompletesTheUpdate(String path) throws Exception {
    InstalledHoist installed = InstalledHoist.create(tmp);
    Path home = installed.freshHome(tmp.resolve("home"));
    Path gate = tmp.resolve("gate");
    Run mk = Distributions.run(tmp, Map.of(), Duration.COMMAND, "mkfifo", gate.toString());
    assertEquals(0, mk.code(), mk.describe());

    Map<String, String> env = new HashMap<>(installed.env());
    env.put("HOIST_TEST_GATE", gate.toString());
    env.put("HOIST_LAUNCHER_DETACH", path.equals("launcher") ? "1" : "0");
    ProcessBuilder pb =
        Distributions.process(env, InstalledHoist.launcher(home), "update", "--detach", "--json")
            .directory(tmp.toFile());
    Process parent = pb.start();
    parent.getOutputStream().close();
    // Read the parent's stdout to its end: were the child holding it, this would never finish.
    CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(parent));
    String out = stdout.get(120, TimeUnit.SECONDS);
    assertTrue(parent.waitFor(30, TimeUnit.SECONDS), "the parent exits");
    assertEquals(0, parent.exitValue(), out);
    JsonNode j = JSON.readTree(out);
    assertEquals("detached", j.get("status").asText(), out);
    long pid = j.get("pid").asLong();
    Path log = home.resolve("logs/update.log");
    assertEquals(log.toString(), j.get("log").asText());

    // The parent is gone; the child lives on, detached, held at the gate before any change.
    ProcessHandle child = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no " + pid));
    assertTrue(child.isAlive(), "the detached run outlives its parent");
    assertNotEquals(
        ProcessHandle.current().pid(),
        child.parent().map(ProcessHandle::pid).orElse(-1L),
        "not our child");
    // The parent returns only once the child leads its own session: no waiting needed here.
    assertEquals(pid, sessionOf(pid), "a session of its own: a terminal hang-up cannot reach it");
    assertNotEquals(sessionOf(ProcessHandle.current().pid()), sessionOf(pid));
    assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/0")));
    assertEquals(
        log.toRealPath(), Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/1")).normalize());
    assertEquals(Path.of("versions", "1.0.0"), Files.readSymbolicLink(home.resolve("current")));

    // Release it and wait for it to finish on its own.
    CompletableFuture<Void> open =
        CompletableFuture.runAsync(
            () -> {
              try {
                Files.writeString(gate, "go");
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    open.get(120, TimeUnit.SECONDS);
    child.onExit().get(180, TimeUnit.SECONDS);

    List<LogEntry> entries = new UpdateLog(home.resolve("logs")).entries();
    assertEquals(1, entries.size(), Files.readString(log));
    LogEntry e = entries.get(0);
    assertEquals("updated", e.status(), Files.readString(log));
    assertEquals("detach", e.caller());
    assertEquals(pid, e.pid());
    assertEquals("1.0.0", e.from());
    assertEquals("1.1.0", e.to());
    assertEquals(
        1, Files.readAllLines(log).size(), "nothing but the line: " + Files.readString(log));
    InstalledHoist.assertHealthyAndClean(home, "1.1.0");

    Run history =
        Distributions.run(
            tmp, installed.env(), Duration.COMMAND, InstalledHoist.launcher(home), "history");
    assertTrue(history.out().contains("1.0.0 -> 1.1.0"), history.describe());
  }

  /**
   * A hook firing in several terminals at once: every detached run finishes, exactly one installs,
   * the others skip on the lock or find the update done, and each leaves one whole line.
   */
  @Test
  void detachedRunsStartedAtOnce_oneUpdatesAndEveryRunLogsOneLine() throws Exception {
    InstalledHoist installed = InstalledHoist.create(tmp);
    Path home = installed.freshHome(tmp.resolve("home"));
    int n = 6;
    List<CompletableFuture<Run>> parents = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      parents.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return Distributions.run(
                      tmp,
                      installed.env(),
                      Duration.COMMAND,
                      InstalledHoist.launcher(home),
                      "update",
                      "--detach",
                      "--json",
                      "--caller",
                      "hook");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    List<ProcessHandle> children = new java.util.ArrayList<>();
    for (CompletableFuture<Run> f : parents) {
      Run r = f.get(180, TimeUnit.SECONDS);
      assertEquals(0, r.code(), r.describe());
      ProcessHandle.of(JSON.readTree(r.out()).get("pid").asLong()).ifPresent(children::add);
    }
    for (ProcessHandle c : children) c.onExit().get(300, TimeUnit.SECONDS);

    Path log = home.resolve("logs/update.log");
    List<LogEntry> entries = new UpdateLog(home.resolve("logs")).entries();
    assertEquals(n, entries.size(), Files.readString(log));
    assertEquals(
        n, Files.readAllLines(log).size(), "only whole JSON lines: " + Files.readString(log));
    assertEquals(
        1,
        entries.stream().filter(e -> e.status().equals("updated")).count(),
        Files.readString(log));
    for (LogEntry e : entries) {
      assertEquals("hook", e.caller());
      assertTrue(
          List.of("updated", "up-to-date", "skipped").contains(e.status()), Files.readString(log));
    }
    InstalledHoist.assertHealthyAndClean(home, "1.1.0");
  }

  private static String readAll(Process p) {
    try (InputStream in = p.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Field 6 of {@code /proc/PID/stat}: the session id. */
  private static long sessionOf(long pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[3]);
  }
}
