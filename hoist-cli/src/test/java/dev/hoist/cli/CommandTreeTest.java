package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Environment;
import dev.hoist.picocli.internal.SignalGuard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hoist} builds only the subcommand a command line names ({@link HoistCommand#commandLine(
 * Context, PrintWriter, PrintWriter, String...)}). These tests hold it to the whole tree: the same
 * output, errors and exit code for every form whose parsing could tell them apart.
 */
class CommandTreeTest {
  @TempDir Path tmp;

  /** Side-effect-free command lines: help, version, usage errors and mistyped commands. */
  private static final List<List<String>> LINES =
      List.of(
          List.of(),
          List.of("--help"),
          List.of("-h"),
          List.of("--version"),
          List.of("-V"),
          List.of("--version", "--help"),
          List.of("--version", "update"),
          List.of("-V", "update"),
          List.of("--bogus"),
          List.of("updat"),
          List.of("nonsense", "update"),
          List.of("update", "--help"),
          List.of("update", "-h"),
          List.of("update", "--version"),
          List.of("update", "--bogus"),
          List.of("update", "extra"),
          List.of("update", "--wait=soon"),
          List.of("update", "--detach", "--check"),
          List.of("update", "--app"),
          List.of("update", "status"),
          List.of("update", "help"),
          List.of("status", "--help"),
          List.of("status", "--bogus"),
          List.of("rollback", "--help"),
          List.of("history", "--help"),
          List.of("history", "-n"),
          List.of("pause", "--help"),
          List.of("pause", "--for", "forever"),
          List.of("resume", "--help"),
          List.of("hook", "--help"),
          List.of("hook", "print", "--shell", "tcsh"),
          List.of("hook"),
          List.of("schedule", "--help"),
          List.of("schedule", "enable", "--every", "never"),
          List.of("self", "--help"),
          List.of("self", "install", "--help"),
          List.of("self", "install", "--strategy", "sideways"),
          List.of("self", "uninstall", "--help"),
          List.of("self", "uninstall", "--bogus"),
          List.of("uninstall"),
          List.of("uninstall", "--help"),
          List.of("list", "--help"),
          List.of("outdated", "--bogus"),
          List.of("versions", "--help"),
          List.of("pin", "--help"),
          List.of("pin", "not-a-version"),
          List.of("unpin", "--help"),
          List.of("update", "--all", "--to", "1.0.0"),
          List.of("completion"),
          List.of("completion", "--help"),
          List.of("completion", "tcsh"),
          List.of("release"),
          List.of("release", "--help"),
          List.of("release", "sign", "--help"),
          List.of("release", "verify", "--help"),
          List.of("release", "keygen", "--bogus"),
          List.of("help"),
          List.of("help", "update"),
          List.of("help", "release"),
          List.of("help", "nonsense"));

  @Test
  void everyCommandLine_readsAsWithTheWholeTree() {
    for (List<String> line : LINES) {
      String[] args = line.toArray(String[]::new);
      Run whole = run(true, args);
      Run needed = run(false, args);
      assertEquals(whole, needed, "hoist " + String.join(" ", line));
    }
  }

  @Test
  void aNamedSubcommand_isTheOnlyOneBuilt() {
    Context context = context();
    PrintWriter sink = new PrintWriter(new StringWriter());
    assertEquals(
        List.of("update"),
        List.copyOf(
            HoistCommand.commandLine(context, sink, sink, "update", "--json")
                .getSubcommands()
                .keySet()));
    assertEquals(
        List.of(),
        List.copyOf(
            HoistCommand.commandLine(context, sink, sink, "--version").getSubcommands().keySet()));
    assertEquals(
        List.copyOf(HoistCommand.SUBCOMMANDS.keySet()),
        List.copyOf(
            HoistCommand.commandLine(context, sink, sink, "help", "update")
                .getSubcommands()
                .keySet()));
  }

  @Test
  void theTable_namesEachCommandAsItsAnnotationDoes() {
    assertEquals(18, HoistCommand.SUBCOMMANDS.size());
    HoistCommand.SUBCOMMANDS.forEach(
        (name, cls) -> {
          Command command = cls.getAnnotation(Command.class);
          assertEquals(name, command.name(), cls.getName());
          assertEquals(0, command.aliases().length, "aliases are not dispatched: " + name);
        });
    assertTrue(HoistCommand.SUBCOMMANDS.containsValue(HelpCommand.class));
  }

  /** Issue 15, item 2: every command's help ends with examples that run as written. */
  @Test
  void everyCommandsHelp_teachesByExample() {
    PrintWriter sink = new PrintWriter(new StringWriter());
    List<String> missing = new java.util.ArrayList<>();
    java.util.Deque<CommandLine> todo = new java.util.ArrayDeque<>();
    todo.add(HoistCommand.commandLine(context(), sink, sink));
    while (!todo.isEmpty()) {
      CommandLine cl = todo.pop();
      todo.addAll(cl.getSubcommands().values());
      String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
      String name = cl.getCommandSpec().qualifiedName();
      int at = usage.indexOf("Examples:");
      boolean shown =
          at >= 0
              && usage
                  .substring(at)
                  .lines()
                  .anyMatch(l -> l.startsWith("  ") && l.contains("hoist"));
      if (!shown) {
        missing.add(name);
      }
    }
    assertEquals(List.of(), missing, "commands whose help shows no example");
  }

  private record Run(int code, String out, String err) {}

  private Run run(boolean wholeTree, String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    PrintWriter out = new PrintWriter(o);
    PrintWriter err = new PrintWriter(e);
    Context context = context();
    CommandLine cl =
        wholeTree
            ? HoistCommand.commandLine(context, out, err)
            : HoistCommand.commandLine(context, out, err, args);
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return new Run(code, o.toString(), e.toString());
  }

  private Context context() {
    Environment env =
        CliRun.environment(
            Map.of("HOIST_HOME", tmp.resolve("home").toString()), Optional.empty(), tmp);
    return new Context(env, Clock.systemUTC(), SignalGuard.inert());
  }
}
