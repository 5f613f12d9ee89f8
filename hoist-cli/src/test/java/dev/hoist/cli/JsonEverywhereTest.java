package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.testing.Releases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 9, through {@link Main#run}: every command that reports prints exactly one JSON
 * object on stdout with {@code --json} — when it succeeds, when it fails, and for usage and
 * configuration errors — and the same thing has the same name everywhere ({@code pausedUntil}).
 */
class JsonEverywhereTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  private Path user;
  private Path dist;
  private final Map<String, String> vars = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    user = Files.createDirectories(tmp.resolve("user"));
    // No scheduler here: schedule commands fail, which is what they must report as JSON.
    vars.put("PATH", Files.createDirectories(tmp.resolve("empty-bin")).toString());
    dist =
        Releases.extracted(
            Releases.fakeDistribution(Files.createDirectories(tmp.resolve("dl")), "1.0.0"),
            Files.createDirectories(tmp.resolve("extracted")));
    Path registry = Files.createDirectories(tmp.resolve("registry"));
    Releases.manifest()
        .channel("stable", "1.1.0")
        .release("1.1.0", Releases.fakeDistribution(registry, "1.1.0"))
        .writeTo(registry.resolve("manifest.json"));
    vars.put("HOIST_REGISTRY", registry.resolve("manifest.json").toUri().toString());
  }

  /** Runs {@code args}; asserts stdout is one JSON object and returns it with the exit code. */
  private JsonNode json(Optional<Path> from, List<Integer> codes, String... args) throws Exception {
    CliRun r = CliRun.of(vars, from, user, Clock.systemUTC(), args);
    String what = String.join(" ", args) + " -> " + r.code() + "\n" + r.out() + r.err();
    assertTrue(codes.contains(r.code()), what);
    assertEquals(1, r.out().strip().lines().count(), "exactly one line on stdout: " + what);
    JsonNode n = JSON.readTree(r.out());
    assertTrue(n.isObject(), what);
    return n;
  }

  private Optional<Path> installed() {
    return Optional.of(user.resolve(".local/share/hoist/current"));
  }

  @Test
  void everyReportingCommand_printsOneObject() throws Exception {
    JsonNode install = json(Optional.of(dist), List.of(0), "self", "install", "--json");
    assertEquals("installed", install.get("status").asText());
    assertEquals("1.0.0", install.get("version").asText());
    assertTrue(install.get("linked").isArray());
    assertEquals(
        "already-installed",
        json(Optional.of(dist), List.of(0), "self", "install", "--json").get("status").asText());

    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"status", "--json"});
    lines.add(new String[] {"history", "--json"});
    lines.add(new String[] {"list", "--json"});
    lines.add(new String[] {"versions", "--json"});
    lines.add(new String[] {"outdated", "--json"});
    lines.add(new String[] {"update", "--check", "--json"});
    lines.add(new String[] {"pin", "--json"});
    lines.add(new String[] {"unpin", "--json"});
    lines.add(new String[] {"rollback", "--json"}); // no previous version: failed, as JSON
    lines.add(
        new String[] {"release", "keygen", "--out-dir", tmp.resolve("keys").toString(), "--json"});
    for (String[] args : lines) json(installed(), List.of(0, 1, 10), args);

    Path manifest = tmp.resolve("site/manifest.json");
    Files.createDirectories(manifest.getParent());
    Path archive = Releases.fakeDistribution(manifest.getParent(), "2.0.0");
    JsonNode written =
        json(
            Optional.empty(),
            List.of(0),
            "release",
            "manifest",
            "--manifest",
            manifest.toString(),
            "--json",
            "2.0.0",
            archive.toString());
    assertEquals("written", written.get("status").asText());
    JsonNode signed =
        json(
            Optional.empty(),
            List.of(0),
            "release",
            "sign",
            "--key",
            tmp.resolve("keys/hoist-release.key").toString(),
            "--json",
            manifest.toString());
    assertEquals(manifest + ".sig", signed.get("signature").asText());
    JsonNode verified =
        json(
            Optional.empty(),
            List.of(0),
            "release",
            "verify",
            "--key",
            tmp.resolve("keys/hoist-release.pub").toString(),
            "--json",
            manifest.toString());
    assertEquals("verified", verified.get("status").asText(), verified.toString());
    assertTrue(verified.get("checks").size() > 0);
  }

  @Test
  void pausedUntil_isOneNameEverywhere() throws Exception {
    json(Optional.of(dist), List.of(0), "self", "install", "--json");
    JsonNode paused = json(installed(), List.of(0), "pause", "--for", "1h", "--json");
    assertTrue(paused.get("paused").asBoolean());
    String until = paused.get("pausedUntil").asText();
    JsonNode status = json(installed(), List.of(0), "status", "--json");
    assertEquals(until, status.get("pausedUntil").asText());
    JsonNode resumed = json(installed(), List.of(0), "resume", "--json");
    assertEquals("resumed", resumed.get("status").asText());
    assertTrue(resumed.get("pausedUntil").isNull());
  }

  @Test
  void usageConfigAndExecutionErrors_areObjectsToo() throws Exception {
    vars.remove("HOIST_REGISTRY");
    JsonNode noRegistry = json(Optional.empty(), List.of(2), "update", "--json");
    assertEquals("usage-error", noRegistry.get("error").asText());
    assertTrue(noRegistry.get("message").asText().startsWith("no registry configured"));

    vars.put("HOIST_TRUSTED_KEYS", tmp.resolve("no-such-keys").toString());
    vars.put("HOIST_REGISTRY", "file:///nowhere/manifest.json");
    JsonNode badKeys = json(Optional.empty(), List.of(2), "update", "--check", "--json");
    assertEquals("usage-error", badKeys.get("error").asText(), badKeys.toString());

    vars.put("HOIST_HOME", Files.createDirectories(tmp.resolve("home")).toString());
    JsonNode schedule = json(Optional.empty(), List.of(1), "schedule", "enable", "--json");
    assertEquals("failed", schedule.get("status").asText());
    assertEquals("command-failed", schedule.get("error").asText(), schedule.toString());
  }
}
