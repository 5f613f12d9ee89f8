package dev.hoist.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code hoist} command. */
@Command(
    name = "hoist",
    mixinStandardHelpOptions = true,
    versionProvider = HoistCommand.VersionProvider.class,
    description = "A self-updating command-line tool and the update engine inside it.",
    subcommands = {
      UpdateCommand.class,
      StatusCommand.class,
      RollbackCommand.class,
      HistoryCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      HookCommand.class,
      ScheduleCommand.class,
      SelfCommand.class,
      ReleaseCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success: updated, up to date, or skipped (locked, paused, not self-managed)",
      "  1  failure; nothing changed on disk",
      "  2  usage error"
    })
final class HoistCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static CommandLine commandLine(Context context, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new HoistCommand(), new Factory(context));
    AppOption.addTo(cl, "update", "rollback", "status", "history");
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          boolean verbose = Boolean.TRUE.equals(parseResult.matchedOptionValue("--verbose", false));
          Output.error(commandLine.getErr(), String.valueOf(e.getMessage()), e, verbose);
          return e instanceof TrustSettings.BadTrustConfig ? 2 : 1;
        });
    return cl;
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
