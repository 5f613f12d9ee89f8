package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry backend settings on the command line, and the trust level {@code status} reports. */
class RegistrySettingTest {
  @TempDir Path tmp;
  private final Map<String, String> vars = new HashMap<>();
  private String out;
  private String err;

  private int run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    Environment env =
        new Environment(
            vars,
            Optional.empty(),
            tmp.resolve("user"),
            "Linux",
            "amd64",
            Path.of(System.getProperty("java.home")),
            false);
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), env, Clock.systemUTC(), args);
    out = o.toString();
    err = e.toString();
    return code;
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
}
