package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.e2e.Distributions.Duration;
import dev.hoist.e2e.Distributions.Run;
import dev.hoist.engine.testing.Releases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An installed Hoist keeping another tarball-distributed CLI up to date from a Maven repository
 * layout served over loopback HTTP, through the real launcher: the first install puts the command
 * on PATH, an update moves it, racing updates install it once, and a rollback moves it back.
 */
class AppIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path tmp;

  /**
   * Publishes greet {@code versions} as {@code org.example:greet:bin:tar.gz} with .sha512 files.
   */
  private void publish(Path repo, String... versions) throws Exception {
    Path dir = Files.createDirectories(repo.resolve("org/example/greet"));
    StringBuilder listed = new StringBuilder();
    for (String v : versions) {
      Path built =
          Releases.toolArchive(
              Files.createDirectories(tmp.resolve("build")), "greet", v, "greet version " + v);
      Path artifact = Files.createDirectories(dir.resolve(v)).resolve("greet-" + v + "-bin.tar.gz");
      Files.copy(built, artifact, StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(
          artifact.resolveSibling(artifact.getFileName() + ".sha512"), sha512(artifact) + "\n");
      listed.append("<version>").append(v).append("</version>");
    }
    Files.writeString(
        dir.resolve("maven-metadata.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata><groupId>org.example</groupId>"
            + "<artifactId>greet</artifactId><versioning><versions>"
            + listed
            + "</versions></versioning></metadata>\n");
  }

  private static String sha512(Path file) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file)));
  }

  private static String greet(Path bin) throws Exception {
    Run r = Distributions.run(bin, Map.of(), Duration.COMMAND, bin.resolve("greet").toString());
    assertEquals(0, r.code(), r.describe());
    return r.out().strip();
  }

  @Test
  void hoistKeepsAMavenPublishedTool_upToDate() throws Exception {
    InstalledHoist installed = InstalledHoist.create(tmp);
    Path hoistHome = installed.freshHome(tmp.resolve("hoist-home"));
    Path repo = Files.createDirectories(tmp.resolve("maven2"));
    server.setDispatcher(new DirectoryDispatcher(tmp));
    Path descriptor =
        Files.writeString(
            tmp.resolve("greet.json"),
            "{\"name\": \"greet\",\n"
                + " \"registry\": \"maven:org.example:greet:bin:tar.gz?repository="
                + server.url("/maven2/")
                + "\",\n"
                + " \"launcher\": \"bin/greet\",\n"
                + " \"version\": {\"pattern\": \"greet version (\\\\S+)\"},\n"
                + " \"home\": \"apps/greet\", \"binDir\": \"bin\"}\n");
    Path appHome = tmp.resolve("apps/greet");
    Path bin = tmp.resolve("bin");
    String hoist = InstalledHoist.launcher(hoistHome);

    publish(repo, "1.0.0");
    Run first = hoist(installed, hoist, "update", "--app", descriptor.toString());
    assertEquals(0, first.code(), first.describe());
    assertEquals("installed greet 1.0.0", first.out().lines().findFirst().orElse(""));
    assertEquals("greet 1.0.0 says hello", greet(bin));
    assertEquals(
        appHome.resolve("current/bin/greet"), Files.readSymbolicLink(bin.resolve("greet")));

    // A hook firing in several terminals at once: one installs, the rest skip or find it done.
    publish(repo, "1.0.0", "1.1.0");
    Distributions.raceOneUpdates(
        6, () -> hoist(installed, hoist, "update", "--app", descriptor.toString(), "--json"));
    assertEquals("greet 1.1.0 says hello", greet(bin));
    assertEquals(List.of(), InstalledHoist.orphans(appHome), "nothing left behind");

    Run status = hoist(installed, hoist, "status", "--app", descriptor.toString(), "--json");
    assertEquals(0, status.code(), status.describe());
    JsonNode s = JSON.readTree(status.out());
    assertEquals("1.1.0", s.get("current").asText());
    assertEquals("maven", s.get("registry").get("backend").asText());

    Run back = hoist(installed, hoist, "rollback", "--app", descriptor.toString());
    assertEquals(0, back.code(), back.describe());
    assertEquals("greet 1.0.0 says hello", greet(bin));

    // A detached run (the JVM path: the launcher's fast path knows no --app) updates it again.
    Run detached =
        hoist(installed, hoist, "update", "--app", descriptor.toString(), "--detach", "--json");
    assertEquals(0, detached.code(), detached.describe());
    long pid = JSON.readTree(detached.out()).get("pid").asLong();
    java.util.Optional<ProcessHandle> child = ProcessHandle.of(pid);
    if (child.isPresent()) child.get().onExit().get(300, TimeUnit.SECONDS);
    assertEquals("greet 1.1.0 says hello", greet(bin));
    Run history = hoist(installed, hoist, "history", "--app", descriptor.toString(), "--json");
    JsonNode last = JSON.readTree(history.out()).get("entries");
    assertEquals("detach", last.get(last.size() - 1).get("caller").asText(), history.out());
    assertEquals("updated", last.get(last.size() - 1).get("status").asText(), history.out());

    // Hoist's own home is untouched by all of this.
    assertEquals(
        Path.of("versions", "1.0.0"), Files.readSymbolicLink(hoistHome.resolve("current")));
    assertEquals(List.of(), InstalledHoist.orphans(hoistHome));
  }

  private Run hoist(InstalledHoist installed, String launcher, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher));
    cmd.addAll(List.of(args));
    return Distributions.run(tmp, installed.env(), Duration.COMMAND, cmd.toArray(String[]::new));
  }
}
