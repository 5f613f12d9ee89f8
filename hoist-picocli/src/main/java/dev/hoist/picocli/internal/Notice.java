package dev.hoist.picocli.internal;

import dev.hoist.engine.internal.auto.KnownRelease;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The notice of {@link dev.hoist.picocli.UpdateNotice}: when it is due, and its one line. gh's
 * update notifier is the model: a terminal only, never in CI, at most once a day.
 */
public final class Notice {
  /** At most one notice per this long. */
  public static final Duration EVERY = Duration.ofDays(1);

  private Notice() {}

  /**
   * {@code next}, then the notice for the context {@code contextOf} gives for the root command's
   * name (empty: none). Nothing the notice does changes the command's exit code.
   */
  public static CommandLine.IExecutionStrategy around(
      CommandLine.IExecutionStrategy next,
      java.util.function.Function<String, java.util.Optional<Context>> contextOf) {
    return parsed -> {
      int code = next.execute(parsed);
      try {
        CommandLine root = parsed.commandSpec().root().commandLine();
        contextOf.apply(root.getCommandName()).ifPresent(c -> show(c, parsed, root));
      } catch (RuntimeException e) {
        // A courtesy must never change a command's outcome.
      }
      return code;
    };
  }

  /** The same, for a known context (the hoist tool's). */
  public static CommandLine.IExecutionStrategy around(
      CommandLine.IExecutionStrategy next, Context context) {
    return around(next, name -> java.util.Optional.of(context));
  }

  /** Prints the notice on the command's stderr when it is due. */
  public static void show(Context context, ParseResult parsed, CommandLine cl) {
    Environment env = context.env();
    if (!env.interactive()) return;
    if (env.get("CI").filter(v -> !v.isBlank()).isPresent()) return;
    if (env.app("NO_UPDATE_NOTICE").filter(v -> !v.isBlank() && !v.equals("0")).isPresent()) {
      return;
    }
    List<String> args = parsed.originalArgs();
    if (args.contains("--json") || args.contains("--quiet") || args.contains("-q")) return;
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      String name = p.commandSpec().name();
      if (name.equals("update") || name.equals("completion")) return;
      if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) return;
    }
    var home = context.hoistHome();
    if (home.isEmpty()) return;
    String running = context.runningVersion();
    new KnownRelease(home.get().state(), context.clock())
        .noticeDue(running, EVERY)
        .ifPresent(
            v -> {
              String app = context.app().name();
              PrintWriter err = cl.getErr();
              err.println(
                  "A new release of "
                      + app
                      + " is available: "
                      + running
                      + " -> "
                      + v
                      + "; run '"
                      + app
                      + " update'");
              err.flush();
            });
  }
}
