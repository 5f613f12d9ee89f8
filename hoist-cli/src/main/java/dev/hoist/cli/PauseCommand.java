package dev.hoist.cli;

import dev.hoist.engine.internal.auto.Pause;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Durations;
import dev.hoist.picocli.internal.Output;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pause}: holds off unattended updates until {@code resume} or for a while. */
@Command(
    name = "pause",
    footerHeading = "%nExamples:%n",
    footer = {
      "  hoist pause                      until hoist resume",
      "  hoist pause --for 1w",
      "  hoist pause --for 2h30m"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Pause unattended updates (--auto, --detach, the schedule, the shell hook): they skip with"
          + " reason 'paused' and exit 0. A manual 'hoist update' still runs, with a note.",
      "Without --for, the pause lasts until 'hoist resume'."
    })
final class PauseCommand implements Callable<Integer> {
  private final Context context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      converter = Durations.class,
      description = "How long to pause, e.g. 2h, 3d; the pause then ends by itself.")
  Duration duration;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  PauseCommand(Context context) {
    this.context = context;
  }

  /** The home, or a one-line failure when this copy has none. */
  static HoistHome homeOf(Context context, CommandLine cl) {
    return context
        .hoistHome()
        .orElseThrow(
            () ->
                new CommandLine.ExecutionException(
                    cl,
                    "this copy of hoist is not installed in a Hoist home; set HOIST_HOME or run"
                        + " the installed hoist"));
  }

  @Override
  public Integer call() throws IOException {
    if (duration != null && (duration.isZero() || duration.isNegative())) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--for must be positive");
    }
    HoistHome home = homeOf(context, spec.commandLine());
    Pause.State s = new Pause(home.state(), context.clock()).pause(Optional.ofNullable(duration));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", "paused");
      m.put("paused", true);
      m.put("pausedUntil", s.until().map(Object::toString).orElse(null));
      Output.json(out, m);
    } else {
      out.println("unattended updates are " + s.describe());
      out.flush();
    }
    return 0;
  }
}
