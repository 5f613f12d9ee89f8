package dev.hoist.cli;

import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Output;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hook}: the session-start snippets that keep Hoist up to date unattended. */
@Command(
    name = "hook",
    footerHeading = "%nExamples:%n",
    footer = {
      "  hoist hook print --shell bash >> ~/.bashrc",
      "  hoist hook print --shell zsh >> ~/.zshrc"
    },
    mixinStandardHelpOptions = true,
    description = "Session-start hooks that update Hoist in the background.",
    subcommands = {HookCommand.Print.class})
final class HookCommand implements Runnable {
  /** What every hook runs: a detached, unattended update that never waits, prompts or prints. */
  static final String COMMAND = "hoist update --detach --caller hook";

  /** The first line of every snippet: how {@code self uninstall} finds them in rc files. */
  static final String HEADER = "# Keep hoist up to date in the background";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code hook print}: the snippet for a shell rc file, or a hook entry for a coding agent. */
  @Command(
      name = "print",
      footerHeading = "%nExamples:%n",
      footer = {
        "  hoist hook print --shell bash >> ~/.bashrc",
        "  hoist hook print --shell fish > ~/.config/fish/conf.d/hoist.fish"
      },
      mixinStandardHelpOptions = true,
      description = {
        "Print the snippet to add to your shell's rc file (~/.bashrc, ~/.zshrc,"
            + " ~/.config/fish/config.fish), or with --format json a session-start hook entry"
            + " (command + async) for coding agents that accept one.",
        "The snippet starts '"
            + COMMAND
            + "' in the background: the shell never waits for it"
            + " and it prints nothing; each run leaves one line in logs/update.log."
      })
  static final class Print implements Runnable {
    private final Context context;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--shell",
        paramLabel = "SHELL",
        completionCandidates = CompletionCommand.Shells.class,
        description = "bash, zsh or fish (default: from $SHELL, else bash).")
    String shell;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        description = "shell (default) or json (a hook entry for coding agents).")
    String format = "shell";

    Print(Context context) {
      this.context = context;
    }

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      switch (format.toLowerCase(Locale.ROOT)) {
        case "json" -> Output.json(out, agentEntry());
        case "shell", "text" -> {
          out.print(snippet(shellName()));
          out.flush();
        }
        default ->
            throw new CommandLine.ParameterException(
                spec.commandLine(), "--format must be shell or json, not '" + format + "'");
      }
    }

    private String shellName() {
      String s =
          shell != null
              ? shell
              : context
                  .env()
                  .get("SHELL")
                  .map(v -> Path.of(v).getFileName().toString())
                  .filter(v -> v.equals("bash") || v.equals("zsh") || v.equals("fish"))
                  .orElse("bash");
      s = s.toLowerCase(Locale.ROOT);
      if (!s.equals("bash") && !s.equals("zsh") && !s.equals("fish")) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--shell must be bash, zsh or fish, not '" + shell + "'");
      }
      return s;
    }
  }

  /**
   * The rc-file snippet. The update is put in the background by the shell itself, in a subshell
   * (bash, zsh) or disowned (fish), so starting a shell costs one fork, no job-control chatter is
   * printed, and a missing {@code hoist} is silently skipped.
   */
  static String snippet(String shell) {
    String header =
        HEADER
            + " (added from 'hoist hook print --shell "
            + shell
            + "').\n"
            + "# Never blocks the shell and prints nothing; see 'hoist history'."
            + " Turn off: HOIST_NO_AUTO_UPDATE=1.\n";
    if (shell.equals("fish")) {
      return header
          + "if command -q hoist\n"
          + "    "
          + COMMAND
          + " </dev/null >/dev/null 2>&1 &\n"
          + "    disown 2>/dev/null\n"
          + "end\n";
    }
    return header
        + "if command -v hoist >/dev/null 2>&1; then\n"
        + "  ("
        + COMMAND
        + " </dev/null >/dev/null 2>&1 &)\n"
        + "fi\n";
  }

  /** The session-start hook entry for coding agents: run the command, do not wait for it. */
  static Map<String, Object> agentEntry() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "command");
    m.put("command", COMMAND.replace("--caller hook", "--caller agent"));
    m.put("async", true);
    return m;
  }
}
