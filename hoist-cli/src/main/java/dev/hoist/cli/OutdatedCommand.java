package dev.hoist.cli;

import dev.hoist.picocli.internal.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code outdated}: asks each tool's registry whether a newer release exists. Takes no lock. */
@Command(
    name = "outdated",
    mixinStandardHelpOptions = true,
    description =
        "Ask the registry of hoist and of every tool installed with --app whether a newer"
            + " release exists, as 'hoist update --check' does for each; changes nothing.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  hoist outdated",
      "  hoist outdated --json",
      "  hoist outdated --exit-code && echo all up to date"
    })
final class OutdatedCommand implements Callable<Integer> {
  private final Context context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  @Option(names = "--exit-code", description = "Exit 10 when any tool has an update.")
  boolean exitCode;

  OutdatedCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>(List.of("update", "--check"));
    if (json) args.add("--json");
    if (exitCode) args.add("--exit-code");
    CommandLine cl = spec.commandLine();
    return EveryTool.run(context, args, cl.getOut(), cl.getErr(), json);
  }
}
