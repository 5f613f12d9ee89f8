package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.UpdateResult.Status;
import dev.hoist.engine.internal.app.AppDescriptor;
import dev.hoist.engine.internal.version.Platform;
import dev.hoist.engine.internal.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of docs/apps.md against the real Maven Central: Hoist installs Apache Maven
 * from {@code docs/examples/mvn.json}, then updates it to the newest release, and the {@code mvn}
 * on PATH answers with it. Excluded by default; run with {@code ./mvnw test -Dhoist.live=true
 * -Dtest=LiveAppTest}.
 */
@Tag("live")
class LiveAppTest {
  @TempDir Path tmp;

  @Test
  void apacheMavenFromMavenCentral_isInstalledThenUpdated() throws Exception {
    Platform linux = Platform.of("Linux", "amd64");
    AppDescriptor d =
        AppDescriptor.read(Path.of("docs/examples/mvn.json"), tmp.resolve("user"), linux);
    Path link = tmp.resolve("bin/mvn");
    UpdateEngine engine =
        UpdateEngine.builder()
            .app(App.of(d.app()))
            .managedHome(tmp.resolve("apps/mvn"))
            .pathLink(link)
            .platform("Linux", "amd64")
            .smokeTestEnvironment(Map.of("JAVA_HOME", System.getProperty("java.home")))
            .smokeTestTimeout(Duration.ofSeconds(120))
            .build();
    UpdateRequest request = UpdateRequest.to(java.net.URI.create(d.registry()));

    UpdateResult first = engine.update(request.withPinned("3.9.8"));
    assertEquals(Status.UPDATED, first.status(), first.message());
    assertEquals("installed mvn 3.9.8", first.message());

    UpdateResult latest = engine.update(request);
    assertEquals(Status.UPDATED, latest.status(), latest.message());
    assertTrue(Version.maven(latest.to()).isNewerThan(Version.maven("3.9.8")), latest.to());
    // Whatever the metadata lists beyond it was passed over because it is not published.
    for (String w : latest.warnings()) assertTrue(w.contains("is not published"), w);

    UpdateResult again = engine.update(request);
    assertEquals(Status.UP_TO_DATE, again.status(), again.message());

    ProcessBuilder pb = new ProcessBuilder(link.toString(), "--version").redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.startsWith("Apache Maven " + latest.to()), out);
    assertTrue(Files.isSymbolicLink(link));
  }

  /**
   * Three npm CLIs (issue 13, item 4), from the real npm registry: an older version pinned, then
   * the newest, each with its dependencies installed by the machine's npm into the staged copy
   * before its smoke test (uglify-js has none, and a bin without its execute bit), and the command
   * on PATH runs.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "cowsay, 1.5.0, cowsay, 'moo'",
    "http-server, 14.1.0, http-server, 'usage: http-server'",
    // No dependencies, and its bin is published without the execute bit.
    "uglifyjs, 3.19.2, uglifyjs, 'Usage: uglifyjs'",
    // Its native build is a platform package npm picks among its optionalDependencies; its
    // postinstall checks it.
    "esbuild, 0.24.0, esbuild, 'Usage:'"
  })
  void npmCli_isInstalledAsNpmInstallsIt_thenUpdated(
      String name, String older, String command, String helpSays) throws Exception {
    Platform linux = Platform.of("Linux", "amd64");
    AppDescriptor d =
        AppDescriptor.read(Path.of("docs/examples/" + name + ".json"), tmp.resolve("user"), linux);
    Path link = tmp.resolve("bin/" + command);
    Map<String, String> env =
        Map.of(
            "HOME", Files.createDirectories(tmp.resolve("user")).toString(),
            "npm_config_cache", tmp.resolve("npm-cache").toString());
    UpdateEngine engine =
        UpdateEngine.builder()
            .app(App.of(d.app()))
            .managedHome(tmp.resolve("apps/" + name))
            .pathLink(link)
            .platform("Linux", "amd64")
            .smokeTestEnvironment(env)
            .smokeTestTimeout(Duration.ofSeconds(60))
            .npmScripts(d.npmScripts())
            .build();
    UpdateRequest request = UpdateRequest.to(java.net.URI.create(d.registry()));

    UpdateResult first = engine.update(request.withPinned(older));
    assertEquals(Status.UPDATED, first.status(), first.message());
    UpdateResult latest = engine.update(request);
    assertEquals(Status.UPDATED, latest.status(), latest.message());
    assertTrue(Version.parse(latest.to()).isNewerThan(Version.parse(older)), latest.to());
    assertEquals(Status.UP_TO_DATE, engine.update(request).status());

    Path installed = tmp.resolve("apps/" + name + "/current");
    if (!d.registry().equals("npm:uglify-js")) { // the one without dependencies
      assertTrue(Files.isDirectory(installed.resolve("node_modules")), "dependencies installed");
    }
    ProcessBuilder pb =
        new ProcessBuilder(link.toString(), command.equals("cowsay") ? "moo" : "--help")
            .redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains(helpSays), out);
  }
}
