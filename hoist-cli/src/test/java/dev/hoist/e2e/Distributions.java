package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real distributions built by {@code packaging/build.sh} from {@code target/}, and a way to run
 * their launcher as a user would: a child process with its own environment.
 */
final class Distributions {
  private Distributions() {}

  /** A finished child process. */
  record Run(int code, String out, String err) {
    String describe() {
      return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  static Path project() throws IOException {
    String dir = System.getProperty("hoist.project.dir");
    assertNotNull(dir, "system property hoist.project.dir (set by failsafe) is missing");
    return Path.of(dir).toRealPath();
  }

  /** Builds {@code out/hoist-<version>.tar.gz} from the already packaged {@code target/}. */
  static Path build(String version, Path out) throws Exception {
    Run r =
        run(
            project(),
            Map.of(),
            Duration.BUILD,
            project().resolve("packaging/build.sh").toString(),
            "--version",
            version,
            "--out",
            out.toString(),
            "--skip-build");
    assertEquals(0, r.code(), r.describe());
    return out.resolve("hoist-" + version + ".tar.gz");
  }

  /** Extracts an archive with the system tar, as a user would, and returns its top directory. */
  static Path extract(Path archive, Path into, String version) throws Exception {
    Files.createDirectories(into);
    Run r = run(into, Map.of(), Duration.BUILD, "tar", "xzf", archive.toString());
    assertEquals(0, r.code(), r.describe());
    return into.resolve("hoist-" + version);
  }

  /**
   * Runs {@code <extracted>/bin/hoist self install} into {@code home} with its link in {@code bin},
   * as a user would after {@code tar xzf}, and returns the link on PATH.
   *
   * @param extra more options of {@code self install}, e.g. {@code --strategy in-place}
   */
  static Path selfInstall(Path extracted, Path home, Path bin, String... extra) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of(extracted.resolve("bin/hoist").toString(), "self", "install"));
    cmd.addAll(List.of(extra));
    cmd.addAll(List.of("--home", home.toString(), "--bin-dir", bin.toString()));
    Run r = run(home.getParent(), Map.of(), Duration.COMMAND, cmd.toArray(String[]::new));
    assertEquals(0, r.code(), r.describe());
    return bin.resolve("hoist");
  }

  enum Duration {
    BUILD(120),
    /** jlink, training and dumping a start-up archive: slow on a loaded 2-core machine. */
    RUNTIME_BUILD(600),
    COMMAND(120);

    final long seconds;

    Duration(long seconds) {
      this.seconds = seconds;
    }
  }

  /**
   * A process builder for {@code command} whose environment is this JVM's minus everything that
   * changes what Hoist does: {@code HOIST_*} (a developer's own home or registry) and {@code CI}
   * (set on CI machines, where it would turn every {@code --auto} run into a skip). {@code
   * JAVA_HOME} names this JVM and {@code HOME} is {@code hoist-cli/target/it-home}; {@code env}
   * comes last.
   */
  private static Path testHome;

  /** {@code hoist-cli/target/it-home}: HOME for every command a test does not give its own. */
  private static synchronized Path testHome() {
    if (testHome == null) {
      try {
        testHome = Files.createDirectories(project().resolve("hoist-cli/target/it-home"));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return testHome;
  }

  static ProcessBuilder process(Map<String, String> env, String... command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("HOIST_") || k.equals("CI"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // Never the account's own home: a default path a test forgot to override lands in target/.
    pb.environment().put("HOME", testHome().toString());
    pb.environment().putAll(env);
    return pb;
  }

  /** Runs a command with {@code env} added to a minimal environment; stdin is empty. */
  static Run run(Path cwd, Map<String, String> env, Duration limit, String... command)
      throws Exception {
    ProcessBuilder pb = process(env, command).directory(cwd.toFile());
    Path out = Files.createTempFile("hoist-e2e", ".out");
    Path err = Files.createTempFile("hoist-e2e", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    try {
      if (!p.waitFor(limit.seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(
            "timed out after " + limit.seconds + "s: " + String.join(" ", command));
      }
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** A command that may be raced, as a test runs it. */
  @FunctionalInterface
  interface Racer {
    Run run() throws Exception;
  }

  /**
   * Runs {@code racer} {@code n} times at once, as a hook firing in several terminals would, and
   * asserts that each exits 0 with a JSON status of updated, up-to-date or skipped, and that
   * exactly one updated.
   */
  static void raceOneUpdates(int n, Racer racer) throws Exception {
    List<java.util.concurrent.CompletableFuture<Run>> racers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      racers.add(
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return racer.run();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    int updated = 0;
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (java.util.concurrent.CompletableFuture<Run> f : racers) {
      Run r = f.get(300, TimeUnit.SECONDS);
      assertEquals(0, r.code(), r.describe());
      String status = json.readTree(r.out()).get("status").asText();
      org.junit.jupiter.api.Assertions.assertTrue(
          List.of("updated", "up-to-date", "skipped").contains(status), r.out());
      if (status.equals("updated")) updated++;
    }
    assertEquals(1, updated, "exactly one racer installs");
  }

  static List<String> args(String first, String... rest) {
    List<String> l = new ArrayList<>();
    l.add(first);
    l.addAll(List.of(rest));
    return l;
  }
}
