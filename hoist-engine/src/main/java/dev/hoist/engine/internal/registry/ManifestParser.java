package dev.hoist.engine.internal.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.json.JsonTree;
import dev.hoist.engine.internal.version.Version;
import java.io.IOException;
import java.math.BigInteger;
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
 * Turns manifest bytes into a {@link Manifest}, refusing anything that does not follow DESIGN §4
 * with a message that names the offending field. Unknown fields are ignored so that later schema
 * additions stay readable by older clients.
 *
 * <p>Reads with jackson-core's streaming parser ({@link JsonTree}), not databind: the no-op {@code
 * hoist update} parses the cached manifest and must not pay for databind's class loading. Whole
 * document first, then the fields, so that a syntax error anywhere wins over a field error, as with
 * the databind tree this replaced. Stateless and thread-safe.
 */
public final class ManifestParser {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern PLATFORM = Pattern.compile("any|(linux|macos|windows)-(x64|arm64)");

  public ManifestParser() {}

  /**
   * Kept for callers written against the databind parser; {@code mapper} is not used.
   *
   * @param mapper ignored
   */
  public ManifestParser(ObjectMapper mapper) {
    this();
  }

  /**
   * Parses and validates a manifest.
   *
   * @throws UpdateException {@code MANIFEST_INVALID} for malformed JSON or fields, {@code
   *     MANIFEST_SCHEMA_UNSUPPORTED} for a schema this client does not know
   */
  public Manifest parse(byte[] bytes) throws UpdateException {
    Object parsed;
    try {
      parsed = JsonTree.readDocument(bytes);
    } catch (JsonProcessingException e) {
      throw invalid("not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw invalid("unreadable (" + e.getMessage() + ")");
    }
    if (!(parsed instanceof Map<?, ?> root)) {
      throw invalid("the top level must be a JSON object");
    }
    Object schema = root.get("schema");
    if (!JsonTree.isIntegral(schema)) {
      throw invalid("'schema' must be an integer");
    }
    if (exactLong(schema).orElse(-1) != Manifest.SCHEMA) {
      throw new UpdateException(
          Reason.MANIFEST_SCHEMA_UNSUPPORTED,
          "manifest schema "
              + JsonTree.asText(schema)
              + " is not supported by this version of hoist (it reads schema "
              + Manifest.SCHEMA
              + "); update hoist by reinstalling it");
    }
    String app = text(root, "app", "app");
    OptionalLong serial = OptionalLong.empty();
    Object s = root.get("serial");
    if (s != null) {
      if (exactLong(s).orElse(-1) < 0) {
        throw invalid("'serial' must be a non-negative integer");
      }
      serial = exactLong(s);
    }
    Object e = root.get("expires");
    Optional<Instant> expires = e != null ? Optional.of(instant(e, "expires")) : Optional.empty();

    Map<String, Version> channels = new LinkedHashMap<>();
    Object ch = root.get("channels");
    if (ch != null) {
      if (!(ch instanceof Map<?, ?> chMap)) throw invalid("'channels' must be an object");
      for (Map.Entry<?, ?> c : chMap.entrySet()) {
        channels.put((String) c.getKey(), version(c.getValue(), "channels." + c.getKey()));
      }
    }

    if (!(root.get("releases") instanceof List<?> rel)) {
      throw invalid("'releases' must be an array");
    }
    List<Release> releases = new ArrayList<>();
    for (int i = 0; i < rel.size(); i++) {
      Release r = release(rel.get(i), "releases[" + i + "]");
      for (Release seen : releases) {
        if (seen.version().samePrecedence(r.version())) {
          throw invalid(
              "'releases["
                  + i
                  + "].version' "
                  + r.version()
                  + " is listed twice (as "
                  + seen.version()
                  + " too); which one is meant is ambiguous");
        }
      }
      releases.add(r);
    }
    for (var c : channels.entrySet()) {
      if (releases.stream().noneMatch(r -> r.version().samePrecedence(c.getValue()))) {
        throw invalid(
            "channel '" + c.getKey() + "' names " + c.getValue() + ", which is not in 'releases'");
      }
    }
    return new Manifest(app, serial, expires, channels, releases);
  }

  private Release release(Object value, String where) throws UpdateException {
    if (!(value instanceof Map<?, ?> node)) throw invalid("'" + where + "' must be an object");
    Version version = version(node.get("version"), where + ".version");
    Object n = node.get("notes");
    String notes = n != null ? JsonTree.asText(n) : "";
    int rollout = 100;
    Object r = node.get("rollout");
    if (r != null) {
      long percent = exactLong(r).orElse(-1);
      if (percent < 0 || percent > 100) {
        throw invalid("'" + where + ".rollout' must be an integer from 0 to 100");
      }
      rollout = (int) percent;
    }
    if (!(node.get("assets") instanceof List<?> assetsNode)) {
      throw invalid("'" + where + ".assets' must be an array");
    }
    List<Asset> assets = new ArrayList<>();
    for (int i = 0; i < assetsNode.size(); i++) {
      assets.add(asset(assetsNode.get(i), where + ".assets[" + i + "]"));
    }
    Object u = node.get("notesUrl");
    String notesUrl = "";
    if (u != null) {
      notesUrl = JsonTree.asText(u);
      if (!notesUrl.matches("https://[^\\s\\p{Cntrl}]+")) {
        throw invalid("'" + where + ".notesUrl' must be an https:// URL");
      }
    }
    return new Release(version, notes, rollout, assets, notesUrl);
  }

  private Asset asset(Object value, String where) throws UpdateException {
    if (!(value instanceof Map<?, ?> node)) throw invalid("'" + where + "' must be an object");
    String platform = text(node, "platform", where + ".platform");
    if (!PLATFORM.matcher(platform).matches()) {
      throw invalid("'" + where + ".platform' is '" + platform + "'; expected any or <os>-<arch>");
    }
    String url = text(node, "url", where + ".url");
    long bytes = size(node, where);
    String sha = sha256(node, where);
    Asset asset = new Asset(platform, url, bytes, sha);
    Object index = node.get("index");
    if (index == null) return asset;
    String at = where + ".index";
    if (!(index instanceof Map<?, ?> i)) throw invalid("'" + at + "' must be an object");
    long indexSize = size(i, at);
    String indexSha = sha256(i, at);
    return asset.withIndex(
        new Asset.Index(text(i, "url", at + ".url"), indexSize, indexSha, packs(i, at)));
  }

  private static List<Asset.Pack> packs(Map<?, ?> index, String at) throws UpdateException {
    Object value = index.get("packs");
    if (value == null) return List.of();
    if (!(value instanceof List<?> list)) throw invalid("'" + at + ".packs' must be an array");
    List<Asset.Pack> packs = new ArrayList<>();
    for (int n = 0; n < list.size(); n++) {
      String where = at + ".packs[" + n + "]";
      if (!(list.get(n) instanceof Map<?, ?> p)) throw invalid("'" + where + "' must be an object");
      long size = size(p, where);
      String sha = sha256(p, where);
      packs.add(
          new Asset.Pack(
              version(p.get("from"), where + ".from"), text(p, "url", where + ".url"), size, sha));
    }
    return packs;
  }

  /** The {@code size} of the file {@code node} describes: a positive integer. */
  private static long size(Map<?, ?> node, String where) throws UpdateException {
    long size = exactLong(node.get("size")).orElse(0);
    if (size <= 0) throw invalid("'" + where + ".size' must be a positive integer");
    return size;
  }

  /** The {@code sha256} of the file {@code node} describes: 64 lower-case hex digits. */
  private static String sha256(Map<?, ?> node, String where) throws UpdateException {
    String sha = text(node, "sha256", where + ".sha256");
    if (!SHA256.matcher(sha).matches()) {
      throw invalid("'" + where + ".sha256' must be 64 lower-case hex digits");
    }
    return sha;
  }

  private static String text(Map<?, ?> node, String field, String where) throws UpdateException {
    if (!(node.get(field) instanceof String v) || v.isBlank()) {
      throw invalid("'" + where + "' must be a non-empty string");
    }
    return v;
  }

  private static Version version(Object v, String where) throws UpdateException {
    if (!(v instanceof String text)) throw invalid("'" + where + "' must be a version string");
    try {
      return Version.parse(text);
    } catch (IllegalArgumentException e) {
      throw invalid("'" + where + "': " + e.getMessage());
    }
  }

  private static Instant instant(Object v, String where) throws UpdateException {
    try {
      return Instant.parse(JsonTree.asText(v));
    } catch (DateTimeParseException e) {
      throw invalid("'" + where + "' must be an RFC 3339 UTC time such as 2026-12-22T10:00:00Z");
    }
  }

  /**
   * An integral number (see {@link JsonTree#isIntegral}) that a {@code long} holds exactly; empty
   * for anything else, so that an out-of-range value is refused rather than wrapped (the databind
   * parser read a {@code rollout} of 4294967346 as 50 and a {@code schema} of 2^64 + 1 as 1).
   */
  private static OptionalLong exactLong(Object v) {
    if (!JsonTree.isIntegral(v)) return OptionalLong.empty();
    if (v instanceof BigInteger b) {
      return b.bitLength() < 64 ? OptionalLong.of(b.longValue()) : OptionalLong.empty();
    }
    if (v instanceof Double d) {
      return d >= -0x1p63 && d < 0x1p63 ? OptionalLong.of(d.longValue()) : OptionalLong.empty();
    }
    return OptionalLong.of(((Number) v).longValue());
  }

  private static UpdateException invalid(String detail) {
    return new UpdateException(Reason.MANIFEST_INVALID, "malformed manifest: " + detail);
  }
}
