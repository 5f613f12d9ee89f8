package dev.hoist.cli;

import dev.hoist.picocli.ShellDocs;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Environment;
import dev.hoist.picocli.internal.SignalGuard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Run by the build ({@code process-classes}, hoist-cli/pom.xml): writes the completion scripts and
 * the man page of hoist's whole command tree into {@code share/} of the classes directory, which
 * the jar and the distribution's {@code share/} both carry. Nothing of this runs when hoist starts.
 *
 * <p>Usage: {@code ShellDocsBuild OUT_DIR}
 */
public final class ShellDocsBuild {
  private ShellDocsBuild() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) throw new IllegalArgumentException("usage: ShellDocsBuild OUT_DIR");
    // The tree only: no command runs, so the environment is a placeholder that reads nothing.
    Path nowhere = Path.of("/nonexistent");
    Environment env =
        new Environment(
            Map.of("HOME", nowhere.toString()),
            Optional.empty(),
            nowhere,
            "Linux",
            "amd64",
            nowhere,
            false);
    PrintWriter sink = new PrintWriter(new StringWriter());
    var cl =
        HoistCommand.commandLine(
            new Context(env, Clock.systemUTC(), SignalGuard.inert()), sink, sink);
    ShellDocs.write(cl, Path.of(args[0]));
  }
}
