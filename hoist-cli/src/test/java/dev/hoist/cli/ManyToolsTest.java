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

/**
 * Issue 15, item 8, through {@link Main#run}: {@code list}, {@code outdated}, {@code update --all},
 * {@code pin}/{@code unpin} honoured by every update path, {@code versions}, and {@code --to} with
 * a leading {@code v} or a version the registry does not have.
 */
class ManyToolsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  private Path user;
  private Path home;
  private Path toolRegistry;
  private Path descriptor;
  private final Map<String, String> vars = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    user = Files.createDirectories(tmp.resolve("user"));
    home = user.resolve(".local/share/hoist");
    vars.put("PATH", "/usr/bin:/bin");
    Path dist =
        Releases.extracted(
            Releases.fakeDistribution(Files.createDirectories(tmp.resolve("dl")), "1.0.0"),
            Files.createDirectories(tmp.resolve("extracted")));
    assertEquals(
        0, CliRun.of(vars, Optional.of(dist), user, Clock.systemUTC(), "self", "install").code());
    Path hoistRegistry = Files.createDirectories(tmp.resolve("hoist-registry"));
    Releases.manifest()
        .channel("stable", "1.1.0")
        .release("1.0.0", Releases.fakeDistribution(hoistRegistry, "1.0.0"))
        .release("1.1.0", Releases.fakeDistribution(hoistRegistry, "1.1.0"))
        .writeTo(hoistRegistry.resolve("manifest.json"));
    vars.put("HOIST_REGISTRY", hoistRegistry.resolve("manifest.json").toUri().toString());

    toolRegistry = Files.createDirectories(tmp.resolve("tool-registry"));
    Releases.ManifestBuilder m = Releases.manifest().channel("stable", "1.1.0");
    for (String v : List.of("1.0.0", "1.1.0")) {
      m.release(v, Releases.toolArchive(toolRegistry, "tool", v, "tool version " + v));
    }
    m.writeTo(toolRegistry.resolve("manifest.json"));
    descriptor =
        Files.writeString(
            Files.createDirectories(user.resolve(".config/hoist/apps")).resolve("tool.json"),
            "{\"name\": \"tool\", \"registry\": \""
                + toolRegistry.resolve("manifest.json").toUri()
                + "\", \"launcher\": \"bin/tool\","
                + " \"version\": {\"pattern\": \"tool version (\\\\S+)\"}}");
  }

  private CliRun hoist(String... args) {
    return CliRun.of(vars, Optional.of(home.resolve("current")), user, Clock.systemUTC(), args);
  }

  private JsonNode json(String... args) throws Exception {
    CliRun r = hoist(args);
    assertTrue(r.code() == 0 || r.code() == 10, String.join(" ", args) + ": " + r.err() + r.out());
    return JSON.readTree(r.out());
  }

  private static JsonNode byName(JsonNode array, String field, String name) {
    for (JsonNode n : array) if (n.get(field).asText().equals(name)) return n;
    throw new AssertionError(name + " not in " + array);
  }

  @Test
  void listOutdatedAllAndPins_acrossHoistAndATool() throws Exception {
    CliRun first = hoist("update", "--app", descriptor.toString(), "--to", "v1.0.0");
    assertEquals(0, first.code(), first.err());

    JsonNode list = json("list", "--json").get("tools");
    assertEquals("1.0.0", byName(list, "name", "hoist").get("current").asText());
    assertEquals("1.0.0", byName(list, "name", "tool").get("current").asText());

    JsonNode outdated = json("outdated", "--json");
    assertEquals(
        "update-available", byName(outdated.get("results"), "app", "hoist").get("status").asText());
    assertEquals("1.1.0", byName(outdated.get("results"), "app", "tool").get("latest").asText());
    assertEquals(10, hoist("outdated", "--exit-code").code());
    assertEquals(
        "1.1.0",
        byName(json("list", "--json").get("tools"), "name", "tool").get("latestKnown").asText());

    assertEquals(0, hoist("pin", "--app", descriptor.toString()).code());
    JsonNode all = json("update", "--all", "--json");
    assertEquals("done", all.get("status").asText(), all.toString());
    assertEquals("updated", byName(all.get("results"), "app", "hoist").get("status").asText());
    assertEquals(
        "up-to-date",
        byName(all.get("results"), "app", "tool").get("status").asText(),
        "pinned at 1.0.0");
    assertEquals(
        "1.0.0",
        byName(json("list", "--json").get("tools"), "name", "tool").get("pinned").asText());
    // Unattended runs honour the pin as well.
    JsonNode auto = json("update", "--app", descriptor.toString(), "--auto", "--json");
    assertEquals("up-to-date", auto.get("status").asText(), auto.toString());

    assertEquals(0, hoist("unpin", "--app", descriptor.toString()).code());
    all = json("update", "--all", "--json");
    assertEquals("updated", byName(all.get("results"), "app", "tool").get("status").asText());
  }

  /**
   * uninstall --app keeps the descriptor (it is the user's file): update --all and outdated must
   * not install again what the user removed, and list says it is not installed.
   */
  @Test
  void anUninstalledTool_isListedAsSuch_andUpdateAllAndOutdatedLeaveItAlone() throws Exception {
    assertEquals(0, hoist("update", "--app", descriptor.toString(), "--to", "1.0.0").code());
    Path toolHome = user.resolve(".local/share/hoist-apps/tool");
    assertTrue(Files.isDirectory(toolHome.resolve("current")));
    CliRun removed = hoist("uninstall", "--app", descriptor.toString(), "--yes");
    assertEquals(0, removed.code(), removed.err());
    assertTrue(Files.exists(descriptor), "the descriptor is the user's");

    JsonNode all = json("update", "--all", "--json");
    JsonNode tool = byName(all.get("results"), "app", "tool");
    assertEquals("skipped", tool.get("status").asText(), all.toString());
    assertEquals("not-installed", tool.get("reason").asText(), all.toString());
    assertEquals("done", all.get("status").asText(), all.toString());
    assertFalse(Files.exists(toolHome), "not installed again");

    CliRun text = hoist("update", "--all");
    assertEquals(0, text.code(), text.err());
    assertTrue(text.out().contains("==> tool\ntool is not installed; skipping"), text.out());
    assertFalse(Files.exists(toolHome), "not installed again");

    JsonNode outdated = json("outdated", "--json");
    assertEquals(
        "not-installed",
        byName(outdated.get("results"), "app", "tool").get("reason").asText(),
        outdated.toString());

    JsonNode listed = byName(json("list", "--json").get("tools"), "name", "tool");
    assertFalse(listed.get("installed").asBoolean(), listed.toString());
    assertTrue(
        byName(json("list", "--json").get("tools"), "name", "hoist").get("installed").asBoolean());
    assertTrue(hoist("list").out().contains("(not installed)"));
    assertFalse(Files.exists(toolHome), "list and outdated change nothing");
  }

  /**
   * An install of 32 MB or more is handed to a second JVM with C2 (JitHandOff), which prints to the
   * real stdout: under --all --json that bypassed the capture, so the tool's result read as failed
   * and a second JSON object went out. Here every install is that large, and the launcher it would
   * be handed to only records that it ran.
   */
  @Test
  void updateAllJson_runsEveryInstallInThisProcess_andPrintsOneObject() throws Exception {
    assertEquals(0, hoist("update", "--app", descriptor.toString(), "--to", "1.0.0").code());
    Path ran = tmp.resolve("handed-off");
    Path launcher = home.resolve("current/bin/hoist");
    Files.writeString(
        launcher, "#!/bin/sh\necho \"$*\" >> " + ran + "\necho '{\"status\":\"updated\"}'\n");
    vars.put("HOIST_TEST_HANDOFF_BYTES", "1");
    assertEquals(0, hoist("update", "--app", descriptor.toString(), "--quiet").code());
    assertTrue(Files.exists(ran), "a run of its own is handed off, as the test means");
    Files.delete(ran);

    CliRun r = hoist("update", "--all", "--json");
    assertEquals(0, r.code(), r.out() + r.err());
    JsonNode all = JSON.readTree(r.out());
    assertEquals("done", all.get("status").asText(), r.out());
    assertEquals("updated", byName(all.get("results"), "app", "tool").get("status").asText());
    assertEquals("updated", byName(all.get("results"), "app", "hoist").get("status").asText());
    assertFalse(Files.exists(ran), "nothing was handed off");
    assertEquals(
        "1.1.0",
        Files.readSymbolicLink(user.resolve(".local/share/hoist-apps/tool/current"))
            .getFileName()
            .toString());
  }

  @Test
  void updateAll_oneFailureDoesNotStopTheOthers_andExits1() throws Exception {
    assertEquals(0, hoist("update", "--app", descriptor.toString(), "--to", "1.0.0").code());
    Files.delete(toolRegistry.resolve("manifest.json"));
    CliRun r = hoist("update", "--all");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("==> hoist\nupdated hoist 1.0.0 -> 1.1.0"), r.out());
    assertTrue(r.out().contains("==> tool"), r.out());
    assertTrue(r.err().contains("hoist: error:"), r.err());
    assertEquals(2, hoist("update", "--all", "--to", "1.0.0").code(), "--all names no version");
  }

  /** A channel's name is the registry's text: no escape sequence of it reaches the terminal. */
  @Test
  void versions_showsChannelNamesWithoutControlCharacters() throws Exception {
    Releases.manifest()
        .channel("stable", "1.1.0")
        .channel("\u001b]0;owned\u0007beta", "1.1.0")
        .release("1.1.0", Releases.toolArchive(toolRegistry, "tool", "1.1.0", "tool version 1.1.0"))
        .writeTo(toolRegistry.resolve("manifest.json"));
    CliRun text = hoist("versions", "--app", descriptor.toString());
    assertEquals(0, text.code(), text.err());
    assertTrue(text.out().contains("]0;ownedbeta"), text.out());
    assertTrue(text.out().chars().noneMatch(c -> c < 0x20 && c != '\n'), text.out());
  }

  /**
   * A pin is written into the home the descriptor names: one that names another app's home (here
   * Hoist's own) is refused, as update --app refuses to install there.
   */
  @Test
  void pinApp_intoAnotherAppsHome_isRefused() throws Exception {
    Path hijack =
        Files.writeString(
            tmp.resolve("hijack.json"),
            "{\"name\": \"tool\", \"registry\": \""
                + toolRegistry.resolve("manifest.json").toUri()
                + "\", \"launcher\": \"bin/tool\", \"home\": \""
                + home
                + "\"}");
    for (String command : List.of("pin", "unpin")) {
      CliRun r = hoist(command, "--app", hijack.toString());
      assertEquals(2, r.code(), command + ": " + r.out() + r.err());
      assertTrue(r.err().contains("is the home of hoist, not of tool"), r.err());
    }
    assertFalse(Files.exists(home.resolve("state/pinned")), "hoist is not pinned");
  }

  @Test
  void pin_withoutAVersion_namesTheInstalledOneItCannotHold() throws Exception {
    Path odd = Releases.activeHome(tmp.resolve("odd"), "nightly").root();
    CliRun r =
        CliRun.of(
            Map.of("HOIST_HOME", odd.toString()), Optional.empty(), user, Clock.systemUTC(), "pin");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("installed version 'nightly' is not one a pin can hold"), r.err());
    assertFalse(r.err().contains("null"), r.err());
  }

  @Test
  void versions_listsWhatTheRegistryOffers_andTo_namesTheNearest() throws Exception {
    JsonNode v = json("versions", "--json");
    assertEquals("1.1.0", v.get("versions").get(0).get("version").asText());
    assertEquals("stable", v.get("versions").get(0).get("channels").get(0).asText());
    assertTrue(v.get("versions").get(1).get("installed").asBoolean());
    CliRun text = hoist("versions");
    assertEquals("1.1.0  stable\n1.0.0  (installed)\n", text.out());

    CliRun missing = hoist("update", "--to", "1.0.5");
    assertEquals(1, missing.code());
    assertTrue(
        missing
            .err()
            .contains(
                "version 1.0.5 is not in the registry's manifest (the nearest it has: 1.0.0, 1.1.0)"),
        missing.err());
    CliRun withV = hoist("update", "--to", "v1.1.0", "--json");
    assertEquals("updated", JSON.readTree(withV.out()).get("status").asText(), withV.out());
  }
}
