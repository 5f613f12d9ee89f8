package dev.hoist.cli;

import dev.hoist.engine.internal.auto.Pause;
import dev.hoist.picocli.internal.Context;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code resume}: ends a pause. */
@Command(
    name = "resume",
    footerHeading = "%nExamples:%n",
    footer = {"  hoist resume"},
    mixinStandardHelpOptions = true,
    description = "End a pause: unattended updates run again.")
final class ResumeCommand implements Callable<Integer> {
  private final Context context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  ResumeCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    var home = PauseCommand.homeOf(context, spec.commandLine());
    boolean was = new Pause(home.state(), context.clock()).resume();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("status", was ? "resumed" : "not-paused");
      m.put("paused", false);
      m.put("pausedUntil", null);
      dev.hoist.picocli.internal.Output.json(out, m);
      return 0;
    }
    out.println(was ? "unattended updates resumed" : "unattended updates were not paused");
    out.flush();
    return 0;
  }
}
