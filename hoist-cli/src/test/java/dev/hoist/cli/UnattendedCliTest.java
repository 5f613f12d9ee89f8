package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.auto.LogEntry;
import dev.hoist.engine.internal.auto.UpdateLog;
import dev.hoist.engine.testing.Releases;
import dev.hoist.picocli.internal.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --auto, the disable switch, CI, pause/resume and history through {@link Main#run}. */
class UnattendedCliTest {
  private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private final Map<String, String> vars = new HashMap<>();
  private Instant now = T0;
  private String out;
  private String err;

  @BeforeEach
  void setUp() throws Exception {
    Path registry = Files.createDirectories(tmp.resolve("registry"));
    Path dist =
        Releases.extracted(
            Releases.fakeDistribution(Files.createDirectories(tmp.resolve("dl")), "1.0.0"),
            Files.createDirectories(tmp.resolve("extracted")));
    vars.put("PATH", "/usr/bin:/bin");
    assertEquals(
        0,
        run(
            Optional.of(dist),
            "self",
            "install",
            "--home",
            home().toString(),
            "--bin-dir",
            tmp.resolve("bin").toString()),
        err);
    Path m =
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release("1.1.0", Releases.fakeDistribution(registry, "1.1.0"))
            .writeTo(registry.resolve("manifest.json"));
    vars.put("HOIST_REGISTRY", m.toUri().toString());
  }

  private Path home() {
    return tmp.resolve("home");
  }

  private boolean terminal; // stderr a terminal: a person is watching

  private int run(Optional<Path> installDir, String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    Environment base = CliRun.environment(vars, installDir, tmp.resolve("user"));
    Environment env =
        new Environment(
            base.variables(),
            base.installDir(),
            base.userHome(),
            base.osName(),
            base.osArch(),
            base.javaHome(),
            terminal);
    int code =
        Main.run(
            new PrintWriter(o), new PrintWriter(e), env, Clock.fixed(now, ZoneOffset.UTC), args);
    out = o.toString();
    err = e.toString();
    return code;
  }

  private int hoist(String... args) {
    return run(Optional.of(home().resolve("versions/1.0.0")), args);
  }

  private List<LogEntry> log() throws Exception {
    return new UpdateLog(home().resolve("logs")).entries();
  }

  private String current() throws Exception {
    return Files.readSymbolicLink(home().resolve("current")).getFileName().toString();
  }

  /** Issue 15, item 5: {@code "autoUpdate": "check-only"} looks and records, never installs. */
  @Test
  void checkOnly_autoRunsLookAndRecord_aPersonsRunInstalls() throws Exception {
    Files.writeString(home().resolve("config.json"), "{\"autoUpdate\": \"check-only\"}");
    assertEquals(0, hoist("update", "--auto", "--json"));
    JsonNode r = JSON.readTree(out);
    assertEquals("update-available", r.get("status").asText(), out);
    assertEquals("1.1.0", r.get("latest").asText());
    assertEquals("1.0.0", current(), "nothing installed");
    assertEquals("update-available", log().get(0).status(), "the run is in the history");
    assertEquals(0, hoist("update"));
    assertEquals("1.1.0", current(), "a person's run installs");
  }

  /**
   * Issue 15, item 5: the notice. One line on stderr after an interactive command when the last
   * check knew of a newer release; at most once a day; never off a terminal, in CI, with --json, or
   * after update itself; gone once the update is installed.
   */
  @Test
  void notice_afterACheck_onceADay_onlyOnATerminal() throws Exception {
    String notice = "A new release of hoist is available: 1.0.0 -> 1.1.0; run 'hoist update'\n";
    terminal = true;
    assertEquals(0, hoist("status"));
    assertEquals("", err, "nothing known yet: no notice");
    assertEquals(0, hoist("update", "--check"));
    assertFalse(err.contains("A new release"), "not after update itself: " + err);

    terminal = false;
    assertEquals(0, hoist("status"));
    assertEquals("", err, "stderr not a terminal");
    terminal = true;
    vars.put("CI", "true");
    assertEquals(0, hoist("status"));
    assertEquals("", err, "in CI");
    vars.remove("CI");
    assertEquals(0, hoist("status", "--json"));
    assertEquals("", err, "with --json");

    assertEquals(0, hoist("history"));
    assertEquals(notice, err);
    assertEquals(0, hoist("status"));
    assertEquals("", err, "once a day");
    now = now.plus(java.time.Duration.ofHours(25));
    assertEquals(0, hoist("status"));
    assertEquals(notice, err, "the next day, again");

    now = now.plus(java.time.Duration.ofHours(25));
    assertEquals(0, hoist("update"));
    assertEquals(0, run(Optional.of(home().resolve("versions/1.1.0")), "status"));
    assertEquals("", err, "installed: nothing to tell");
  }

  @Test
  void auto_printsNothingAndLogsOneLine() throws Exception {
    assertEquals(0, hoist("update", "--auto"));
    assertEquals("", out);
    assertEquals("", err);
    assertEquals("1.1.0", current());
    LogEntry e = log().get(0);
    assertEquals(1, log().size());
    assertEquals("auto", e.caller());
    assertEquals("updated", e.status());
    assertEquals("1.0.0", e.from());
    assertEquals("1.1.0", e.to());
    assertEquals(ProcessHandle.current().pid(), e.pid());
    assertEquals(T0, e.time());
  }

  @Test
  void auto_transientFailureExitsZeroAndIsLogged() throws Exception {
    vars.put("HOIST_REGISTRY", "http://127.0.0.1:1/manifest.json");
    assertEquals(0, hoist("update", "--auto", "--caller", "schedule"));
    assertEquals("", err);
    LogEntry e = log().get(0);
    assertEquals("failed", e.status());
    assertEquals("registry-unreachable", e.error());
    assertEquals("schedule", e.caller());
  }

  @Test
  void auto_aConfigurationErrorIsALogLineThatHistoryShows() throws Exception {
    vars.put("HOIST_TRUSTED_KEYS", tmp.resolve("no-such-keys").toString());
    assertEquals(2, hoist("update", "--auto", "--caller", "hook"));
    LogEntry e = log().get(0);
    assertEquals("failed", e.status());
    assertEquals("usage-error", e.error());
    assertEquals("hook", e.caller());
    assertTrue(e.message().contains("HOIST_TRUSTED_KEYS"), e.message());
    assertEquals(0, hoist("history"));
    assertTrue(out.contains("usage-error"), out);
  }

  @Test
  void disableSwitch_skipsAutoRunsButNotManualOnes() throws Exception {
    vars.put("HOIST_NO_AUTO_UPDATE", "1");
    assertEquals(0, hoist("update", "--auto", "--json"));
    JsonNode j = JSON.readTree(out);
    assertEquals("skipped", j.get("status").asText());
    assertEquals("disabled", j.get("reason").asText());
    assertEquals("1.0.0", current());
    assertEquals("disabled", log().get(0).reason());
    assertEquals(0, hoist("update"));
    assertEquals("1.1.0", current());
  }

  @Test
  void disableSetting_inConfigSkipsAutoRuns() throws Exception {
    Files.writeString(home().resolve("config.json"), "{\"autoUpdate\": false}");
    assertEquals(0, hoist("update", "--auto", "--json"));
    assertEquals("disabled", JSON.readTree(out).get("reason").asText());
    assertEquals("1.0.0", current());
  }

  /**
   * Issue 15, item 10: a typo in config.json is an error, not ignored: {@code "autoupdate": false}
   * ignored would leave updates on.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "{\"autoupdate\": false}|unknown key \"autoupdate\" (did you mean \"autoUpdate\"? known:"
            + " app, autoUpdate, autoUpdateInCI, channel, checkInterval, registry, releaseSpread,"
            + " trustedKeys)",
        "{\"releaseSpread\": \"6\"}|\"releaseSpread\" must be a duration of 1s or more",
        "{\"checkInterval\": \"5\"}|\"checkInterval\" must be a duration of 1s or more such as"
            + " \"5m\" or \"1h30m\", or \"0s\", not \"5\"",
        "{\"checkInterval\": \"PT0.0001S\"}|\"checkInterval\" must be a duration of 1s or more",
        "{\"checkInterval\": \"-PT1H\"}|\"checkInterval\" must be a duration of 1s or more",
        "{\"checkInterval\": \"500ms\"}|\"checkInterval\" must be a duration of 1s or more",
        "{\"autoUpdate\": \"no\"}|\"autoUpdate\" must be true, false or \"check-only\", not \"no\"",
        "{\"registry\": 7}|\"registry\" must be a string, not 7",
        "{\"colour\": true}|unknown key \"colour\" (known:",
      })
  void aConfigMistake_isAUsageErrorNamingFileAndKey(String config, String says) throws Exception {
    Path file = Files.writeString(home().resolve("config.json"), config);
    for (String[] args :
        List.of(new String[] {"update", "--auto"}, new String[] {"update", "--check"})) {
      assertEquals(2, hoist(args), String.join(" ", args) + ": " + err);
      assertTrue(err.startsWith("hoist: error: " + file + ": " + says), err);
    }
    assertEquals("1.0.0", current());
  }

  /**
   * A check interval under a millisecond divided by zero in every unattended run, and a negative
   * one made the engine refuse to start: both are a bad setting, named, before anything runs.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "PT0.0001S|'PT0.0001S' is under a second; write 0s to check every time, or e.g. 30s",
        "500ms|'500ms' is under a second",
        "-PT1H|'-PT1H' is negative; write 0s to check every time",
      })
  void aCheckIntervalUnderASecondOrNegative_isAUsageError(String value, String says)
      throws Exception {
    vars.put("HOIST_CHECK_INTERVAL", value);
    for (String[] args :
        List.of(new String[] {"update", "--auto"}, new String[] {"update", "--check"})) {
      assertEquals(2, hoist(args), String.join(" ", args) + ": " + err);
      assertTrue(err.startsWith("hoist: error: HOIST_CHECK_INTERVAL: " + says), err);
    }
    assertEquals("usage-error", log().get(0).error(), "the unattended run's log says so");
    assertEquals("1.0.0", current());
    vars.put("HOIST_CHECK_INTERVAL", "0s");
    assertEquals(0, hoist("update", "--auto"), err);
    assertEquals("1.1.0", current());
  }

  /**
   * A pin is followed by every unattended run: a pinned release that fails its smoke test is held
   * back like any other, or every session start would download it again for as long as the pin
   * stands.
   */
  @Test
  void aPinnedReleaseThatFailed_isHeldBackFromUnattendedRuns() throws Exception {
    Path registry = tmp.resolve("registry");
    Releases.manifest()
        .channel("stable", "1.1.0")
        .release("1.1.0", Releases.fakeDistribution(registry, "1.1.0"))
        .release("1.2.0", Releases.fakeDistribution(registry, "1.2.0", "9.9.9"))
        .writeTo(registry.resolve("manifest.json"));
    assertEquals(0, hoist("pin", "1.2.0"), err);
    assertEquals(1, hoist("update", "--auto", "--json"), err);
    assertEquals("smoke-test-failed", JSON.readTree(out).get("error").asText(), out);
    now = T0.plus(Duration.ofMinutes(10)); // past the check interval
    assertEquals(0, hoist("update", "--auto", "--json"), err);
    assertEquals("held-back", JSON.readTree(out).get("reason").asText(), out);
    assertEquals("1.0.0", current());
  }

  /** state/pinned is a file anyone may edit: its text reaches no terminal raw. */
  @Test
  void aPinThatIsNoVersion_isNamedEscaped() throws Exception {
    Files.writeString(home().resolve("state/pinned"), "\u001b[2J1.1.0\n");
    assertEquals(2, hoist("update"), err);
    assertTrue(
        err.startsWith(
            "hoist: error: pinned at '\\x1b[2J1.1.0', which is not a version: 'hoist pin VERSION'"
                + " or 'hoist unpin' replaces it"),
        err);
    assertEquals(0, hoist("list"), err);
    assertTrue(out.contains("\\x1b[2J1.1.0") && !out.contains("\u001b"), out);
  }

  @Test
  void ci_skipsAutoRunsUnlessConfiguredTo() throws Exception {
    vars.put("CI", "true");
    assertEquals(0, hoist("update", "--auto", "--json"));
    assertEquals("ci", JSON.readTree(out).get("reason").asText());
    assertEquals("1.0.0", current());
    vars.put("CI", "1");
    Files.writeString(home().resolve("config.json"), "{\"autoUpdateInCI\": true}");
    assertEquals(0, hoist("update", "--auto"));
    assertEquals("1.1.0", current());
  }

  @Test
  void pause_autoSkipsManualGoesAheadWithANote_andStatusShowsIt() throws Exception {
    assertEquals(0, hoist("pause", "--for", "2h"));
    assertTrue(out.contains("paused until 2026-11-30T02:00:00Z"), out);

    assertEquals(0, hoist("status", "--json"));
    JsonNode s = JSON.readTree(out);
    assertTrue(s.get("paused").asBoolean(), out);
    assertEquals("2026-11-30T02:00:00Z", s.get("pausedUntil").asText());

    assertEquals(0, hoist("update", "--auto", "--json"));
    assertEquals("paused", JSON.readTree(out).get("reason").asText());
    assertEquals("1.0.0", current());

    assertEquals(0, hoist("update"));
    assertTrue(err.contains("hoist: note: unattended updates are paused until"), err);
    assertEquals("1.1.0", current());
  }

  @Test
  void pauseFor_expiresByTheClock_andResumeEndsAPause() throws Exception {
    assertEquals(0, hoist("pause", "--for", "1h"));
    now = T0.plus(Duration.ofMinutes(61));
    assertEquals(0, hoist("status", "--json"));
    assertTrue(!JSON.readTree(out).get("paused").asBoolean(), out);
    now = T0;
    assertEquals(0, hoist("pause"));
    assertEquals(0, hoist("status"));
    assertTrue(out.contains("paused:   yes"), out);
    assertEquals(0, hoist("resume"));
    assertEquals("unattended updates resumed", out.strip());
    assertEquals(0, hoist("update", "--auto"));
    assertEquals("1.1.0", current());
  }

  @Test
  void history_listsUpdatesAndRollbacks() throws Exception {
    assertEquals(0, hoist("update", "--auto"));
    assertEquals(0, hoist("update", "--auto")); // up to date: only with --all
    assertEquals(0, run(Optional.of(home().resolve("versions/1.1.0")), "rollback"));
    assertEquals(0, hoist("history", "--json"));
    JsonNode entries = JSON.readTree(out).get("entries");
    assertEquals(2, entries.size(), out);
    assertEquals("updated", entries.get(0).get("status").asText());
    assertEquals("rolled-back", entries.get(1).get("status").asText());
    assertEquals("1.1.0", entries.get(1).get("from").asText());
    assertEquals("1.0.0", entries.get(1).get("to").asText());

    assertEquals(0, hoist("history", "--all"));
    assertEquals(3, out.strip().lines().count(), out);
    assertTrue(out.lines().findFirst().orElseThrow().contains("1.0.0 -> 1.1.0"), out);

    assertEquals(0, hoist("history", "-n", "1"));
    assertTrue(out.contains("rolled-back") && !out.contains("updated "), out);
  }

  @Test
  void detach_withCheckIsAUsageError() {
    assertEquals(2, hoist("update", "--detach", "--check"));
  }

  @Test
  void detach_whilePaused_startsNothingAndLogsTheSkip() throws Exception {
    assertEquals(0, hoist("pause"));
    assertEquals(0, hoist("update", "--detach", "--json"));
    assertEquals("paused", JSON.readTree(out).get("reason").asText());
    assertEquals("detach", log().get(0).caller());
  }
}
