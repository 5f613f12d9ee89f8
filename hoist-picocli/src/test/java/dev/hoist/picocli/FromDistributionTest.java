package dev.hoist.picocli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.Installer;
import dev.hoist.engine.testing.Releases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Command(subcommands = UpdateCommand.class)} is all an app needs: run in a real JVM as its
 * launcher runs it ({@code -Dhoist.install.dir}), {@code greet update} learns greet's launcher,
 * version command and registry from the distribution's {@code conf/hoist.json}, reads greet's own
 * variables ({@code GREET_*}, never {@code HOIST_*}) and updates greet's home.
 */
class FromDistributionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private HoistHome home;
  private Path registry;

  @BeforeEach
  void greet100Installed() throws IOException {
    home = new HoistHome(tmp.resolve("greet-home"));
    Installer installer = new Installer(home, Clock.systemUTC());
    installer.createLayout();
    registry = Files.createDirectories(tmp.resolve("registry"));
    Path v1 = Releases.toolArchive(registry, "greet", "1.0.0", "greet version 1.0.0");
    Path staged = Releases.extracted(v1, installer.newStagingDir("1.0.0"));
    Files.writeString(staged.resolve("VERSION"), "1.0.0\n");
    installer.promote(staged, "1.0.0", Releases.sha256(v1), "test");
    installer.activate("1.0.0");
    Releases.manifest()
        .channel("stable", "1.1.0")
        .release("1.0.0", v1)
        .release("1.1.0", Releases.toolArchive(registry, "greet", "1.1.0", "greet version 1.1.0"))
        .writeTo(registry.resolve("manifest.json"));
    conf(
        "{\"app\": {\"name\": \"greet\", \"launcher\": \"bin/greet\","
            + " \"version\": {\"args\": [\"--version\"], \"pattern\": \"^greet version (\\\\S+)$\"}},"
            + " \"registry\": \""
            + registry.resolve("manifest.json").toUri()
            + "\"}");
  }

  @Test
  void theAnnotationAloneUpdatesTheAppFromItsDistributionsSettings() throws Exception {
    Run r =
        greet(Map.of("HOIST_REGISTRY", "https://hoist.invalid/manifest.json"), "update", "--json");

    assertEquals(0, r.code(), r.toString());
    JsonNode j = JSON.readTree(r.out());
    assertEquals("updated", j.get("status").asText(), r.toString());
    assertEquals("1.0.0", j.get("from").asText());
    assertEquals("1.1.0", j.get("to").asText());
    assertEquals(Optional.of("1.1.0"), home.currentVersion());
    assertTrue(Files.isExecutable(home.current().resolve("bin/greet")));
    assertTrue(
        Files.readString(home.logs().resolve("update.log")).contains("\"to\":\"1.1.0\""),
        "the run is in greet's own log");

    Run again = greet(Map.of(), "update", "--json");
    assertEquals("up-to-date", JSON.readTree(again.out()).get("status").asText(), again.toString());
  }

  @Test
  void theAppsOwnVariablesWinOverItsSettings() throws Exception {
    Run r = greet(Map.of("GREET_REGISTRY", tmp.resolve("nowhere.json").toString()), "update");

    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().startsWith("greet: error: "), r.err());
    assertTrue(r.err().contains("nowhere.json"), r.err());
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
  }

  @Test
  void aBrokenAppInTheSettingsIsAUsageError() throws Exception {
    conf("{\"app\": {\"name\": \"greet\", \"launcher\": \"/etc/passwd\"}}");

    Run r = greet(Map.of(), "update", "--check");

    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("conf/hoist.json"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void aBrokenTrustOverrideOrSelfInstallWithUpdateOptionsIsAUsageError() throws Exception {
    Run keys = greet(Map.of("GREET_TRUSTED_KEYS", tmp.resolve("no-keys").toString()), "update");
    assertEquals(2, keys.code(), keys.toString());
    assertTrue(keys.err().contains("GREET_TRUSTED_KEYS"), keys.err());
    assertFalse(keys.err().contains("\tat "), "no stack trace: " + keys.err());

    Run self = greet(Map.of(), "update", "--self-install", "--json");
    assertEquals(2, self.code(), self.toString());
    assertTrue(self.err().contains("--self-install takes only"), self.err());
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
  }

  private void conf(String json) throws IOException {
    Path conf = Files.createDirectories(home.versionDir("1.0.0").resolve("conf"));
    Files.writeString(conf.resolve("hoist.json"), json);
  }

  record Run(int code, String out, String err) {}

  /** Runs greet's JVM as its launcher would, with HOME in the test's directory. */
  private Run greet(Map<String, String> vars, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dhoist.install.dir=" + home.versionDir("1.0.0"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Greet.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("HOIST_") || k.startsWith("GREET_"));
    pb.environment().remove("CI");
    pb.environment().put("HOME", Files.createDirectories(tmp.resolve("user")).toString());
    pb.environment().putAll(vars);
    pb.redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "greet did not finish");
    return new Run(
        p.exitValue(),
        Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8));
  }
}
