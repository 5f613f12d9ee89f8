package dev.hoist.cli;

import dev.hoist.picocli.internal.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * One in-process run of {@link Main} against a test environment (Linux, amd64, not interactive, the
 * test JVM as Java home), with what it printed.
 */
record CliRun(int code, String out, String err) {
  static CliRun of(
      Map<String, String> vars,
      Optional<Path> installDir,
      Path userHome,
      Clock clock,
      String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    Environment env = environment(vars, installDir, userHome);
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), env, clock, args);
    return new CliRun(code, o.toString(), e.toString());
  }

  /** The test environment: Linux, amd64, not interactive, the test JVM as Java home. */
  static Environment environment(
      Map<String, String> vars, Optional<Path> installDir, Path userHome) {
    return new Environment(
        vars,
        installDir,
        userHome,
        "Linux",
        "amd64",
        Path.of(System.getProperty("java.home")),
        false);
  }
}
