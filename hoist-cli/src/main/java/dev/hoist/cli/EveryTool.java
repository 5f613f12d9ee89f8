package dev.hoist.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.JitHandOff;
import dev.hoist.picocli.internal.Output;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;

/**
 * {@code update --all} and {@code outdated}: one command line per managed tool ({@link
 * ManagedTool#all}), each run in this process exactly as typed with {@code --app FILE} added, so
 * each takes its own lock, writes its own log line and prints what it always prints. One tool's
 * failure does not stop the others; the exit code is 1 when any failed. A tool whose descriptor
 * remains but which is not installed (removed with {@code uninstall --app}) is skipped: {@code
 * --all} updates what is installed, it does not install again what the user removed. No run hands
 * its install to a second JVM ({@code JitHandOff}): that one would print around {@code out}.
 */
final class EveryTool {
  private EveryTool() {}

  /** The option, on {@code update} only. */
  static final class AllOption {
    @CommandLine.Option(
        names = "--all",
        description =
            "Update hoist and every tool installed with --app (hoist list), each under its own"
                + " lock; one failure does not stop the others; exit 1 if any failed.")
    boolean all;
  }

  /** Adds {@code --all} to {@code update} and runs it when given. */
  static IExecutionStrategy around(IExecutionStrategy next, Context context) {
    return parsed -> {
      ParseResult sub = parsed.subcommand();
      if (sub == null
          || !sub.commandSpec().name().equals("update")
          || !sub.hasMatchedOption("--all")) {
        return next.execute(parsed);
      }
      for (String o : List.of("--app", "--to", "--registry", "--channel", "--detach")) {
        if (sub.hasMatchedOption(o)) {
          throw new CommandLine.ParameterException(
              sub.commandSpec().commandLine(), "--all cannot be combined with " + o);
        }
      }
      List<String> args = new ArrayList<>(parsed.originalArgs());
      args.remove("--all");
      CommandLine cl = sub.commandSpec().commandLine();
      return run(context, args, cl.getOut(), cl.getErr(), sub.hasMatchedOption("--json"));
    };
  }

  /** One run of {@code args} per tool; the results aggregated with {@code json}. */
  static int run(
      Context context, List<String> args, PrintWriter out, PrintWriter err, boolean json) {
    List<ManagedTool> tools = ManagedTool.all(context);
    // Each run prints to out and err, which --json captures: never hand a large install to a second
    // JVM (JitHandOff), whose output would go to this process's stdout around the capture.
    Context nested =
        new Context(
            context.env().withVariable(JitHandOff.MARK, "1"),
            context.clock(),
            context.guard(),
            context.app());
    // Made here, not in a static field: this class is on every command line's start-up path.
    ObjectMapper mapper = json ? new ObjectMapper() : null;
    List<Map<String, Object>> results = new ArrayList<>();
    boolean failed = false;
    int code = 0;
    for (ManagedTool t : tools) {
      if (t.problem().isPresent()) {
        failed = true;
        if (json) {
          results.add(
              Map.of(
                  "app",
                  t.name(),
                  "status",
                  "failed",
                  "error",
                  "usage-error",
                  "message",
                  t.problem().get()));
        } else {
          err.println("hoist: error: " + t.descriptor().orElseThrow() + ": " + t.problem().get());
        }
        continue;
      }
      if (!t.installed()) {
        String why =
            t.name()
                + " is not installed; skipping ('hoist update --app "
                + t.descriptor().orElseThrow()
                + "' installs it again)";
        if (json) {
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("app", t.name());
          r.put("status", "skipped");
          r.put("reason", "not-installed");
          r.put("message", why);
          results.add(r);
        } else {
          out.println("==> " + t.name());
          out.println(why);
        }
        continue;
      }
      List<String> line = new ArrayList<>(args);
      line.addAll(t.appArgs());
      String[] a = line.toArray(String[]::new);
      if (json) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int c =
            HoistCommand.commandLine(nested, new PrintWriter(o), new PrintWriter(e), a).execute(a);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("app", t.name());
        try {
          @SuppressWarnings("unchecked")
          Map<String, Object> one = mapper.readValue(o.toString(), Map.class);
          r.putAll(one);
        } catch (IOException ex) {
          r.put("status", "failed");
          r.put("message", e.toString().strip());
        }
        results.add(r);
        failed |= c == 1 || c == 2;
        if (c == UpdateExit.AVAILABLE) code = c;
      } else {
        out.println("==> " + t.name());
        out.flush();
        int c = HoistCommand.commandLine(nested, out, err, a).execute(a);
        failed |= c == 1 || c == 2;
        if (c == UpdateExit.AVAILABLE) code = c;
      }
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", failed ? "failed" : "done");
      m.put("results", results);
      Output.json(out, m);
    } else if (tools.isEmpty()) {
      out.println("hoist manages no tools here (hoist list)");
    }
    out.flush();
    return failed ? 1 : code;
  }

  /** The exit code of {@code update --check --exit-code} when an update is available. */
  static final class UpdateExit {
    static final int AVAILABLE = dev.hoist.picocli.UpdateCommand.UPDATE_AVAILABLE_EXIT;

    private UpdateExit() {}
  }
}
