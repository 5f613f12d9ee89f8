package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Usage errors in one line (issue 15, item 1), through {@code Main.run}: what was wrong and how to
 * see the usage, on stderr, exit 2; with {@code --json}, one JSON object on stdout.
 */
class UsageErrorsTest {
  @TempDir Path tmp;

  private CliRun hoist(String... args) {
    return CliRun.of(Map.of(), Optional.empty(), tmp.resolve("user"), Clock.systemUTC(), args);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "update --bogus|hoist: error: unknown option '--bogus'|hoist update",
        "update --dry-rn|hoist: error: unknown option '--dry-rn' (did you mean '--dry-run'?)"
            + "|hoist update",
        "updte|hoist: error: unknown command 'updte' (did you mean 'update' or 'outdated'?)|hoist",
        // -V/--version is the top command's alone (issue 15, item 2).
        "update --version|hoist: error: unknown option '--version'|hoist update",
        "self install -V|hoist: error: unknown option '-V'|hoist self install",
        // One meaning per option name: --app is a descriptor file everywhere.
        "release manifest --app x 1.0.0 a.tgz|hoist: error: unknown option '--app' (did you mean"
            + " '--app-name'?)|hoist release manifest",
        "update extra|hoist: error: unexpected argument 'extra'|hoist update",
        "update --wait=soon|hoist: error: invalid value for option '--wait': 'soon' is not a"
            + " duration; write e.g. 30s, 10m, 1h30m, 2d or 1w|hoist update",
        "pause --for forever|hoist: error: invalid value for option '--for'|hoist pause",
        "self install --strategy sideways|hoist: error: unknown install strategy 'sideways' (expected"
            + "|hoist self install",
      })
  void aUsageError_isOneLineAndWhereToLook(String line, String first, String command) {
    CliRun r = hoist(line.split(" "));
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    List<String> lines = r.err().lines().toList();
    assertEquals(2, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith(first), lines.get(0));
    assertEquals("Run '" + command + " --help' for usage.", lines.get(1));
  }

  @Test
  void withJson_aUsageErrorIsOneJsonObjectOnStdout() throws Exception {
    CliRun r = hoist("update", "--json", "--bogus");
    assertEquals(2, r.code());
    assertEquals("", r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals("failed", j.get("status").asText());
    assertEquals("usage-error", j.get("error").asText());
    assertEquals("unknown option '--bogus'", j.get("message").asText());
    assertEquals(2, j.get("exitCode").asInt());
    assertEquals(1, r.out().lines().count(), r.out());
  }

  /** Issue 15, item 2: {@code help} reaches a command at any depth. */
  @Test
  void helpOfANestedCommand_isThatCommandsHelp() {
    CliRun r = hoist("help", "self", "install");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("Usage: hoist self install"), r.out());
    CliRun top = hoist("help", "update");
    assertTrue(top.out().startsWith("Usage: hoist update"), top.out());
    CliRun bad = hoist("help", "self", "nonsense");
    assertEquals(2, bad.code());
    assertTrue(
        bad.err().startsWith("hoist: error: unknown command 'self nonsense' (the commands are:"),
        bad.err());
  }

  @Test
  void shortQuietAndVerbose_andVersionOnTheTopCommandOnly() {
    CliRun version = hoist("-V");
    assertEquals(0, version.code(), version.err());
    assertTrue(version.out().startsWith("hoist "), version.out());
    var update =
        HoistCommand.commandLine(
                new dev.hoist.picocli.internal.Context(
                    CliRun.environment(Map.of(), Optional.empty(), tmp.resolve("user")),
                    Clock.systemUTC(),
                    dev.hoist.picocli.internal.SignalGuard.inert()),
                new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()))
            .getSubcommands()
            .get("update")
            .getCommandSpec();
    assertEquals("--quiet", update.findOption("-q").longestName());
    assertEquals("--verbose", update.findOption("-v").longestName());
  }
}
