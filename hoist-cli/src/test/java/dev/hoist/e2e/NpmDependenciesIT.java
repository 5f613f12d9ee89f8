package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.e2e.Distributions.Duration;
import dev.hoist.e2e.Distributions.Run;
import dev.hoist.engine.internal.extract.ArchiveBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safe {@code npm install -g} (issue 13, item 4), through the installed {@code hoist} and real
 * processes: an npm package with a dependency, from a loopback npm registry, its dependencies
 * installed by an {@code npm} on PATH (a script that records each call and can be made to hang).
 * The operation whose concurrent runs broke {@code npm install -g} in the reports behind Hoist:
 * here racing runs install once, and a kill while npm works leaves the old version on PATH.
 */
class NpmDependenciesIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path tmp;
  private InstalledHoist installed;
  private String hoist;
  private Path descriptor;
  private Path bin;
  private Path appHome;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    installed = InstalledHoist.create(tmp);
    hoist = InstalledHoist.launcher(installed.freshHome(tmp.resolve("hoist-home")));
    server.setDispatcher(new DirectoryDispatcher(tmp));
    bin = tmp.resolve("bin");
    appHome = tmp.resolve("apps/tool");
    descriptor =
        Files.writeString(
            tmp.resolve("tool.json"),
            "{\"name\": \"tool\", \"registry\": \"npm:tool?registry="
                + server.url("/npm/")
                + "\", \"launcher\": \"bin/tool\", \"version\": {\"pattern\": \"^tool (\\\\S+)\"},"
                + " \"home\": \"apps/tool\", \"binDir\": \"bin\"}\n");
    Path fakeBin = Files.createDirectories(tmp.resolve("fake-bin"));
    Path npm = fakeBin.resolve("npm");
    // Records "<verb>" per call; with npm-slow present it says so and hangs, as a stalled
    // registry would; else it places the one dependency as npm would.
    Files.writeString(
        npm,
        "#!/bin/sh\n"
            + "echo \"$1\" >> "
            + tmp.resolve("npm-calls.log")
            + "\nif [ -e "
            + tmp.resolve("npm-slow")
            + " ]; then echo $$ > "
            + tmp.resolve("npm-started")
            + "; exec sleep 600; fi\n"
            + "mkdir -p node_modules/dep && echo '{}' > node_modules/dep/package.json\n");
    Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
    env = new HashMap<>(installed.env());
    env.put("PATH", fakeBin + ":" + System.getenv("PATH"));
    env.put("HOME", Files.createDirectories(tmp.resolve("user")).toString());
  }

  /** Publishes {@code tool} at {@code versions}, the last as latest; bins without their +x bit. */
  private void publish(String... versions) throws Exception {
    // Tarballs beside, not under, the document (a file cannot also be a directory here).
    Path dir = Files.createDirectories(tmp.resolve("tarballs"));
    StringBuilder listed = new StringBuilder();
    for (String v : versions) {
      Path tgz = npmPackage(v).write(dir.resolve("tool-" + v + ".tgz"));
      String sri =
          "sha512-"
              + Base64.getEncoder()
                  .encodeToString(
                      java.security.MessageDigest.getInstance("SHA-512")
                          .digest(Files.readAllBytes(tgz)));
      if (listed.length() > 0) listed.append(",");
      listed
          .append("\"")
          .append(v)
          .append("\": {\"name\": \"tool\", \"version\": \"")
          .append(v)
          .append("\", \"dependencies\": {\"dep\": \"1.0.0\"}, \"dist\": {\"tarball\": \"")
          .append(server.url("/tarballs/tool-" + v + ".tgz"))
          .append("\", \"integrity\": \"")
          .append(sri)
          .append("\"}}");
    }
    Files.writeString(
        Files.createDirectories(tmp.resolve("npm")).resolve("tool"),
        "{\"name\": \"tool\", \"dist-tags\": {\"latest\": \""
            + versions[versions.length - 1]
            + "\"}, \"versions\": {"
            + listed
            + "}}");
  }

  /** The package as npm pack would make it; its launcher fails without its dependency. */
  private static ArchiveBuilder npmPackage(String v) {
    return new ArchiveBuilder()
        .file(
            "package/package.json",
            "{\"name\": \"tool\", \"version\": \""
                + v
                + "\", \"bin\": {\"tool\": \"bin/tool\"}, \"dependencies\": {\"dep\": \"1.0.0\"}}")
        .file(
            "package/bin/tool",
            "#!/bin/sh\n[ -f \"$(dirname \"$(readlink -f \"$0\")\")/../node_modules/dep/package.json\" ]"
                + " || exit 3\n"
                + "echo \"tool "
                + v
                + "\"\n",
            0644);
  }

  private Run hoist(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(hoist));
    cmd.addAll(List.of(args));
    return Distributions.run(tmp, env, Duration.COMMAND, cmd.toArray(String[]::new));
  }

  private String tool() throws Exception {
    Run r = Distributions.run(tmp, env, Duration.COMMAND, bin.resolve("tool").toString());
    assertEquals(0, r.code(), r.describe());
    return r.out().strip();
  }

  private long npmInstalls() throws Exception {
    Path log = tmp.resolve("npm-calls.log");
    return Files.exists(log)
        ? Files.readAllLines(log).stream().filter(l -> l.equals("install")).count()
        : 0;
  }

  @Test
  void racingUpdates_runNpmOnce_andTheToolRunsWithItsDependency() throws Exception {
    publish("1.0.0");
    Run first = hoist("update", "--app", descriptor.toString());
    assertEquals(0, first.code(), first.describe());
    assertEquals("tool 1.0.0", tool());
    assertEquals(1, npmInstalls());

    publish("1.0.0", "1.1.0");
    Distributions.raceOneUpdates(
        6, () -> hoist("update", "--app", descriptor.toString(), "--json"));
    assertEquals(2, npmInstalls(), "npm ran once for 1.1.0, under the lock");
    assertEquals("tool 1.1.0", tool());
    assertEquals(List.of(), InstalledHoist.orphans(appHome), "nothing left behind");
  }

  @Test
  void aKillWhileNpmWorks_leavesTheOldVersionOnPath_andTheNextUpdateConverges() throws Exception {
    publish("1.0.0");
    assertEquals(0, hoist("update", "--app", descriptor.toString()).code());
    publish("1.0.0", "1.1.0");
    Files.createFile(tmp.resolve("npm-slow"));

    Process p =
        Distributions.process(env, hoist, "update", "--app", descriptor.toString())
            .directory(tmp.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    Path started = tmp.resolve("npm-started");
    try (java.nio.file.WatchService watch = tmp.getFileSystem().newWatchService()) {
      tmp.register(
          watch,
          java.nio.file.StandardWatchEventKinds.ENTRY_CREATE,
          java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!Files.exists(started) || Files.readString(started).isBlank()) {
        assertTrue(p.isAlive(), "hoist still runs");
        long left = deadline - System.nanoTime();
        assertTrue(left > 0, "npm was started");
        java.nio.file.WatchKey key =
            watch.poll(Math.min(left, 1_000_000_000L), TimeUnit.NANOSECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    }
    p.toHandle()
        .descendants()
        .filter(h -> h.info().command().orElse("").endsWith("java"))
        .forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly(); // SIGKILL, as a closed terminal or the OOM killer would
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    long npmPid = Long.parseLong(Files.readString(started).strip());
    assertEquals("tool 1.0.0", tool(), "the old version is still on PATH, whole");
    // npm outlives its killed parent (nothing can stop that); it is left to finish or die.
    ProcessHandle.of(npmPid).ifPresent(ProcessHandle::destroyForcibly);

    Files.delete(tmp.resolve("npm-slow"));
    Run next = hoist("update", "--app", descriptor.toString(), "--json");
    assertEquals(0, next.code(), next.describe());
    JsonNode j = JSON.readTree(next.out());
    assertEquals("updated", j.get("status").asText(), next.out());
    assertEquals("tool 1.1.0", tool());
    assertEquals(List.of(), InstalledHoist.orphans(appHome), "the killed run's staging swept");
  }
}
