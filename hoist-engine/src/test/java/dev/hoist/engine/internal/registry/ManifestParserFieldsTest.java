package dev.hoist.engine.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.version.Version;
import dev.hoist.engine.testing.Releases;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming {@link ManifestParser}: every field it reads, every way it refuses a manifest with
 * its exact message, and a differential check against the databind parser it replaced ({@link
 * DatabindManifestParser}) over documents chosen for the corners where the two could differ.
 */
class ManifestParserFieldsTest {
  private static final String SHA = "0123456789abcdef".repeat(4);
  private static final String ASSET =
      "{\"platform\":\"any\",\"url\":\"a.tgz\",\"size\":7,\"sha256\":\"" + SHA + "\"}";
  private static final String RELEASE = "{\"version\":\"1.0.0\",\"assets\":[" + ASSET + "]}";
  private static final String VALID =
      "{\"schema\":1,\"app\":\"x\",\"channels\":{\"stable\":\"1.0.0\"},\"releases\":["
          + RELEASE
          + "]}";

  private final ManifestParser parser = new ManifestParser();

  private Manifest parse(String json) throws UpdateException {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyField_isRead() throws Exception {
    Manifest m =
        parse(
            """
            {"schema":1,"app":"tool","serial":7,"expires":"2030-01-02T03:04:05Z",
             "channels":{"stable":"1.0.0","beta":"2.0.0-rc.1"},
             "releases":[
               {"version":"1.0.0","notes":"first","rollout":25,
                "assets":[{"platform":"linux-arm64","url":"https://h/t-1.tar.xz","size":123,
                           "sha256":"%s"},
                          {"platform":"any","url":"t-1.zip","size":9,"sha256":"%s"}]},
               {"version":"2.0.0-rc.1","assets":[]}]}
            """
                .formatted(SHA, "f".repeat(64)));
    assertEquals("tool", m.app());
    assertEquals(7, m.serial().getAsLong());
    assertEquals(Instant.parse("2030-01-02T03:04:05Z"), m.expires().orElseThrow());
    assertEquals(
        Map.of("stable", Version.parse("1.0.0"), "beta", Version.parse("2.0.0-rc.1")),
        m.channels());
    assertEquals(2, m.releases().size());
    Release first = m.releases().get(0);
    assertEquals(Version.parse("1.0.0"), first.version());
    assertEquals("first", first.notes());
    assertEquals(25, first.rollout());
    assertEquals(
        List.of(
            new Asset("linux-arm64", "https://h/t-1.tar.xz", 123, SHA),
            new Asset("any", "t-1.zip", 9, "f".repeat(64))),
        first.assets());
    Release second = m.releases().get(1);
    assertEquals("", second.notes());
    assertEquals(100, second.rollout());
    assertTrue(second.assets().isEmpty());
  }

  @Test
  void optionalFields_absentOrNull_takeTheirDefaults() throws Exception {
    Manifest m =
        parse(
            "{\"schema\":1,\"app\":\"x\",\"serial\":null,\"expires\":null,\"channels\":null,"
                + "\"releases\":[{\"version\":\"1.0.0\",\"notes\":null,\"rollout\":null,"
                + "\"assets\":[]}]}");
    assertTrue(m.serial().isEmpty());
    assertTrue(m.expires().isEmpty());
    assertTrue(m.channels().isEmpty());
    assertEquals("", m.releases().get(0).notes());
    assertEquals(100, m.releases().get(0).rollout());
  }

  @Test
  void integralDoubles_countAsIntegers() throws Exception {
    Manifest m =
        parse(
            VALID.replace("\"schema\":1", "\"schema\":1.0").replace("\"size\":7", "\"size\":7e0"));
    assertEquals(7, m.releases().get(0).assets().get(0).size());
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        refused("{\"schema\":1,", "not valid JSON (Unexpected end-of-input"),
        refused("[]", "the top level must be a JSON object"),
        refused("", "the top level must be a JSON object"),
        refused("null", "the top level must be a JSON object"),
        refused("\"text\"", "the top level must be a JSON object"),
        refused(VALID.replace("\"schema\":1,", ""), "'schema' must be an integer"),
        refused(VALID.replace("\"schema\":1", "\"schema\":1.5"), "'schema' must be an integer"),
        refused(VALID.replace("\"schema\":1", "\"schema\":null"), "'schema' must be an integer"),
        refused(
            VALID.replace("\"app\":\"x\"", "\"app\":\" \""), "'app' must be a non-empty string"),
        refused(VALID.replace("\"app\":\"x\"", "\"app\":3"), "'app' must be a non-empty string"),
        refused(
            VALID.replace("\"app\":\"x\"", "\"app\":\"x\",\"serial\":-1"),
            "'serial' must be a non-negative integer"),
        refused(
            VALID.replace("\"app\":\"x\"", "\"app\":\"x\",\"serial\":\"5\""),
            "'serial' must be a non-negative integer"),
        refused(
            VALID.replace("\"app\":\"x\"", "\"app\":\"x\",\"expires\":\"2030-01-01\""),
            "'expires' must be an RFC 3339 UTC time such as 2026-12-22T10:00:00Z"),
        refused(
            VALID.replace("\"app\":\"x\"", "\"app\":\"x\",\"expires\":{}"),
            "'expires' must be an RFC 3339 UTC time such as 2026-12-22T10:00:00Z"),
        refused(VALID.replace("{\"stable\":\"1.0.0\"}", "[]"), "'channels' must be an object"),
        refused(
            VALID.replace("{\"stable\":\"1.0.0\"}", "{\"stable\":1}"),
            "'channels.stable' must be a version string"),
        refused(
            VALID.replace("{\"stable\":\"1.0.0\"}", "{\"stable\":\"one\"}"), "'channels.stable': "),
        refused(
            VALID.replace("{\"stable\":\"1.0.0\"}", "{\"stable\":\"2.0.0\"}"),
            "channel 'stable' names 2.0.0, which is not in 'releases'"),
        refused(VALID.replace("[" + RELEASE + "]", "{}"), "'releases' must be an array"),
        refused(
            VALID
                .replace("\"releases\"", "\"other\"")
                .replace("\"channels\":{\"stable\":\"1.0.0\"},", ""),
            "'releases' must be an array"),
        refused(VALID.replace(RELEASE, "null"), "'releases[0]' must be an object"),
        refused(
            VALID.replace("\"version\":\"1.0.0\"", "\"version\":1"),
            "'releases[0].version' must be a version string"),
        refused(
            VALID.replace("\"version\":\"1.0.0\"", "\"version\":\"v1\""),
            "'releases[0].version': "),
        refused(
            VALID.replace("\"version\":\"1.0.0\",", "\"version\":\"1.0.0\",\"rollout\":-1,"),
            "'releases[0].rollout' must be an integer from 0 to 100"),
        refused(
            VALID.replace("\"version\":\"1.0.0\",", "\"version\":\"1.0.0\",\"rollout\":\"50\","),
            "'releases[0].rollout' must be an integer from 0 to 100"),
        refused(
            VALID.replace("\"assets\":[" + ASSET + "]", "\"assets\":{}"),
            "'releases[0].assets' must be an array"),
        refused(VALID.replace(ASSET, "7"), "'releases[0].assets[0]' must be an object"),
        refused(
            VALID.replace("\"platform\":\"any\",", ""),
            "'releases[0].assets[0].platform' must be a non-empty string"),
        refused(
            VALID.replace("\"platform\":\"any\"", "\"platform\":\"linux-x86\""),
            "'releases[0].assets[0].platform' is 'linux-x86'; expected any or <os>-<arch>"),
        refused(
            VALID.replace("\"url\":\"a.tgz\"", "\"url\":\"\""),
            "'releases[0].assets[0].url' must be a non-empty string"),
        refused(
            VALID.replace("\"size\":7", "\"size\":0"),
            "'releases[0].assets[0].size' must be a positive integer"),
        refused(
            VALID.replace("\"size\":7", "\"size\":7.5"),
            "'releases[0].assets[0].size' must be a positive integer"),
        refused(
            VALID.replace("\"sha256\":\"" + SHA + "\"", "\"sha256\":[]"),
            "'releases[0].assets[0].sha256' must be a non-empty string"),
        refused(
            VALID.replace(SHA, SHA.toUpperCase(java.util.Locale.ROOT)),
            "'releases[0].assets[0].sha256' must be 64 lower-case hex digits"));
  }

  private static Arguments refused(String json, String detail) {
    return Arguments.of(json, detail);
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void refusal_namesTheField(String json, String detail) {
    UpdateException e = assertThrows(UpdateException.class, () -> parse(json));
    assertEquals(Reason.MANIFEST_INVALID, e.reason());
    assertTrue(
        e.getMessage().startsWith("malformed manifest: " + detail),
        () -> "expected '" + detail + "', got: " + e.getMessage());
  }

  @Test
  void unknownSchema_sayWhichAndWhatIsRead() {
    UpdateException e =
        assertThrows(
            UpdateException.class, () -> parse(VALID.replace("\"schema\":1", "\"schema\":3")));
    assertEquals(Reason.MANIFEST_SCHEMA_UNSUPPORTED, e.reason());
    assertEquals(
        "manifest schema 3 is not supported by this version of hoist (it reads schema 1); update"
            + " hoist by reinstalling it",
        e.getMessage());
  }

  @Test
  void invalidUtf8_isNotValidJson() {
    byte[] bytes = VALID.getBytes(StandardCharsets.UTF_8);
    bytes[VALID.indexOf("\"x\"") + 1] = (byte) 0xC3; // a lead byte without its continuation
    UpdateException e = assertThrows(UpdateException.class, () -> parser.parse(bytes));
    assertEquals(Reason.MANIFEST_INVALID, e.reason());
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }

  /** Documents where a hand-written reader could part from databind's tree semantics. */
  static Stream<byte[]> corners() {
    List<String> docs = new ArrayList<>();
    docs.add(VALID);
    docs.add("  \n\t ");
    docs.add("{}");
    docs.add("7");
    docs.add(VALID.replace("\"schema\":1", "\"schema\":1e0"));
    docs.add(VALID.replace("\"schema\":1", "\"schema\":1e400")); // infinite
    docs.add(VALID.replace("\"schema\":1", "\"schema\":-0"));
    docs.add(VALID.replace("\"schema\":1", "\"schema\":true"));
    docs.add(VALID.replace("\"schema\":1", "\"schema\":2.0"));
    docs.add(VALID.replace("\"schema\":1", "\"schema\":" + "9".repeat(1200))); // number limit
    docs.add(VALID.replace("\"app\":\"x\"", "\"app\":\"x\",\"serial\":9223372036854775808"));
    docs.add(VALID.replace("\"app\":\"x\"", "\"app\":\"x\",\"serial\":3.0"));
    docs.add(VALID.replace("\"app\":\"x\"", "\"app\":\"x\",\"serial\":false"));
    docs.add(VALID.replace("\"app\":\"x\"", "\"app\":\"x\",\"expires\":20300101"));
    docs.add(
        VALID.replace("\"app\":\"x\"", "\"app\":\"x\",\"expires\":\"2030-01-01T00:00:00+02:00\""));
    docs.add(VALID.replace("\"app\":\"x\"", "\"app\":\"\\u0078\""));
    docs.add(VALID.replace("\"version\":\"1.0.0\",", "\"version\":\"1.0.0\",\"notes\":12.5,"));
    docs.add(VALID.replace("\"version\":\"1.0.0\",", "\"version\":\"1.0.0\",\"notes\":{\"a\":1},"));
    docs.add(VALID.replace("\"version\":\"1.0.0\",", "\"version\":\"1.0.0\",\"notes\":false,"));
    docs.add(VALID.replace("\"version\":\"1.0.0\",", "\"version\":\"1.0.0\",\"rollout\":100.0,"));
    docs.add(VALID.replace("\"version\":\"1.0.0\",", "\"version\":\"1.0.0\",\"rollout\":1e10,"));
    docs.add(VALID.replace("\"size\":7", "\"size\":9.007199254740993E15"));
    docs.add(VALID.replace("\"size\":7", "\"size\":null"));
    docs.add(VALID.replace("\"version\":\"1.0.0\"", "\"version\":\"1.0.0+build\""));
    docs.add(
        VALID
            .replace("\"futureField\"", "\"x\"")
            .replace("\"app\":\"x\"", "\"app\":\"x\",\"future\":[[{\"deep\":[1,{}]}]]"));
    docs.add(
        "{\"schema\":1,\"app\":\"x\",\"releases\":[" + "[".repeat(5000) + "]".repeat(5000) + "]}");
    docs.add("[".repeat(1001) + "]".repeat(1001));
    docs.add("{\"a\":" + "{\"a\":".repeat(999) + "1" + "}".repeat(1000));
    docs.add("{'schema':1}");
    docs.add("{\"schema\":1 /* comment */}");
    docs.add("{\"schema\":NaN}");
    docs.add("\uFEFF" + VALID); // a byte order mark
    List<byte[]> out = new ArrayList<>();
    for (String d : docs) out.add(d.getBytes(StandardCharsets.UTF_8));
    out.add(VALID.getBytes(StandardCharsets.UTF_16BE));
    out.add(VALID.getBytes(StandardCharsets.UTF_16LE));
    out.add(VALID.getBytes(java.nio.charset.Charset.forName("UTF-32BE")));
    out.add(new byte[] {0, 0, 0, '{', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}); // bad UTF-32
    out.add(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{'}); // a UTF-16 BOM, then cut short
    return out.stream();
  }

  /**
   * Where this parser is stricter than the databind one it replaced (whose other outcomes it keeps,
   * below): content after the manifest, and numbers a {@code long} cannot hold, which databind read
   * wrapped (a rollout of 4294967346 as 50, a schema of 2^64 + 1 as 1, a size of 2^64 + 7 as 7).
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "\" trailing\"|not valid JSON (",
        "{|not valid JSON (trailing content after the JSON value)",
        "schema:18446744073709551617|manifest schema 18446744073709551617 is not supported",
        "rollout:4294967346|'releases[0].rollout' must be an integer from 0 to 100",
        "size:18446744073709551623|'releases[0].assets[0].size' must be a positive integer",
        "serial:9223372036854775808|'serial' must be a non-negative integer",
      })
  void outOfRangeNumbersAndTrailingContent_areRefused(String change, String message) {
    String json;
    if (change.startsWith("schema:")) {
      json = VALID.replace("\"schema\":1", "\"schema\":" + change.substring(7));
    } else if (change.startsWith("rollout:")) {
      json =
          VALID.replace(
              "\"version\":\"1.0.0\",",
              "\"version\":\"1.0.0\",\"rollout\":" + change.substring(8) + ",");
    } else if (change.startsWith("size:")) {
      json = VALID.replace("\"size\":7", "\"size\":" + change.substring(5));
    } else if (change.startsWith("serial:")) {
      json = VALID.replace("\"app\":\"x\"", "\"app\":\"x\",\"serial\":" + change.substring(7));
    } else {
      json = VALID + change;
    }
    UpdateException e = assertThrows(UpdateException.class, () -> parse(json));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  /**
   * Stricter than databind, whose tree let the last of two equal keys win: a manifest whose meaning
   * depends on its reader is refused, and so is one that lists a version twice.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"schema\":1,\"schema\":2,\"app\":\"x\",\"releases\":[]}",
        "{\"schema\":1,\"app\":\"x\",\"channels\":{\"stable\":\"1.0.0\",\"stable\":\"2.0.0\"},"
            + "\"releases\":[]}",
      })
  void aKeyTwiceInOneObject_isRefused(String json) {
    UpdateException e = assertThrows(UpdateException.class, () -> parse(json));
    assertEquals(Reason.MANIFEST_INVALID, e.reason());
    assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
  }

  @Test
  void aVersionListedTwice_isRefused() {
    String twice =
        Releases.manifest()
            .release("1.0.0", "any", "a.tar.gz", 1, SHA)
            .release("1.0.0+build.2", "any", "b.tar.gz", 1, SHA)
            .json();
    UpdateException e = assertThrows(UpdateException.class, () -> parse(twice));
    assertEquals(Reason.MANIFEST_INVALID, e.reason());
    assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("corners")
  void sameOutcomeAsTheDatabindParser(byte[] json) {
    Object expected = outcome(() -> new DatabindManifestParser(new ObjectMapper()).parse(json));
    Object actual = outcome(() -> parser.parse(json));
    assertEquals(expected, actual, new String(json, StandardCharsets.UTF_8));
  }

  @Test
  void differentialCorpus_coversBothOutcomes() {
    List<Object> outcomes = corners().map(j -> outcome(() -> parser.parse(j))).toList();
    assertTrue(outcomes.stream().anyMatch(o -> o instanceof Manifest), "some parse");
    assertTrue(outcomes.stream().anyMatch(o -> o instanceof String), "some are refused");
    assertFalse(outcomes.stream().allMatch(o -> o instanceof String), "not all refused");
  }

  private interface Parse {
    Manifest run() throws UpdateException;
  }

  /** The manifest, or the refusal's reason and message as one string. */
  private static Object outcome(Parse p) {
    try {
      return p.run();
    } catch (UpdateException e) {
      return e.reason() + ": " + e.getMessage();
    }
  }
}
