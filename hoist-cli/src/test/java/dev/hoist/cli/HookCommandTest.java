package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.picocli.internal.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code hoist hook print}, and the printed snippet run by a real shell. */
class HookCommandTest {
  @TempDir Path tmp;
  private final Map<String, String> vars = new HashMap<>();
  private String out;

  private int run(String... args) {
    StringWriter o = new StringWriter();
    Environment env = CliRun.environment(vars, Optional.empty(), tmp);
    int code =
        Main.run(
            new PrintWriter(o), new PrintWriter(new StringWriter()), env, Clock.systemUTC(), args);
    out = o.toString();
    return code;
  }

  @Test
  void shellDefaultsToTheUsersShell() {
    vars.put("SHELL", "/usr/bin/fish");
    assertEquals(0, run("hook", "print"));
    assertTrue(out.contains("if command -q hoist") && out.contains("disown"), out);
    assertEquals(0, run("hook", "print", "--shell", "zsh"));
    assertTrue(out.contains("(hoist update --detach --caller hook"), out);
    assertEquals(2, run("hook", "print", "--shell", "tcsh"));
  }

  @Test
  void jsonFormat_isAnAsyncSessionStartCommand() throws Exception {
    assertEquals(0, run("hook", "print", "--format", "json"));
    JsonNode j = new ObjectMapper().readTree(out);
    assertEquals("command", j.get("type").asText());
    assertEquals("hoist update --detach --caller agent", j.get("command").asText());
    assertTrue(j.get("async").asBoolean());
  }

  /**
   * The snippet, sourced by a real shell, starts the update in the background and returns without
   * waiting: the fake {@code hoist} blocks writing to a named pipe that the test reads only after
   * the shell has exited, with nothing printed.
   */
  @ParameterizedTest
  @ValueSource(strings = {"bash", "sh"})
  void snippet_startsTheUpdateWithoutWaitingOrPrinting(String shell) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path pipe = tmp.resolve("pipe");
    assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
    Path hoist = bin.resolve("hoist");
    Files.writeString(hoist, "#!/bin/sh\necho \"$*\" > '" + pipe + "'\n");
    Files.setPosixFilePermissions(hoist, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path rc = tmp.resolve("rc");
    Files.writeString(rc, HookCommand.snippet("bash"));

    ProcessBuilder pb = new ProcessBuilder(shell, "-c", ". '" + rc + "'; echo done");
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the shell did not wait for hoist");
    assertEquals("done\n", output.get(30, TimeUnit.SECONDS), "nothing but our own echo");
    CompletableFuture<String> args =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.readString(pipe).strip();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    assertEquals("update --detach --caller hook", args.get(30, TimeUnit.SECONDS));
  }

  @Test
  void snippet_withoutHoistOnPath_isSilent() throws Exception {
    Path rc = tmp.resolve("rc");
    Files.writeString(rc, HookCommand.snippet("bash"));
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", ". '" + rc + "'");
    pb.environment().put("PATH", tmp.resolve("empty") + ":/nonexistent");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    assertEquals("", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
