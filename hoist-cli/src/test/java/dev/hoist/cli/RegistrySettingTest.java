package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.testing.Releases;
import dev.hoist.picocli.internal.Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry backend settings on the command line, and the trust level {@code status} reports. */
class RegistrySettingTest {
  @TempDir Path tmp;
  private final Map<String, String> vars = new HashMap<>();
  private String out;
  private String err;

  private int run(String... args) {
    return run(Optional.empty(), args);
  }

  private int run(Optional<Path> installDir, String... args) {
    CliRun r = CliRun.of(vars, installDir, tmp.resolve("user"), Clock.systemUTC(), args);
    out = r.out();
    err = r.err();
    return r.code();
  }

  private JsonNode statusWith(String registry) throws Exception {
    vars.put("HOIST_REGISTRY", registry);
    assertEquals(0, run("status", "--json"), err);
    return new ObjectMapper().readTree(out).get("registry");
  }

  @Test
  void status_reportsTheBackendAndItsTrustLevel() throws Exception {
    JsonNode npm = statusWith("npm:@scope/tool");
    assertEquals("npm", npm.get("backend").asText());
    assertEquals("npm:@scope/tool", npm.get("setting").asText());
    assertTrue(npm.get("trust").asText().contains("sha512"), npm.toString());

    assertEquals(
        "maven", statusWith("maven:org.apache.maven:apache-maven:bin").get("backend").asText());
    assertTrue(statusWith("github:o/r").get("trust").asText().contains("SHA256SUMS"));
    JsonNode manifest = statusWith("https://example.com/hoist/manifest.json");
    assertEquals("manifest", manifest.get("backend").asText());
    assertTrue(manifest.get("trust").asText().startsWith("checksums from manifest"));
  }

  @Test
  void status_withoutARegistry_reportsNull() throws Exception {
    assertEquals(0, run("status", "--json"));
    assertTrue(new ObjectMapper().readTree(out).get("registry").isNull());
  }

  @Test
  void status_text_namesTheTrustLevel() {
    vars.put("HOIST_REGISTRY", "maven:g:a");
    assertEquals(0, run("status"));
    assertTrue(out.contains("registry: maven:g:a — trust: checksums from repository"), out);
  }

  @Test
  void malformedBackendSetting_isAUsageError() {
    assertEquals(2, run("update", "--check", "--registry", "maven:only-group"));
    assertTrue(err.contains("invalid registry 'maven:only-group'"), err);
    assertEquals(2, run("update", "--check", "--registry", "github:o/r?token=x"));
    assertTrue(err.contains("unknown option 'token'"), err);
  }

  @Test
  void backendSettings_areKeptAsWritten() throws Exception {
    String s = "npm:@scope/tool?registry=https://npm.example/";
    assertEquals(URI.create(s), Settings.toUri(s));
    assertEquals(URI.create("maven:g:a::zip"), Settings.toUri(" maven:g:a::zip "));
  }

  /** Installs a fake 1.0.0 into a home and returns the directory a launcher there would pass. */
  private Optional<Path> installed() throws Exception {
    Path dist =
        Releases.extracted(
            Releases.fakeDistribution(Files.createDirectories(tmp.resolve("dl")), "1.0.0"),
            Files.createDirectories(tmp.resolve("extracted")));
    Path home = tmp.resolve("home");
    assertEquals(
        0,
        run(
            Optional.of(dist),
            "self",
            "install",
            "--home",
            home.toString(),
            "--bin-dir",
            tmp.resolve("bin").toString()),
        err);
    return Optional.of(home.resolve("versions/1.0.0"));
  }

  private String authorizationSentWith(Map<String, String> env) throws Exception {
    Optional<Path> dir = installed();
    vars.putAll(env);
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(
          new MockResponse.Builder()
              .body(
                  "[{\"tag_name\":\"v1.1.0\",\"assets\":[{\"name\":\"hoist-1.1.0.tar.gz\","
                      + "\"size\":1,\"digest\":\"sha256:"
                      + "0".repeat(64)
                      + "\",\"browser_download_url\":\"https://example.com/h.tar.gz\"}]}]")
              .build());
      String setting = "github:acme/tool?api=" + server.url("/");
      assertEquals(0, run(dir, "update", "--check", "--json", "--registry", setting), err);
      assertTrue(out.contains("\"latest\":\"1.1.0\""), out);
      return server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization");
    }
  }

  @Test
  void githubToken_comesFromTheEnvironment_hoistsOwnVariableFirst() throws Exception {
    assertEquals(
        "Bearer mine",
        authorizationSentWith(Map.of("HOIST_GITHUB_TOKEN", "mine", "GITHUB_TOKEN", "ci")));
  }

  @Test
  void githubToken_fallsBackToGithubToken() throws Exception {
    assertEquals("Bearer ci", authorizationSentWith(Map.of("GITHUB_TOKEN", "ci")));
  }

  @Test
  void githubToken_absent_sendsNoAuthorization() throws Exception {
    assertNull(authorizationSentWith(Map.of()));
  }

  @Test
  void status_withPublisherKeys_saysSignedOrRefused() throws Exception {
    Path key = tmp.resolve("publisher.pub");
    Files.writeString(
        key,
        dev.hoist.engine.internal.trust.Ed25519.publicPem(
            dev.hoist.engine.internal.trust.Ed25519.generate().getPublic()));
    vars.put("HOIST_TRUSTED_KEYS", key.toString());
    assertTrue(
        statusWith("https://example.com/m.json")
            .get("trust")
            .asText()
            .startsWith("signed manifest"));
    assertTrue(statusWith("npm:tool").get("trust").asText().startsWith("refused"));
  }
}
