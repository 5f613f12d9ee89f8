package dev.hoist.cli;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.ShellFiles;
import dev.hoist.engine.internal.install.Uninstaller;
import dev.hoist.engine.internal.schedule.ScheduleStatus;
import dev.hoist.engine.internal.schedule.Scheduler;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Output;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * What {@code self uninstall} and {@code uninstall --app} share: confirm, remove the home and the
 * links into it ({@link Uninstaller}), then the schedule that runs this home (Hoist's own only),
 * and name the hook lines left in the user's rc files, which Hoist never edits. The schedule goes
 * only once the home has: an uninstall refused (an update holds the lock, not a home) changes
 * nothing.
 *
 * @param context the running command's context
 * @param name the app's name, {@code hoist} or the descriptor's
 * @param home the home to remove
 * @param links where links into the home may be: the PATH link, the man page, the completions
 * @param ownSchedule true for Hoist itself: its schedule and session hooks are removed or named
 */
record Uninstall(
    Context context, String name, HoistHome home, List<Path> links, boolean ownSchedule) {

  /** The links a self install or an {@code --app} install makes for {@code command}. */
  static List<Path> linksOf(Context context, HoistHome home, Path binDir, String command) {
    List<Path> links =
        new ArrayList<>(List.of(binDir.toAbsolutePath().normalize().resolve(command)));
    new ShellFiles(context.xdgDataHome(), home, command).links().forEach(l -> links.add(l.link()));
    return links;
  }

  /** The options both uninstall commands take. */
  static final class Options {
    @CommandLine.Option(
        names = {"-y", "--yes"},
        description = "Do not ask.")
    boolean yes;

    @CommandLine.Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @CommandLine.Option(
        names = {"-v", "--verbose"},
        description = "Show the stack trace of a failure.")
    boolean verbose;
  }

  int run(CommandLine cl, Options options) {
    boolean yes = options.yes;
    boolean json = options.json;
    boolean verbose = options.verbose;
    PrintWriter out = cl.getOut();
    PrintWriter err = cl.getErr();
    if (!yes && !confirmed(err)) {
      if (!context.env().interactive()) {
        throw new CommandLine.ParameterException(
            cl, "this removes " + home.root() + " and the links into it; confirm with --yes");
      }
      err.println("nothing removed");
      return 1;
    }
    Uninstaller.Outcome o;
    try {
      o = new Uninstaller(context.clock()).uninstall(home, name, links);
    } catch (UpdateException e) {
      return Output.failed(out, err, json, name, e, verbose);
    }
    boolean scheduleRemoved = ownSchedule && removeSchedule(err);
    List<String> hooks = ownSchedule ? hookLines() : List.of();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", o.installed() || scheduleRemoved ? "uninstalled" : "not-installed");
      m.put("app", name);
      m.put("home", home.root().toString());
      m.put("removed", o.removed().stream().map(Path::toString).toList());
      m.put("kept", o.kept().stream().map(Path::toString).toList());
      m.put("scheduleRemoved", scheduleRemoved);
      m.put("hookLines", hooks);
      Output.json(out, m);
      return 0;
    }
    if (!o.installed() && !scheduleRemoved) {
      out.println(name + " is not installed in " + home.root() + "; nothing to remove");
    }
    if (scheduleRemoved) out.println("removed the schedule");
    for (Path p : o.removed()) out.println("removed " + p);
    for (Path p : o.kept()) out.println("kept " + p + " (not " + name + "'s)");
    if (!hooks.isEmpty()) {
      out.println();
      out.println(
          "Your shell start-up files still run the hook (Hoist does not edit them); delete"
              + " each block, from its '"
              + HookCommand.HEADER
              + "' line to its 'fi' or 'end':");
      hooks.forEach(h -> out.println("  " + h));
    }
    if (ownSchedule) {
      out.println(
          "A coding agent's session-start hook running '"
              + HookCommand.COMMAND.replace("--caller hook", "--caller agent")
              + "' is in that agent's settings.");
    }
    out.flush();
    return 0;
  }

  /** Asks on the terminal; false when there is none to ask. */
  private boolean confirmed(PrintWriter err) {
    Console console = context.env().interactive() ? System.console() : null;
    if (console == null) return false;
    err.print("Remove " + name + " (" + home.root() + ") and its links? [y/N] ");
    err.flush();
    String answer = console.readLine();
    return answer != null && answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
  }

  /** Removes the system schedule when it runs this home's launcher; any other is left. */
  private boolean removeSchedule(PrintWriter err) {
    Scheduler s;
    try {
      s = ScheduleCommand.scheduler(context, null, null);
    } catch (IOException | RuntimeException e) {
      return false; // no scheduler on this machine: then there is no schedule either
    }
    try {
      Optional<ScheduleStatus> st = s.status();
      String root = home.root().toAbsolutePath().normalize().toString();
      if (st.isEmpty() || !st.get().entry().contains(root)) return false;
      return s.disable();
    } catch (IOException | RuntimeException e) {
      err.println(
          name + ": warning: cannot check the " + s.backend() + " schedule: " + e.getMessage());
      return false;
    }
  }

  /** {@code file:line: text} for each line of a start-up file that runs the hook. */
  private List<String> hookLines() {
    Path home = context.env().userHome();
    Path config =
        context.env().get("XDG_CONFIG_HOME").map(Path::of).orElse(home.resolve(".config"));
    List<Path> files =
        new ArrayList<>(
            Stream.of(".bashrc", ".bash_profile", ".profile", ".zshrc", ".zprofile")
                .map(home::resolve)
                .toList());
    files.add(config.resolve("fish/config.fish"));
    try (var conf = Files.list(config.resolve("fish/conf.d"))) {
      conf.filter(p -> p.toString().endsWith(".fish")).sorted().forEach(files::add);
    } catch (IOException e) {
      // no conf.d: nothing there
    }
    List<String> found = new ArrayList<>();
    for (Path f : files) {
      if (!Files.isRegularFile(f)) continue;
      try {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          String l = lines.get(i);
          if (l.contains(HookCommand.COMMAND) || l.contains(HookCommand.HEADER)) {
            found.add(f + ":" + (i + 1) + ": " + l.strip());
          }
        }
      } catch (IOException e) {
        // unreadable or not text: not one Hoist's hook print wrote
      }
    }
    return found;
  }
}
