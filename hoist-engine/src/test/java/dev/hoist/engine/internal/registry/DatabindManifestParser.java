package dev.hoist.engine.internal.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.version.Version;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The databind {@code ManifestParser} that the streaming one replaced, unchanged but for its name:
 * the oracle of {@code ManifestParserTest}'s differential test, which requires both to accept the
 * same manifests and refuse the others with the same reason and message.
 */
final class DatabindManifestParser {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern PLATFORM = Pattern.compile("any|(linux|macos|windows)-(x64|arm64)");

  private final ObjectMapper mapper;

  DatabindManifestParser(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * Parses and validates a manifest.
   *
   * @throws UpdateException {@code MANIFEST_INVALID} for malformed JSON or fields, {@code
   *     MANIFEST_SCHEMA_UNSUPPORTED} for a schema this client does not know
   */
  public Manifest parse(byte[] bytes) throws UpdateException {
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw invalid("not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw invalid("unreadable (" + e.getMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw invalid("the top level must be a JSON object");
    }
    JsonNode schema = root.get("schema");
    if (schema == null || !schema.canConvertToExactIntegral()) {
      throw invalid("'schema' must be an integer");
    }
    if (schema.asLong() != Manifest.SCHEMA) {
      throw new UpdateException(
          Reason.MANIFEST_SCHEMA_UNSUPPORTED,
          "manifest schema "
              + schema.asText()
              + " is not supported by this version of hoist (it reads schema "
              + Manifest.SCHEMA
              + "); update hoist by reinstalling it");
    }
    String app = text(root, "app", "app");
    OptionalLong serial = OptionalLong.empty();
    if (root.hasNonNull("serial")) {
      JsonNode s = root.get("serial");
      if (!s.canConvertToExactIntegral() || s.asLong() < 0) {
        throw invalid("'serial' must be a non-negative integer");
      }
      serial = OptionalLong.of(s.asLong());
    }
    Optional<Instant> expires =
        root.hasNonNull("expires")
            ? Optional.of(instant(root.get("expires"), "expires"))
            : Optional.empty();

    Map<String, Version> channels = new LinkedHashMap<>();
    JsonNode ch = root.get("channels");
    if (ch != null && !ch.isNull()) {
      if (!ch.isObject()) throw invalid("'channels' must be an object");
      for (var it = ch.properties().iterator(); it.hasNext(); ) {
        var e = it.next();
        channels.put(e.getKey(), version(e.getValue(), "channels." + e.getKey()));
      }
    }

    JsonNode rel = root.get("releases");
    if (rel == null || !rel.isArray()) throw invalid("'releases' must be an array");
    List<Release> releases = new ArrayList<>();
    for (int i = 0; i < rel.size(); i++) {
      releases.add(release(rel.get(i), "releases[" + i + "]"));
    }
    for (var e : channels.entrySet()) {
      if (releases.stream().noneMatch(r -> r.version().samePrecedence(e.getValue()))) {
        throw invalid(
            "channel '" + e.getKey() + "' names " + e.getValue() + ", which is not in 'releases'");
      }
    }
    return new Manifest(app, serial, expires, channels, releases);
  }

  private Release release(JsonNode node, String where) throws UpdateException {
    if (node == null || !node.isObject()) throw invalid("'" + where + "' must be an object");
    Version version = version(node.get("version"), where + ".version");
    String notes = node.hasNonNull("notes") ? node.get("notes").asText() : "";
    int rollout = 100;
    if (node.hasNonNull("rollout")) {
      JsonNode r = node.get("rollout");
      if (!r.canConvertToExactIntegral() || r.asInt() < 0 || r.asInt() > 100) {
        throw invalid("'" + where + ".rollout' must be an integer from 0 to 100");
      }
      rollout = r.asInt();
    }
    JsonNode assetsNode = node.get("assets");
    if (assetsNode == null || !assetsNode.isArray()) {
      throw invalid("'" + where + ".assets' must be an array");
    }
    List<Asset> assets = new ArrayList<>();
    for (int i = 0; i < assetsNode.size(); i++) {
      assets.add(asset(assetsNode.get(i), where + ".assets[" + i + "]"));
    }
    return new Release(version, notes, rollout, assets);
  }

  private Asset asset(JsonNode node, String where) throws UpdateException {
    if (node == null || !node.isObject()) throw invalid("'" + where + "' must be an object");
    String platform = text(node, "platform", where + ".platform");
    if (!PLATFORM.matcher(platform).matches()) {
      throw invalid("'" + where + ".platform' is '" + platform + "'; expected any or <os>-<arch>");
    }
    String url = text(node, "url", where + ".url");
    JsonNode size = node.get("size");
    if (size == null || !size.canConvertToExactIntegral() || size.asLong() <= 0) {
      throw invalid("'" + where + ".size' must be a positive integer");
    }
    String sha = text(node, "sha256", where + ".sha256");
    if (!SHA256.matcher(sha).matches()) {
      throw invalid("'" + where + ".sha256' must be 64 lower-case hex digits");
    }
    return new Asset(platform, url, size.asLong(), sha);
  }

  private static String text(JsonNode node, String field, String where) throws UpdateException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw invalid("'" + where + "' must be a non-empty string");
    }
    return v.asText();
  }

  private static Version version(JsonNode v, String where) throws UpdateException {
    if (v == null || !v.isTextual()) throw invalid("'" + where + "' must be a version string");
    try {
      return Version.parse(v.asText());
    } catch (IllegalArgumentException e) {
      throw invalid("'" + where + "': " + e.getMessage());
    }
  }

  private static Instant instant(JsonNode v, String where) throws UpdateException {
    try {
      return Instant.parse(v.asText());
    } catch (DateTimeParseException e) {
      throw invalid("'" + where + "' must be an RFC 3339 UTC time such as 2026-12-22T10:00:00Z");
    }
  }

  private static UpdateException invalid(String detail) {
    return new UpdateException(Reason.MANIFEST_INVALID, "malformed manifest: " + detail);
  }
}
