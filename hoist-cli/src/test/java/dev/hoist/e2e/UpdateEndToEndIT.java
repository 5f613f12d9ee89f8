package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.e2e.Distributions.Duration;
import dev.hoist.e2e.Distributions.Run;
import dev.hoist.engine.testing.Releases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a user meets it: two real distributions built by {@code packaging/build.sh}, the
 * first installed with {@code self install}, a manifest served over loopback HTTP, an update
 * through the real launcher in a child process, then a rollback.
 */
class UpdateEndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path tmp;

  /** Serves files from {@code dir}, answering conditional manifest requests with 304. */
  private void serve(Path dir) {
    server.setDispatcher(new DirectoryDispatcher(dir));
  }

  @Test
  void installUpdateAndRollBack_throughTheRealLauncher() throws Exception {
    Path registry = Files.createDirectories(tmp.resolve("registry"));
    Path v1 = Distributions.build("1.0.0", registry);
    Path v2 = Distributions.build("1.1.0", registry);
    Releases.manifest()
        .channel("stable", "1.1.0")
        .release("1.0.0", v1)
        .release("1.1.0", v2)
        .writeTo(registry.resolve("manifest.json"));
    serve(registry);
    String manifestUrl = server.url("/manifest.json").toString();

    Path home = tmp.resolve("home");
    Path bin = tmp.resolve("bin");
    Path extracted = Distributions.extract(v1, tmp.resolve("download"), "1.0.0");
    String hoist = Distributions.selfInstall(extracted, home, bin).toString();
    Map<String, String> env = Map.of("HOIST_REGISTRY", manifestUrl);

    Run version = Distributions.run(tmp, env, Duration.COMMAND, hoist, "--version");
    assertEquals("hoist 1.0.0", version.out().strip(), version.describe());

    Run update = Distributions.run(tmp, env, Duration.COMMAND, hoist, "update", "--json");
    assertEquals(0, update.code(), update.describe());
    JsonNode result = JSON.readTree(update.out());
    assertEquals("updated", result.get("status").asText(), update.describe());
    assertEquals("1.0.0", result.get("from").asText());
    assertEquals("1.1.0", result.get("to").asText());

    Run after = Distributions.run(tmp, env, Duration.COMMAND, hoist, "--version");
    assertEquals("hoist 1.1.0", after.out().strip(), after.describe());
    assertEquals(Path.of("versions", "1.1.0"), Files.readSymbolicLink(home.resolve("current")));
    try (var s = Files.list(home.resolve("staging"))) {
      assertEquals(0, s.count(), "staging is empty");
    }
    assertFalse(Files.exists(home.resolve("state/update.lock")));

    // The no-op path: a conditional request answered 304, nothing installed, exit 0.
    Run again = Distributions.run(tmp, env, Duration.COMMAND, hoist, "update", "--json");
    assertEquals("up-to-date", JSON.readTree(again.out()).get("status").asText(), again.describe());
    RecordedRequest last = null;
    for (RecordedRequest r; (r = server.takeRequest(1, TimeUnit.SECONDS)) != null; ) last = r;
    assertTrue(last != null && last.getHeaders().get("If-None-Match") != null);

    Run back = Distributions.run(tmp, env, Duration.COMMAND, hoist, "rollback", "--json");
    assertEquals(0, back.code(), back.describe());
    assertEquals("rolled-back", JSON.readTree(back.out()).get("status").asText());
    Run rolled = Distributions.run(tmp, env, Duration.COMMAND, hoist, "--version");
    assertEquals("hoist 1.0.0", rolled.out().strip(), rolled.describe());

    Run status = Distributions.run(tmp, env, Duration.COMMAND, hoist, "status", "--json");
    JsonNode s = JSON.readTree(status.out());
    assertEquals("1.0.0", s.get("current").asText(), status.describe());
    assertEquals("1.1.0", s.get("previous").asText());
  }
}
