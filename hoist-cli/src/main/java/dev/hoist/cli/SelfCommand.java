package dev.hoist.cli;

import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.SelfInstall;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code self}: manage this installation of hoist. */
@Command(
    name = "self",
    footerHeading = "%nExamples:%n",
    footer = {
      "  tar xzf hoist-1.0.0.tar.gz && hoist-1.0.0/bin/hoist self install",
      "  hoist self uninstall"
    },
    mixinStandardHelpOptions = true,
    description = "Install or uninstall this copy of hoist.",
    subcommands = {SelfCommand.Install.class, SelfCommand.Uninstall.class})
final class SelfCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code self uninstall}: remove the home, its links, schedule and completion files. */
  @Command(
      name = "uninstall",
      mixinStandardHelpOptions = true,
      description = {
        "Remove hoist: its home (every installed version, state and log), the hoist link, the"
            + " man page and completion links, and the schedule that runs it. Only what Hoist"
            + " made is removed: another file where a link would be, or a file of yours in the"
            + " home, is kept and named. Lines the hook added to your shell's start-up files are"
            + " printed for you to delete. Tools installed with --app are kept: remove each"
            + " with 'hoist uninstall --app FILE'.",
        "Asks first on a terminal; elsewhere give --yes."
      },
      footerHeading = "%nExamples:%n",
      footer = {"  hoist self uninstall", "  hoist self uninstall --yes --json"})
  static final class Uninstall implements Callable<Integer> {
    private final Context context;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--home",
        paramLabel = "DIR",
        description =
            "The Hoist home (default: this hoist's own, else $HOIST_HOME, else"
                + " $XDG_DATA_HOME/hoist or ~/.local/share/hoist).")
    Path home;

    @Option(
        names = "--bin-dir",
        paramLabel = "DIR",
        description = "Where the hoist link is (default: ~/.local/bin).")
    Path binDir;

    @CommandLine.Mixin dev.hoist.cli.Uninstall.Options options;

    Uninstall(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      HoistHome h =
          java.util.Optional.ofNullable(home)
              .map(HoistHome::new)
              .or(context::hoistHome)
              .orElseGet(() -> new HoistHome(context.defaultHome()));
      Path b = binDir != null ? binDir : context.defaultBinDir();
      var links = dev.hoist.cli.Uninstall.linksOf(context, h, b, context.app().command());
      return new dev.hoist.cli.Uninstall(context, context.app().name(), h, links, true)
          .run(spec.commandLine(), options);
    }
  }

  /** {@code self install}: install the extracted distribution this command runs from. */
  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = {
        "Install the extracted archive this hoist runs from into a Hoist home and link"
            + " BIN_DIR/hoist to it. Safe to repeat."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  tar xzf hoist-1.0.0.tar.gz && hoist-1.0.0/bin/hoist self install",
        "  hoist-1.0.0/bin/hoist self install --home ~/tools/hoist --bin-dir ~/bin"
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

    @Option(
        names = {"-v", "--verbose"},
        description = "Show the stack trace of a failure.")
    boolean verbose;

    @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    Install(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      java.util.Optional<HoistHome.Strategy> chosen;
      try {
        chosen = java.util.Optional.ofNullable(strategy).map(HoistHome.Strategy::of);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      return SelfInstall.run(
          context,
          java.util.Optional.ofNullable(home),
          java.util.Optional.ofNullable(binDir),
          chosen,
          spec.commandLine().getOut(),
          spec.commandLine().getErr(),
          verbose,
          json);
    }
  }
}
