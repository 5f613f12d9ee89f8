package dev.hoist.cli;

import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Output;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code list}: Hoist and every tool installed with {@code --app}. Local files only. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List hoist and every tool installed with 'hoist update --app': current and previous"
          + " version, the newer one the last check found (hoist outdated asks the registries),"
          + " and the pinned one.",
      "Tools are found by their descriptors in $XDG_CONFIG_HOME/hoist/apps/*.json"
          + " (~/.config/hoist/apps) and by the descriptor each 'update --app' records in its"
          + " tool's home. A tool removed with 'hoist uninstall --app' whose descriptor is still"
          + " there is listed as not installed."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  hoist list", "  hoist list --json"})
final class ListCommand implements Callable<Integer> {
  private final Context context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  ListCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    List<Map<String, Object>> tools = new ArrayList<>();
    for (ManagedTool t : ManagedTool.all(context)) tools.add(t.toJson(context.clock()));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tools", tools);
      Output.json(out, m);
      return 0;
    }
    if (tools.isEmpty()) {
      out.println("nothing installed here yet ('hoist self install', 'hoist update --app FILE')");
      out.flush();
      return 0;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "CURRENT", "PREVIOUS", "NEWER", "PINNED"});
    for (Map<String, Object> t : tools) {
      if (t.containsKey("error")) {
        rows.add(
            new String[] {
              String.valueOf(t.get("name")), "(error: " + t.get("error") + ")", "", "", ""
            });
        continue;
      }
      if (Boolean.FALSE.equals(t.get("installed"))) {
        rows.add(new String[] {String.valueOf(t.get("name")), "(not installed)", "", "", ""});
        continue;
      }
      rows.add(
          new String[] {
            String.valueOf(t.get("name")),
            dash(t.get("current")),
            dash(t.get("previous")),
            dash(t.get("latestKnown")),
            dash(t.get("pinned"))
          });
    }
    int[] w = new int[5];
    for (String[] r : rows) for (int i = 0; i < 5; i++) w[i] = Math.max(w[i], r[i].length());
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 5; i++) b.append(String.format("%-" + (w[i] + 2) + "s", r[i]));
      out.println(b.toString().stripTrailing());
    }
    out.flush();
    return 0;
  }

  private static String dash(Object v) {
    return v == null ? "-" : v.toString();
  }
}
