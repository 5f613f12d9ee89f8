package dev.hoist.cli;

import dev.hoist.engine.internal.auto.InstallId;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.schedule.Commands;
import dev.hoist.engine.internal.schedule.CronSchedule;
import dev.hoist.engine.internal.schedule.Job;
import dev.hoist.engine.internal.schedule.LaunchdSchedule;
import dev.hoist.engine.internal.schedule.ScheduleStatus;
import dev.hoist.engine.internal.schedule.Scheduler;
import dev.hoist.engine.internal.schedule.Schedulers;
import dev.hoist.engine.internal.schedule.SystemdSchedule;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Durations;
import dev.hoist.picocli.internal.Environment;
import dev.hoist.picocli.internal.Output;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code schedule}: runs {@code hoist update --auto} periodically from the system's scheduler. */
@Command(
    name = "schedule",
    footerHeading = "%nExamples:%n",
    footer = {
      "  hoist schedule enable --every 1d",
      "  hoist schedule status",
      "  hoist schedule disable"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Run 'hoist update --auto' periodically: a systemd user timer where 'systemctl --user'"
          + " works, else a crontab entry; a launchd agent on macOS.",
      "Each install runs at its own (randomized, stable) minute, so a fleet does not hit the"
          + " registry at once. Enabling twice keeps one entry; other crontab lines are never"
          + " touched."
    },
    subcommands = {
      ScheduleCommand.Enable.class,
      ScheduleCommand.Disable.class,
      ScheduleCommand.Status.class
    })
final class ScheduleCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options every subcommand shares. */
  static class Common {
    @Option(
        names = "--backend",
        paramLabel = "NAME",
        description = "systemd, cron or launchd (default: detected).")
    String backend;

    @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;
  }

  /** The scheduler to use: the one named by {@code --backend}, else the detected one. */
  static Scheduler scheduler(Context context, String backend, CommandLine cl) throws IOException {
    Environment env = context.env();
    Commands commands = Commands.processes(env.variables());
    Path configHome =
        env.get("XDG_CONFIG_HOME").map(Path::of).orElse(env.userHome().resolve(".config"));
    String path = env.get("PATH").orElse("/usr/bin:/bin");
    if (backend == null) {
      return Schedulers.detect(
          commands,
          env.osName(),
          env.userHome(),
          configHome,
          path,
          context.clock().withZone(ZoneId.systemDefault()));
    }
    return switch (backend) {
      case "systemd" -> new SystemdSchedule(commands, configHome.resolve("systemd/user"));
      case "cron" ->
          new CronSchedule(commands, "crontab", context.clock().withZone(ZoneId.systemDefault()));
      case "launchd" ->
          new LaunchdSchedule(commands, env.userHome().resolve("Library/LaunchAgents"));
      default ->
          throw new CommandLine.ParameterException(
              cl, "--backend must be systemd, cron or launchd, not '" + backend + "'");
    };
  }

  /** The schedule in force, for {@code hoist status}; empty when none or when none can be asked. */
  static Optional<ScheduleStatus> current(Context context) {
    try {
      return scheduler(context, null, null).status();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // no scheduler on this machine: then there is no schedule either
    }
  }

  static void print(
      PrintWriter out, boolean json, String status, String backend, Optional<ScheduleStatus> s) {
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", status);
      m.put("backend", backend);
      m.put("schedule", s.map(ScheduleStatus::toJson).orElse(null));
      Output.json(out, m);
      return;
    }
    if (s.isEmpty()) {
      out.println("no schedule (" + backend + "); enable one with: hoist schedule enable");
    } else {
      ScheduleStatus x = s.get();
      out.println(
          "schedule: "
              + x.backend()
              + ", every "
              + x.every()
              + (x.next() == null ? "" : ", next " + x.next()));
      out.println("entry:    " + x.entry());
    }
    out.flush();
  }

  @Command(
      name = "enable",
      footerHeading = "%nExamples:%n",
      footer = {"  hoist schedule enable", "  hoist schedule enable --every 6h --backend cron"},
      mixinStandardHelpOptions = true,
      description = "Install or replace the schedule.")
  static final class Enable extends Common implements Callable<Integer> {
    private final Context context;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--every",
        paramLabel = "DURATION",
        converter = Durations.class,
        description =
            "How often, e.g. 30m, 6h, 1d (default 1d; at least 1m). Rounded down to an interval"
                + " that divides an hour or a day, or to whole days.")
    Duration every = Duration.ofDays(1);

    Enable(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() throws IOException {
      if (every.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--every must be at least 1m");
      }
      HoistHome home = PauseCommand.homeOf(context, spec.commandLine());
      Scheduler s = scheduler(context, backend, spec.commandLine());
      List<String> command =
          List.of(
              "/usr/bin/env", // absolute: older systemd and launchd do not search PATH
              "JAVA_HOME=" + context.env().javaHome(),
              home.launcher().toString(),
              "update",
              "--auto",
              "--caller",
              "schedule");
      long spread = InstallId.of(home.state()).hashCode() & 0x7fffffffL;
      boolean changed = s.enable(new Job(command, Job.evenInterval(every), spread));
      print(
          spec.commandLine().getOut(),
          json,
          changed ? "enabled" : "unchanged",
          s.backend(),
          s.status());
      return 0;
    }
  }

  @Command(
      name = "disable",
      footerHeading = "%nExamples:%n",
      footer = {"  hoist schedule disable"},
      mixinStandardHelpOptions = true,
      description = "Remove the schedule.")
  static final class Disable extends Common implements Callable<Integer> {
    private final Context context;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    Disable(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() throws IOException {
      Scheduler s = scheduler(context, backend, spec.commandLine());
      boolean removed = s.disable();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        print(out, true, removed ? "disabled" : "unchanged", s.backend(), Optional.empty());
      } else {
        out.println(
            removed
                ? "schedule removed (" + s.backend() + ")"
                : "no schedule to remove (" + s.backend() + ")");
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "status",
      footerHeading = "%nExamples:%n",
      footer = {"  hoist schedule status"},
      mixinStandardHelpOptions = true,
      description = "Show the schedule: backend, interval, next run.")
  static final class Status extends Common implements Callable<Integer> {
    private final Context context;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    Status(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() throws IOException {
      Scheduler s = scheduler(context, backend, spec.commandLine());
      Optional<ScheduleStatus> st = s.status();
      print(
          spec.commandLine().getOut(),
          json,
          st.isPresent() ? "enabled" : "disabled",
          s.backend(),
          st);
      return 0;
    }
  }
}
