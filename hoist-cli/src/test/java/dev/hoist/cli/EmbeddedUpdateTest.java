package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.App;
import dev.hoist.engine.UpdateEngine;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.Installer;
import dev.hoist.engine.testing.Releases;
import dev.hoist.picocli.UpdateCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Another picocli application embedding Hoist's {@code update} command for itself: it names its own
 * launcher and version output, and {@code greet update} replaces the running greet's version in
 * greet's own home, smoke-testing {@code bin/greet --version}, never {@code bin/hoist}.
 */
class EmbeddedUpdateTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final App GREET =
      new App("greet", "bin/greet", List.of("--version"), App.pattern("^greet version (\\S+)$"));

  @TempDir Path tmp;

  @Command(name = "greet", mixinStandardHelpOptions = true)
  static final class Greet implements Runnable {
    @Override
    public void run() {}
  }

  @Test
  void embeddedUpdateCommand_updatesTheEmbeddingApp() throws Exception {
    // greet 1.0.0, installed in its home as Hoist lays homes out, is the running copy.
    HoistHome home = new HoistHome(tmp.resolve("greet-home"));
    Installer installer = new Installer(home, Clock.systemUTC());
    installer.createLayout();
    Path registry = Files.createDirectories(tmp.resolve("registry"));
    Path v1 = Releases.toolArchive(registry, "greet", "1.0.0", "greet version 1.0.0");
    Path staged = Releases.extracted(v1, installer.newStagingDir("1.0.0"));
    installer.promote(staged, "1.0.0", Releases.sha256(v1), "test");
    installer.activate("1.0.0");
    URI manifest =
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release("1.0.0", v1)
            .release(
                "1.1.0", Releases.toolArchive(registry, "greet", "1.1.0", "greet version 1.1.0"))
            .writeTo(registry.resolve("manifest.json"))
            .toUri();
    UpdateEngine engine =
        UpdateEngine.builder()
            .app(GREET)
            .installDir(Optional.of(home.versionDir("1.0.0")))
            .runningVersion("1.0.0")
            .platform("Linux", "amd64")
            .build();
    StringWriter out = new StringWriter();
    CommandLine greet =
        new CommandLine(new Greet())
            .addSubcommand(
                "update",
                new UpdateCommand(() -> engine, UpdateCommand.Defaults.of(manifest, "stable")));
    greet.setOut(new PrintWriter(out));

    int code = greet.execute("update", "--json");

    assertEquals(0, code, out.toString());
    JsonNode j = JSON.readTree(out.toString());
    assertEquals("updated", j.get("status").asText(), out.toString());
    assertEquals("1.0.0", j.get("from").asText());
    assertEquals("1.1.0", j.get("to").asText());
    assertEquals(Optional.of("1.1.0"), home.currentVersion());
    assertTrue(Files.isExecutable(home.current().resolve("bin/greet")));
    assertEquals(
        java.util.Set.of("1.0.0", "1.1.0"),
        java.util.Set.copyOf(home.installedVersions()),
        "the running 1.0.0 is kept");
  }
}
