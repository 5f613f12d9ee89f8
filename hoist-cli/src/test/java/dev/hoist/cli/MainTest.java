package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.testing.Releases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI through {@link Main#run}, with a captured environment and real files. */
class MainTest {
  @TempDir Path tmp;
  private Path registry;
  private Path dist;
  private final Map<String, String> vars = new HashMap<>();
  private String out;
  private String err;

  @BeforeEach
  void setUp() throws Exception {
    registry = Files.createDirectories(tmp.resolve("registry"));
    dist =
        Releases.extracted(
            Releases.fakeDistribution(Files.createDirectories(tmp.resolve("dl")), "1.0.0"),
            Files.createDirectories(tmp.resolve("extracted")));
    vars.put("PATH", "/usr/bin:/bin");
  }

  private int run(Optional<Path> installDir, String... args) {
    CliRun r = CliRun.of(vars, installDir, tmp.resolve("user"), Clock.systemUTC(), args);
    out = r.out();
    err = r.err();
    return r.code();
  }

  private int installAndRun(String... args) {
    return run(Optional.of(home().resolve("versions/1.0.0")), args);
  }

  private Path home() {
    return tmp.resolve("home");
  }

  private int selfInstallExit() {
    return run(
        Optional.of(dist),
        "self",
        "install",
        "--home",
        home().toString(),
        "--bin-dir",
        tmp.resolve("bin").toString());
  }

  private void selfInstall() {
    assertEquals(0, selfInstallExit(), err);
  }

  private JsonNode json() throws Exception {
    assertEquals(1, out.strip().lines().count(), "exactly one line: " + out);
    return new ObjectMapper().readTree(out);
  }

  @Test
  void version_readsTheDistributionsVersionFile() {
    assertEquals(0, run(Optional.of(dist), "--version"));
    assertEquals("hoist 1.0.0", out.strip());
  }

  @Test
  void selfInstall_createsLayoutAndLinkAndIsIdempotent() throws Exception {
    selfInstall();
    assertTrue(out.contains("installed hoist 1.0.0 into"), out);
    assertTrue(out.contains("is not on your PATH"), out);
    Path link = tmp.resolve("bin/hoist");
    assertEquals(home().resolve("current/bin/hoist"), Files.readSymbolicLink(link));
    assertTrue(Files.isExecutable(link));
    assertEquals(Path.of("versions", "1.0.0"), Files.readSymbolicLink(home().resolve("current")));
    assertTrue(Files.exists(home().resolve("versions/1.0.0/.hoist/complete.json")));

    selfInstall();
    assertTrue(out.contains("already installed"), out);
  }

  @Test
  void selfInstall_whileAnotherHoldsTheLock_skipsAndExits0() throws Exception {
    selfInstall();
    try (var lock =
        ((dev.hoist.engine.internal.lock.UpdateLock.Acquired)
                dev.hoist.engine.internal.lock.UpdateLock.tryAcquire(
                    home().resolve("state"), "1.0.0", "1.0.0", Clock.systemUTC()))
            .lock()) {
      assertEquals(0, selfInstallExit(), err);
      assertTrue(err.contains("is already running (pid=" + lock.record().pid()), err);
      assertTrue(err.contains("skipping"), err);
    }
  }

  @Test
  void selfInstall_refusesAForeignDirectory() throws Exception {
    Files.createDirectories(home());
    Files.writeString(home().resolve("thesis.tex"), "precious");
    assertEquals(1, selfInstallExit());
    assertTrue(err.contains("is not a Hoist home"), err);
    assertEquals("precious", Files.readString(home().resolve("thesis.tex")));
  }

  @Test
  void selfInstall_refusesToClobberAForeignLauncher() throws Exception {
    Files.createDirectories(tmp.resolve("bin"));
    Files.writeString(tmp.resolve("bin/hoist"), "someone else's");
    assertEquals(1, selfInstallExit());
    assertTrue(err.contains("already exists"), err);
    assertFalse(Files.exists(home().resolve("current")));
  }

  /** Issue 15, item 5: what the release is, under the one-line result, in text. */
  @Test
  void checkDryRunAndUpdate_showSizeNotesAndPage() throws Exception {
    selfInstall();
    StringBuilder notes = new StringBuilder("Faster start-up.");
    for (int i = 2; i <= 15; i++) notes.append("\nline ").append(i);
    Path archive = Releases.fakeDistribution(registry, "1.1.0");
    Path m =
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release("1.1.0", archive)
            .releaseField("notes", notes.toString())
            .releaseField("notesUrl", "https://example.com/hoist/1.1.0")
            .writeTo(registry.resolve("manifest.json"));
    String details =
        "  size: "
            + dev.hoist.picocli.internal.ProgressBar.human(Files.size(archive))
            + "\n  release notes:\n    Faster start-up.\n";
    for (String mode : List.of("--check", "--dry-run", "")) {
      List<String> args = new java.util.ArrayList<>(List.of("update", "--registry", m.toString()));
      if (!mode.isEmpty()) args.add(mode);
      assertEquals(0, installAndRun(args.toArray(String[]::new)), err);
      assertTrue(out.contains(details), mode + ":\n" + out);
      assertTrue(out.contains("    line 12\n    (3 more lines; see --json)\n"), out);
      assertFalse(out.contains("line 13"), out);
      assertTrue(out.endsWith("  more: https://example.com/hoist/1.1.0\n"), out);
    }
    assertTrue(out.startsWith("updated hoist 1.0.0 -> 1.1.0\n"), out);
  }

  @Test
  void updateJson_printsExactlyOneObject() throws Exception {
    selfInstall();
    Path m =
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release("1.1.0", Releases.fakeDistribution(registry, "1.1.0"))
            .writeTo(registry.resolve("manifest.json"));
    assertEquals(0, installAndRun("update", "--json", "--check", "--registry", m.toString()));
    JsonNode check = json();
    assertEquals("update-available", check.get("status").asText());
    assertEquals("1.0.0", check.get("current").asText());
    assertEquals("1.1.0", check.get("latest").asText());
    // For a script (issue 15, item 9): "is there an update?" as an exit code.
    assertEquals(
        10, installAndRun("update", "--check", "--exit-code", "--registry", m.toString()), err);

    assertEquals(0, installAndRun("update", "--json", "--registry", m.toUri().toString()));
    JsonNode updated = json();
    assertEquals("updated", updated.get("status").asText());
    assertEquals("1.0.0", updated.get("from").asText());
    assertEquals("1.1.0", updated.get("to").asText());
    assertTrue(updated.get("durationMs").isIntegralNumber());

    assertEquals(
        0,
        installAndRun("update", "--check", "--exit-code", "--registry", m.toString()),
        "up to date: 0");

    assertEquals(0, installAndRun("status"));
    assertTrue(out.contains("\nverified: sha256\n"), "the manifest's digest: " + out);
  }

  @Test
  void failedUpdate_isOneLineOnStderrAndExitOne() {
    selfInstall();
    assertEquals(1, installAndRun("update", "--registry", "http://127.0.0.1:1/m.json"));
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.startsWith("hoist: error: registry unreachable"), err);
    assertEquals(0, installAndRun("update", "--auto", "--registry", "http://127.0.0.1:1/m.json"));
  }

  @Test
  void usageErrors_exitTwo() {
    assertEquals(2, run(Optional.empty(), "update", "--check", "--dry-run", "--registry", "/x"));
    assertEquals(2, run(Optional.empty(), "update", "--to", "latest", "--registry", "/x"));
    assertTrue(err.contains("not a semantic version"), err);
    assertEquals(2, run(Optional.empty(), "update", "--bogus"));
    assertEquals(2, run(Optional.empty(), "update", "--wait=soon", "--registry", "/x"));
  }

  @Test
  void noRegistryConfigured_saysHowToConfigureOne() {
    selfInstall();
    assertEquals(2, installAndRun("update"));
    assertTrue(err.contains("no registry configured"), err);
  }

  @Test
  void registrySources_flagBeatsEnvBeatsUserConfigBeatsDistribution() throws Exception {
    selfInstall();
    Path conf = Files.createDirectories(home().resolve("versions/1.0.0/conf"));
    Files.writeString(conf.resolve("hoist.json"), "{\"registry\":\"file:///dist.json\"}");
    assertEquals(1, installAndRun("update", "--check"));
    assertTrue(err.contains("/dist.json"), err);
    Files.writeString(home().resolve("config.json"), "{\"registry\":\"file:///user.json\"}");
    installAndRun("update", "--check");
    assertTrue(err.contains("/user.json"), err);
    vars.put("HOIST_REGISTRY", "file:///env.json");
    installAndRun("update", "--check");
    assertTrue(err.contains("/env.json"), err);
    installAndRun("update", "--check", "--registry", "file:///flag.json");
    assertTrue(err.contains("/flag.json"), err);
  }

  @Test
  void unusableCaBundle_isAUsageErrorOfUpdate_thoughTheClientIsBuiltInTheBackground()
      throws Exception {
    selfInstall();
    Files.writeString(tmp.resolve("bad.pem"), "not a certificate");
    vars.put("HOIST_CA_BUNDLE", tmp.resolve("bad.pem").toString());
    assertEquals(2, installAndRun("update", "--check", "--registry", "http://127.0.0.1:1/m.json"));
    assertTrue(err.contains("HOIST_CA_BUNDLE"), err);
    assertEquals(2, installAndRun("update", "--registry", "http://127.0.0.1:1/m.json"));
    assertTrue(err.contains("HOIST_CA_BUNDLE"), err);
  }

  @Test
  void brokenConfig_isAClearUsageError() throws Exception {
    selfInstall();
    Files.writeString(home().resolve("config.json"), "{not json");
    assertEquals(2, installAndRun("update", "--check"), err);
    assertTrue(err.contains("config.json is not valid JSON"), err);
  }

  @Test
  void developmentBuild_updateIsSkippedNotSelfManaged() throws Exception {
    Path m =
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release("1.1.0", Releases.fakeDistribution(registry, "1.1.0"))
            .writeTo(registry.resolve("manifest.json"));
    assertEquals(0, run(Optional.empty(), "update", "--json", "--registry", m.toString()));
    JsonNode j = json();
    assertEquals("skipped", j.get("status").asText());
    assertEquals("not-self-managed", j.get("reason").asText());
  }

  @Test
  void statusJson_hasTheDocumentedKeys() throws Exception {
    selfInstall();
    assertEquals(0, installAndRun("status", "--json"));
    JsonNode s = json();
    for (String key :
        new String[] {
          "home", "current", "previous", "versions", "lock", "lastCheck", "paused", "schedule"
        }) {
      assertTrue(s.has(key), key + " in " + s);
    }
    assertEquals("1.0.0", s.get("current").asText());
    assertTrue(s.get("lock").isNull());
    assertTrue(s.get("verifiedBy").isNull(), "a self install downloaded nothing: " + s);
  }

  @Test
  void rollbackWithNothingToReturnTo_failsClearly() {
    selfInstall();
    assertEquals(1, installAndRun("rollback"));
    assertTrue(err.contains("no previous version"), err);
  }

  @Test
  void help_listsCommandsAndExitCodes() {
    assertEquals(0, run(Optional.empty(), "--help"));
    for (String s : new String[] {"update", "status", "rollback", "self", "Exit codes"}) {
      assertTrue(out.contains(s), s);
    }
    assertEquals(0, run(Optional.empty(), "update", "--help"));
    assertTrue(out.contains("--wait"), out);
  }
}
