package dev.hoist.cli;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.install.SelfInstaller;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Output;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code self}: manage this installation of hoist. */
@Command(
    name = "self",
    mixinStandardHelpOptions = true,
    description = "Install this copy of hoist.",
    subcommands = {SelfCommand.Install.class})
final class SelfCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code self install}: install the extracted distribution this command runs from. */
  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = {
        "Install the extracted archive this hoist runs from into a Hoist home and link"
            + " BIN_DIR/hoist to it. Safe to repeat.",
        "",
        "Example: tar xzf hoist-1.0.0.tar.gz && hoist-1.0.0/bin/hoist self install"
      })
  static final class Install implements Callable<Integer> {
    private final Context context;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--home",
        paramLabel = "DIR",
        description =
            "The Hoist home (default: $HOIST_HOME, else $XDG_DATA_HOME/hoist or"
                + " ~/.local/share/hoist).")
    Path home;

    @Option(
        names = "--bin-dir",
        paramLabel = "DIR",
        description = "Where to put the hoist link (default: ~/.local/bin).")
    Path binDir;

    @Option(
        names = "--strategy",
        paramLabel = "NAME",
        description =
            "How updates switch versions in a new home: versioned (default; versions/ and a"
                + " current symlink, with rollback) or in-place (one install/ directory swapped by"
                + " renames, for filesystems or packagings without symlinks; no rollback).")
    String strategy;

    @Option(names = "--verbose", description = "Show the stack trace of a failure.")
    boolean verbose;

    Install(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (context.env().installDir().isEmpty()) {
        Output.error(
            err,
            "self install must run from an extracted release archive"
                + " (hoist-VERSION/bin/hoist self install)",
            null,
            false);
        return 1;
      }
      Path h = home != null ? home : context.defaultHome();
      Path b = binDir != null ? binDir : context.defaultBinDir();
      java.util.Optional<dev.hoist.engine.internal.install.HoistHome.Strategy> chosen;
      try {
        chosen =
            java.util.Optional.ofNullable(strategy)
                .map(dev.hoist.engine.internal.install.HoistHome.Strategy::of);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      try {
        SelfInstaller.Outcome o =
            new SelfInstaller(context.clock())
                .install(context.env().installDir().get(), h, b, chosen);
        out.println(
            (o.alreadyInstalled()
                    ? "hoist " + o.version() + " is already installed in "
                    : "installed hoist " + o.version() + " into ")
                + h);
        out.println(
            "linked "
                + o.launcher()
                + " -> "
                + new dev.hoist.engine.internal.install.HoistHome(h.toAbsolutePath().normalize())
                    .launcher());
        if (!onPath(b)) {
          out.println();
          out.println(b + " is not on your PATH. Add it, e.g. in ~/.bashrc or ~/.zshrc:");
          out.println("  export PATH=\"" + b + ":$PATH\"");
        }
        out.flush();
        return 0;
      } catch (UpdateException e) {
        Output.error(err, e.getMessage(), e, verbose);
        return 1;
      }
    }

    private boolean onPath(Path dir) {
      String path = context.env().get("PATH").orElse("");
      return Arrays.stream(path.split(File.pathSeparator))
          .filter(s -> !s.isBlank())
          .map(Path::of)
          .anyMatch(
              p -> {
                try {
                  return Files.isSameFile(p, dir);
                } catch (java.io.IOException e) {
                  return false;
                }
              });
    }
  }
}
