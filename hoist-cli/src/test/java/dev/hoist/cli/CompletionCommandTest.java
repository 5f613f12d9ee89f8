package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.picocli.ShellDocs;
import dev.hoist.picocli.internal.CommandPaths;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.SignalGuard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 15, item 3, through {@link Main#run}: {@code hoist completion SHELL} prints the script the
 * build made, which is the script of today's command tree (a command added without a rebuild would
 * show here), and the man page the build made names every command and option help shows.
 */
class CompletionCommandTest {
  @TempDir Path tmp;

  private CliRun hoist(String... args) {
    return CliRun.of(Map.of(), Optional.empty(), tmp, Clock.systemUTC(), args);
  }

  private static CommandLine tree() {
    PrintWriter sink = new PrintWriter(new StringWriter());
    var env = CliRun.environment(Map.of(), Optional.empty(), Path.of("/nonexistent"));
    return HoistCommand.commandLine(
        new Context(env, Clock.systemUTC(), SignalGuard.inert()), sink, sink);
  }

  @Test
  void everyShellsScript_isTheBuildsScriptOfTheWholeTree() {
    for (ShellDocs.Shell shell : ShellDocs.Shell.values()) {
      CliRun r = hoist("completion", shell.id());
      assertEquals(0, r.code(), r.err());
      assertEquals(ShellDocs.completion(tree(), shell), r.out(), shell.id());
    }
    assertTrue(hoist("completion", "bash").out().contains("complete -F _complete_hoist"));
    assertTrue(hoist("completion", "fish").out().contains("'self install' 'self uninstall'"));
  }

  @Test
  void anUnknownShell_isAOneLineUsageError() {
    CliRun r = hoist("completion", "tcsh");
    assertEquals(2, r.code());
    assertEquals(
        "hoist: error: no completion for shell 'tcsh' (there is: bash, zsh, fish)\n"
            + "Run 'hoist completion --help' for usage.\n",
        r.err());
  }

  @Test
  void theManPage_isTheBuildsPageOfTheWholeTree_andNamesEveryCommandAndOption() throws Exception {
    String page;
    try (var in =
        CompletionCommand.class.getResourceAsStream(
            CompletionCommand.SHARE + ShellDocs.manPath("hoist"))) {
      page = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertEquals(ShellDocs.manPage(tree()), page);
    for (CommandPaths.Entry e : CommandPaths.of(tree())) {
      if (!e.path().isEmpty()) {
        assertTrue(
            page.contains(".SH \"HOIST " + e.path().toUpperCase(java.util.Locale.ROOT)), e.path());
      }
      for (var o : e.spec().options()) {
        if (!o.hidden()) {
          assertTrue(
              page.contains("\\fB" + o.longestName().replace("-", "\\-") + "\\fR"),
              e.path() + " " + o.longestName());
        }
      }
    }
  }
}
