package dev.hoist.engine.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.version.Version;
import dev.hoist.engine.testing.Releases;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestParserTest {
  private static final String SHA = "a".repeat(64);
  private final ManifestParser parser = new ManifestParser();

  private Manifest parse(String json) throws UpdateException {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void designExample_parses() throws Exception {
    Manifest m =
        parse(
            """
            { "schema": 1, "app": "hoist", "generated": "2026-11-22T10:00:00Z", "serial": 42,
              "expires": "2026-12-22T10:00:00Z",
              "channels": { "stable": "1.1.0", "beta": "1.2.0-beta.1" },
              "releases": [
                { "version": "1.1.0", "notes": "Fixes", "rollout": 50,
                  "assets": [ { "platform": "any", "url": "hoist-1.1.0.tar.gz",
                                "size": 1234567, "sha256": "%s" } ] },
                { "version": "1.2.0-beta.1",
                  "assets": [ { "platform": "linux-x64", "url": "b.tar.xz", "size": 1, "sha256": "%s" } ] }
              ],
              "futureField": { "ignored": true } }
            """
                .formatted(SHA, SHA));
    assertEquals("hoist", m.app());
    assertEquals(42, m.serial().getAsLong());
    assertEquals(Instant.parse("2026-12-22T10:00:00Z"), m.expires().orElseThrow());
    assertEquals(Version.parse("1.2.0-beta.1"), m.channels().get("beta"));
    Release r = m.release(Version.parse("1.1.0")).orElseThrow();
    assertEquals(50, r.rollout());
    assertEquals("hoist-1.1.0.tar.gz", r.assets().get(0).fileName());
    assertEquals(100, m.release(Version.parse("1.2.0-beta.1")).orElseThrow().rollout());
  }

  @Test
  void unknownSchema_isUnsupportedNotMalformed() {
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> parse("{\"schema\": 2, \"app\": \"x\", \"releases\": []}"));
    assertEquals(Reason.MANIFEST_SCHEMA_UNSUPPORTED, e.reason());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json | {oops",
        "array at top | []",
        "schema missing | {\"app\":\"x\",\"releases\":[]}",
        "schema string | {\"schema\":\"1\",\"app\":\"x\",\"releases\":[]}",
        "releases missing | {\"schema\":1,\"app\":\"x\"}",
        "bad version | {\"schema\":1,\"app\":\"x\",\"releases\":[{\"version\":\"v1\",\"assets\":[]}]}",
        "channel names unknown release | {\"schema\":1,\"app\":\"x\",\"channels\":{\"stable\":\"1.0.0\"},\"releases\":[]}",
        "bad sha | {\"schema\":1,\"app\":\"x\",\"releases\":[{\"version\":\"1.0.0\",\"assets\":[{\"platform\":\"any\",\"url\":\"a.tgz\",\"size\":1,\"sha256\":\"XYZ\"}]}]}",
        "negative size | {\"schema\":1,\"app\":\"x\",\"releases\":[{\"version\":\"1.0.0\",\"assets\":[{\"platform\":\"any\",\"url\":\"a.tgz\",\"size\":-1,\"sha256\":\"%SHA%\"}]}]}",
        "bad platform | {\"schema\":1,\"app\":\"x\",\"releases\":[{\"version\":\"1.0.0\",\"assets\":[{\"platform\":\"beos-ppc\",\"url\":\"a.tgz\",\"size\":1,\"sha256\":\"%SHA%\"}]}]}",
        "rollout over 100 | {\"schema\":1,\"app\":\"x\",\"releases\":[{\"version\":\"1.0.0\",\"rollout\":101,\"assets\":[]}]}",
        "bad expires | {\"schema\":1,\"app\":\"x\",\"expires\":\"tomorrow\",\"releases\":[]}",
      })
  void malformed_isRefusedWithReason(String name, String json) {
    UpdateException e =
        assertThrows(UpdateException.class, () -> parse(json.replace("%SHA%", SHA)));
    assertEquals(Reason.MANIFEST_INVALID, e.reason());
    assertTrue(e.getMessage().startsWith("malformed manifest: "), e.getMessage());
  }

  @Test
  void deeplyNestedJson_isRefusedNotOverflowing() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    UpdateException e = assertThrows(UpdateException.class, () -> parse(deep));
    assertEquals(Reason.MANIFEST_INVALID, e.reason());
  }

  @Test
  void builderManifest_roundTrips() throws Exception {
    String json =
        Releases.manifest()
            .channel("stable", "1.0.0")
            .release("1.0.0", "any", "x.tar.gz", 10, SHA)
            .json();
    assertEquals(1, parse(json).releases().size());
  }
}
