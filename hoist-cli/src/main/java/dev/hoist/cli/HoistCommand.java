package dev.hoist.cli;

import dev.hoist.engine.HttpConfig;
import dev.hoist.picocli.UpdateCommand;
import dev.hoist.picocli.internal.AppOption;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Output;
import dev.hoist.picocli.internal.TrustSettings;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code hoist} command. */
@Command(
    name = "hoist",
    mixinStandardHelpOptions = true,
    versionProvider = HoistCommand.VersionProvider.class,
    description = "A self-updating command-line tool and the update engine inside it.",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success: updated, up to date, or skipped (locked, paused, not self-managed)",
      "  1  failure; nothing changed on disk",
      "  2  usage error",
      " 10  an update is available (update --check --exit-code)",
      "",
      "Examples:",
      "  hoist update                     install the newest release of your channel",
      "  hoist status                     what is installed, from where, verified how",
      "  hoist update --app mvn.json      keep another tool up to date (docs/apps.md)",
      "  hoist list                       hoist and every tool it manages",
      "  hoist update --all               update them all",
      "  hoist help self install          the help of any command"
    })
final class HoistCommand implements Runnable {
  /**
   * The subcommands by name, in the order help lists them. They are not in the annotation: picocli
   * builds the model of every listed subcommand up front (reflection over each command's options,
   * ~40 ms even from the class-data-sharing archive), and a command line names at most one.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("update", UpdateCommand.class);
    m.put("status", StatusCommand.class);
    m.put("rollback", RollbackCommand.class);
    m.put("history", HistoryCommand.class);
    m.put("pause", PauseCommand.class);
    m.put("resume", ResumeCommand.class);
    m.put("hook", HookCommand.class);
    m.put("schedule", ScheduleCommand.class);
    m.put("self", SelfCommand.class);
    m.put("release", ReleaseCommand.class);
    m.put("list", ListCommand.class);
    m.put("outdated", OutdatedCommand.class);
    m.put("versions", VersionsCommand.class);
    m.put("pin", PinCommand.class);
    m.put("unpin", PinCommand.Unpin.class);
    m.put("uninstall", UninstallCommand.class);
    m.put("completion", CompletionCommand.class);
    m.put("help", HelpCommand.class);
    return Collections.unmodifiableMap(m);
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The whole command tree, as {@code hoist --help} shows it. */
  static CommandLine commandLine(Context context, PrintWriter out, PrintWriter err) {
    return commandLine(context, out, err, SUBCOMMANDS.keySet());
  }

  /**
   * The tree that {@code args} needs: when the first argument names a subcommand, only that one
   * (its options and its own subcommands are all there, so parsing, help and usage errors are those
   * of the whole tree), except {@code help}, which looks the others up; {@code --version} alone
   * needs none; anything else gets the whole tree, so that help, suggestions for a mistyped command
   * and errors read as always.
   */
  static CommandLine commandLine(
      Context context, PrintWriter out, PrintWriter err, String... args) {
    Set<String> needed;
    if (args.length > 0 && SUBCOMMANDS.containsKey(args[0]) && !args[0].equals("help")) {
      needed = Set.of(args[0]);
    } else if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      needed = Set.of();
    } else {
      needed = SUBCOMMANDS.keySet();
    }
    return commandLine(context, out, err, needed);
  }

  private static CommandLine commandLine(
      Context context, PrintWriter out, PrintWriter err, Set<String> needed) {
    Factory factory = new Factory(context);
    CommandLine cl = new CommandLine(new HoistCommand(), factory);
    SUBCOMMANDS.forEach(
        (name, cls) -> {
          if (needed.contains(name)) cl.addSubcommand(name, new CommandLine(cls, factory));
        });
    AppOption.addTo(cl, "update", "rollback", "status", "history", "pin", "unpin", "versions");
    CommandLine update = cl.getSubcommands().get("update");
    if (update != null) {
      update.addMixin("all", new EveryTool.AllOption());
      var usage = update.getCommandSpec().usageMessage();
      java.util.List<String> footer = new java.util.ArrayList<>(java.util.List.of(usage.footer()));
      footer.add("  hoist update --all               hoist and every tool (hoist list)");
      usage.footer(footer.toArray(String[]::new));
    }
    for (CommandLine sub : cl.getSubcommands().values()) withoutVersionOption(sub);
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(new dev.hoist.picocli.UsageErrors());
    // After any interactive command: the one-line notice of a newer release (UpdateNotice).
    cl.setExecutionStrategy(
        dev.hoist.picocli.internal.Notice.around(
            EveryTool.around(cl.getExecutionStrategy(), context), context));
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          boolean verbose = Boolean.TRUE.equals(parseResult.matchedOptionValue("--verbose", false));
          boolean config =
              e instanceof TrustSettings.BadTrustConfig || e instanceof HttpConfig.Unusable;
          int code = config ? 2 : 1;
          if (parseResult.originalArgs().contains("--json")) {
            // One object on stdout, whatever went wrong (a scheduler that refused, a broken
            // trust setting): a script reading --json never has to parse stderr.
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("status", "failed");
            json.put("error", config ? "usage-error" : "command-failed");
            json.put("message", String.valueOf(e.getMessage()));
            json.put("exitCode", code);
            Output.json(commandLine.getOut(), json);
            if (verbose) e.printStackTrace(commandLine.getErr());
            return code;
          }
          Output.error(commandLine.getErr(), String.valueOf(e.getMessage()), e, verbose);
          return code;
        });
    return cl;
  }

  /**
   * {@code -V}/{@code --version} belongs to {@code hoist} alone: {@code hoist update --version}
   * printed Hoist's version, not an update's, which reads as if it were a way to ask for one.
   */
  private static void withoutVersionOption(CommandLine cl) {
    CommandLine.Model.OptionSpec version = cl.getCommandSpec().findOption("--version");
    if (version != null) cl.getCommandSpec().remove(version);
    for (CommandLine sub : cl.getSubcommands().values()) withoutVersionOption(sub);
  }

  /** Prints {@code hoist <version>}. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    private final Context context;

    VersionProvider(Context context) {
      this.context = context;
    }

    @Override
    public String[] getVersion() {
      return new String[] {"hoist " + context.runningVersion()};
    }
  }

  /** Hands the {@link Context} to commands and providers that take it. */
  private record Factory(Context context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      for (var ctor : cls.getDeclaredConstructors()) {
        if (ctor.getParameterCount() == 1 && ctor.getParameterTypes()[0] == Context.class) {
          ctor.setAccessible(true);
          return cls.cast(ctor.newInstance(context));
        }
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
