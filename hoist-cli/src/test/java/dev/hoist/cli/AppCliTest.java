package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.testing.Releases;
import dev.hoist.picocli.UpdateCommand;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --app FILE} on update, status, rollback and history, run in-process as a user would. */
class AppCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private Path user;
  private Path registry;
  private Path descriptor;

  @BeforeEach
  void setUp() throws IOException {
    user = Files.createDirectories(tmp.resolve("user"));
    registry = Files.createDirectories(tmp.resolve("registry"));
    descriptor =
        Files.writeString(
            tmp.resolve("greet.json"),
            """
            {"name": "greet", "registry": "registry/manifest.json", "launcher": "bin/greet",
             "version": {"pattern": "greet version (\\\\S+)"}}
            """);
  }

  private void publish(String... versions) throws IOException {
    Releases.ManifestBuilder m =
        Releases.manifest().channel("stable", versions[versions.length - 1]);
    for (String v : versions) {
      m.release(v, Releases.toolArchive(registry, "greet", v, "greet version " + v));
    }
    m.writeTo(registry.resolve("manifest.json"));
  }

  private CliRun hoist(String... args) {
    return CliRun.of(Map.of(), Optional.empty(), user, Clock.systemUTC(), args);
  }

  private Path appHome() {
    return user.resolve(".local/share/hoist-apps/greet");
  }

  private static String run(Path command) throws Exception {
    Process p = new ProcessBuilder(command.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertEquals(0, p.waitFor());
    return out;
  }

  @Test
  void update_installsThenUpdatesTheApp_andEveryCommandSeesIt() throws Exception {
    publish("1.0.0");
    CliRun first = hoist("update", "--app", descriptor.toString(), "--json");
    assertEquals(0, first.code(), first.err());
    JsonNode j = JSON.readTree(first.out());
    assertEquals("updated", j.get("status").asText(), first.out());
    assertTrue(j.get("from").isNull(), first.out());
    assertEquals("1.0.0", j.get("to").asText());
    Path link = user.resolve(".local/bin/greet");
    assertEquals("greet 1.0.0 says hello", run(link));

    publish("1.0.0", "1.1.0");
    CliRun second = hoist("update", "--app", descriptor.toString());
    assertEquals(0, second.code(), second.err());
    assertEquals("updated greet 1.0.0 -> 1.1.0", second.out().lines().findFirst().orElse(""));
    assertEquals("greet 1.1.0 says hello", run(link));

    CliRun status = hoist("status", "--app", descriptor.toString(), "--json");
    assertEquals(0, status.code(), status.err());
    JsonNode s = JSON.readTree(status.out());
    assertEquals("greet", s.get("app").asText());
    assertEquals(appHome().toString(), s.get("home").asText());
    assertEquals("1.1.0", s.get("current").asText());
    assertEquals("1.0.0", s.get("previous").asText());
    assertEquals(link.toString(), s.get("link").asText());
    assertEquals("manifest", s.get("registry").get("backend").asText());
    assertFalse(s.has("running"), status.out());

    CliRun history = hoist("history", "--app", descriptor.toString());
    assertTrue(history.out().contains("none -> 1.0.0"), history.out());
    assertTrue(history.out().contains("1.0.0 -> 1.1.0"), history.out());

    CliRun rollback = hoist("rollback", "--app", descriptor.toString());
    assertEquals(0, rollback.code(), rollback.err());
    assertEquals("rolled back greet 1.1.0 -> 1.0.0\n", rollback.out());
    assertEquals("greet 1.0.0 says hello", run(link));
  }

  /** Hoist's check interval applies to the tools it manages too: 0s checks at every run. */
  @Test
  void autoRunsOfAnApp_followTheConfiguredCheckInterval() throws Exception {
    publish("1.0.0");
    String[] auto = {"update", "--app", descriptor.toString(), "--auto", "--json"};
    CliRun first = hoist(auto);
    assertEquals("updated", JSON.readTree(first.out()).get("status").asText(), first.out());
    CliRun soon = hoist(auto);
    assertEquals(
        "checked-recently", JSON.readTree(soon.out()).get("reason").asText(), "2m by default");
    Map<String, String> vars = Map.of("HOIST_CHECK_INTERVAL", "0s");
    CliRun every = CliRun.of(vars, Optional.empty(), user, Clock.systemUTC(), auto);
    assertEquals(
        "up-to-date",
        JSON.readTree(every.out()).get("status").asText(),
        "with 0s it asks the registry again: " + every.out());
  }

  @Test
  void selfInstallIntoAnAppsHome_isRefused() throws Exception {
    publish("1.0.0");
    assertEquals(0, hoist("update", "--app", descriptor.toString()).code());
    Path dist = Files.createDirectories(tmp.resolve("hoist-1.0.0/bin"));
    Files.writeString(dist.getParent().resolve("VERSION"), "1.0.0\n");
    Files.writeString(dist.resolve("hoist"), "#!/bin/sh\necho hoist 1.0.0\n");
    assertTrue(dist.resolve("hoist").toFile().setExecutable(true));

    CliRun r =
        CliRun.of(
            Map.of(),
            Optional.of(dist.getParent()),
            user,
            Clock.systemUTC(),
            "self",
            "install",
            "--home",
            appHome().toString(),
            "--bin-dir",
            tmp.resolve("bin").toString());

    assertEquals(1, r.code(), r.out());
    assertTrue(r.err().contains("is the home of greet, not of hoist"), r.err());
    assertEquals(
        java.nio.file.Path.of("versions", "1.0.0"),
        Files.readSymbolicLink(appHome().resolve("current")));
  }

  @Test
  void check_reportsTheFirstVersionWithoutInstallingIt() throws Exception {
    publish("1.0.0");
    CliRun r = hoist("update", "--app", descriptor.toString(), "--check");
    assertEquals(0, r.code(), r.err());
    assertEquals(
        "greet 1.0.0 is available (installed: nothing)", r.out().lines().findFirst().orElse(""));
    assertFalse(Files.exists(appHome().resolve("current")));
  }

  @Test
  void registryFlag_overridesTheDescriptor() throws Exception {
    Path other = Files.createDirectories(tmp.resolve("other"));
    Releases.manifest()
        .channel("stable", "2.0.0")
        .release("2.0.0", Releases.toolArchive(other, "greet", "2.0.0", "greet version 2.0.0"))
        .writeTo(other.resolve("manifest.json"));
    CliRun r =
        hoist(
            "update",
            "--app",
            descriptor.toString(),
            "--registry",
            other.resolve("manifest.json").toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("installed greet 2.0.0", r.out().lines().findFirst().orElse(""));
  }

  @Test
  void brokenDescriptor_isAUsageErrorThatNamesTheFile() throws Exception {
    Files.writeString(descriptor, "{\"name\": \"greet\", \"launcher\": \"bin/greet\"}");
    CliRun r = hoist("update", "--app", descriptor.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains(descriptor + ": \"registry\" is required"), r.err());
    assertFalse(Files.exists(appHome()), "nothing created");
  }

  @Test
  void missingDescriptor_isAUsageError() {
    CliRun r = hoist("status", "--app", tmp.resolve("nope.json").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("no app descriptor at " + tmp.resolve("nope.json")), r.err());
  }

  @Test
  void appDescriptorWithHoistsKeysConfigured_stillTrustsOnlyTheAppsOwnKeys() throws Exception {
    // Hoist's own trusted keys (HOIST_TRUSTED_KEYS) are for Hoist's publisher; an unsigned app
    // manifest is checked by its checksums, not refused for lacking Hoist's signature.
    Path keys = Files.createDirectories(tmp.resolve("keys"));
    Files.writeString(
        keys.resolve("hoist.pub"),
        "-----BEGIN PUBLIC KEY-----\n"
            + "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
            + "-----END PUBLIC KEY-----\n");
    assertFalse(
        dev.hoist.engine.internal.trust.TrustedKeys.load(keys).isEmpty(), "a real key for Hoist");
    publish("1.0.0");
    CliRun r =
        CliRun.of(
            Map.of("HOIST_TRUSTED_KEYS", keys.toString()),
            Optional.empty(),
            user,
            Clock.systemUTC(),
            "update",
            "--app",
            descriptor.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("installed greet 1.0.0", r.out().lines().findFirst().orElse(""));
  }

  @Test
  void helpOfHoistShowsTheOption_anEmbeddedUpdateCommandDoesNot() {
    CliRun help = hoist("update", "--help");
    assertTrue(help.out().contains("--app=FILE"), help.out());
    assertTrue(help.out().contains("hoist update --app ~/.config/hoist/apps/mvn.json"), help.out());
    String embedded =
        new CommandLine(
                new UpdateCommand(
                    () -> {
                      throw new AssertionError("not run");
                    },
                    UpdateCommand.Defaults.of(URI.create("https://example.com/m.json"), "stable")))
            .getUsageMessage();
    assertFalse(embedded.contains("--app"), embedded);
  }
}
