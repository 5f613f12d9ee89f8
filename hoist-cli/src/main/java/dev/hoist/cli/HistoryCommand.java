package dev.hoist.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.auto.LogEntry;
import dev.hoist.engine.internal.auto.UpdateLog;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.picocli.internal.AppOption;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Output;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code history}: past updates and rollbacks, from {@code logs/update.log}. */
@Command(
    name = "history",
    footerHeading = "%nExamples:%n",
    footer = {
      "  hoist history",
      "  hoist history -n 5 --json",
      "  hoist history --app ~/.config/hoist/apps/mvn.json"
    },
    mixinStandardHelpOptions = true,
    description = {
      "List past updates, rollbacks and failed runs, oldest first, from logs/update.log"
          + " (and its rotated generation, update.log.1).",
      "--all adds runs that changed nothing (up to date, skipped)."
    })
final class HistoryCommand implements Callable<Integer> {
  /**
   * Built on first use, not when this class initialises: an {@code ObjectMapper} costs tens of
   * milliseconds at start-up, and commands such as {@code --version} never read or write JSON.
   */
  private static final class Lazy {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  private final Context context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  @Option(names = "--all", description = "Include runs that changed nothing.")
  boolean all;

  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      description = "Show only the last N entries.")
  Integer limit;

  HistoryCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    java.util.Optional<java.nio.file.Path> app = AppOption.of(spec);
    HoistHome home =
        app.isPresent()
            ? AppOption.home(context, AppOption.read(context, app.get(), spec))
            : PauseCommand.homeOf(context, spec.commandLine());
    List<LogEntry> entries =
        new UpdateLog(home.logs())
            .entries().stream()
                .filter(e -> all || e.changedVersion() || e.status().equals("failed"))
                .toList();
    if (limit != null && limit >= 0 && entries.size() > limit) {
      entries = entries.subList(entries.size() - limit, entries.size());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      List<Object> list = new java.util.ArrayList<>();
      for (LogEntry e : entries) list.add(Lazy.JSON.readTree(e.toLine()));
      m.put("entries", list);
      Output.json(out, m);
      return 0;
    }
    if (entries.isEmpty()) out.println("no updates recorded yet in " + home.logs());
    for (LogEntry e : entries) out.println(line(e));
    out.flush();
    return 0;
  }

  private static String line(LogEntry e) {
    StringBuilder b = new StringBuilder();
    b.append(e.time()).append("  ").append(String.format("%-16s", e.status()));
    if (e.changedVersion()) {
      b.append(e.from() == null ? "none" : e.from()).append(" -> ").append(e.to());
    } else if (e.reason() != null) {
      b.append(e.reason());
    } else if (e.error() != null) {
      b.append(e.error());
    } else if (e.from() != null) {
      b.append(e.from());
    }
    b.append("  ").append(e.durationMs()).append(" ms");
    b.append("  (").append(e.caller()).append(", pid ").append(e.pid()).append(')');
    if (e.status().equals("failed") && e.message() != null) b.append("\n    ").append(e.message());
    return b.toString();
  }
}
