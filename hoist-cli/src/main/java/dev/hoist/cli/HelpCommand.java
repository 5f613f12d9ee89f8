package dev.hoist.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code help [COMMAND...]}: the help of any command, however deep ({@code hoist help self
 * install}); picocli's own help command looks one level down only, so {@code help self install}
 * showed {@code self}'s help.
 */
@Command(
    name = "help",
    helpCommand = true,
    description = {
      "Show the help of a command.",
      "",
      "Examples:",
      "  hoist help update",
      "  hoist help self install"
    })
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
  @Parameters(
      paramLabel = "COMMAND",
      arity = "0..*",
      description = "The command, e.g. self install.")
  List<String> path = new ArrayList<>();

  private CommandLine self;
  private CommandLine.Help.ColorScheme colors;
  private PrintWriter out;

  @Override
  public void init(
      CommandLine helpCommandLine,
      CommandLine.Help.ColorScheme colorScheme,
      PrintWriter outWriter,
      PrintWriter errWriter) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = outWriter;
  }

  @Override
  public void run() {
    CommandLine target = self.getParent();
    for (String name : path) {
      CommandLine sub = target.getSubcommands().get(name);
      if (sub == null) {
        throw new CommandLine.ParameterException(
            self,
            "unknown command '"
                + String.join(" ", path)
                + "' (the commands are: "
                + String.join(", ", self.getParent().getSubcommands().keySet())
                + ")");
      }
      target = sub;
    }
    target.usage(out, colors);
    out.flush();
  }
}
