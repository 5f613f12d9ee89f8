package dev.hoist.engine.internal.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.engine.internal.download.Transport;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.io.Durable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * GETs registry documents for the backends through {@link Transport} (so the HTTPS policy applies
 * to every hop), bounded in size, and conditionally when a cache directory is given: an unchanged
 * document then costs one 304 (which GitHub also leaves off the rate limit).
 *
 * <p>Cache files: {@code <cacheDir>/<sha256 of the URL>.body} and {@code .json} (URL and
 * validators), each replaced atomically, the body first, so concurrent checks at worst repeat each
 * other's work. A cache that cannot be written or read only costs a full download.
 */
final class RegistryHttp {
  /** Larger documents are refused: npm documents of very busy packages reach tens of MiB. */
  static final int MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

  private final Transport transport;
  private final Optional<Path> cacheDir;
  private final ObjectMapper json = new ObjectMapper();

  RegistryHttp(Transport transport, Optional<Path> cacheDir) {
    this.transport = transport;
    this.cacheDir = cacheDir;
  }

  /** A complete response; a 304 is answered from the cache as a 200 with {@code cached} set. */
  record Response(int code, byte[] body, Map<String, String> headers, URI uri, boolean cached) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * GETs {@code uri}; with {@code conditional}, sends the cached validators and serves a 304 from
   * the cache. Any status is returned; the caller decides what it means.
   *
   * @throws UpdateException {@code REGISTRY_UNREACHABLE}, {@code INSECURE_URL}, or {@code
   *     MANIFEST_INVALID} for an oversized body
   */
  Response get(URI uri, Map<String, String> headers, boolean conditional) throws UpdateException {
    Optional<Path> entry = conditional ? cacheDir.map(d -> d.resolve(key(uri))) : Optional.empty();
    Map<String, String> sent = new LinkedHashMap<>(headers);
    JsonNode meta = entry.map(RegistryHttp::metaFile).flatMap(this::read).orElse(null);
    if (meta != null && uri.toString().equals(meta.path("url").asText())) {
      if (meta.hasNonNull("etag")) sent.put("If-None-Match", meta.get("etag").asText());
      if (meta.hasNonNull("lastModified")) {
        sent.put("If-Modified-Since", meta.get("lastModified").asText());
      }
    }
    Response r = send(uri, sent);
    if (r.code() == 304 && entry.isPresent()) {
      try {
        return new Response(200, Files.readAllBytes(bodyFile(entry.get())), r.headers(), uri, true);
      } catch (IOException e) {
        // The cached body vanished: ask again without validators.
        r = send(uri, headers);
      }
    }
    if (r.code() == 200 && entry.isPresent()) save(entry.get(), uri, r);
    return r;
  }

  /**
   * The status a HEAD of {@code uri} answers: whether a file is published, without fetching it.
   *
   * @throws UpdateException {@code REGISTRY_UNREACHABLE} or {@code INSECURE_URL}
   */
  int status(URI uri) throws UpdateException {
    try (Transport.Reply reply = transport.head(uri, Map.of())) {
      return reply.code();
    } catch (IOException e) {
      throw new UpdateException(
          Reason.REGISTRY_UNREACHABLE, "registry unreachable: " + uri + " (" + e + ")", e);
    }
  }

  private Response send(URI uri, Map<String, String> headers) throws UpdateException {
    try (Transport.Reply reply = transport.get(uri, headers, 0)) {
      byte[] body = readBounded(reply.body(), uri);
      return new Response(reply.code(), body, reply.headers(), reply.uri(), false);
    } catch (IOException e) {
      String m = e.getMessage();
      throw new UpdateException(
          Reason.REGISTRY_UNREACHABLE,
          "registry unreachable: "
              + uri
              + " ("
              + e.getClass().getSimpleName()
              + (m == null ? "" : ": " + m)
              + ")",
          e);
    }
  }

  /** The failure for a status other than 200: not found, or the server's error. */
  static UpdateException failure(Response r, String what) {
    return new UpdateException(
        Reason.REGISTRY_ERROR,
        "registry answered HTTP "
            + r.code()
            + (r.code() == 404 ? " (not found)" : "")
            + " for "
            + what
            + " ("
            + r.uri()
            + ")");
  }

  private static byte[] readBounded(InputStream in, URI uri) throws IOException, UpdateException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16384];
    int n;
    while ((n = in.read(buf)) != -1) {
      if (out.size() + n > MAX_DOCUMENT_BYTES) {
        throw new UpdateException(
            Reason.MANIFEST_INVALID,
            "registry document at " + uri + " is larger than " + MAX_DOCUMENT_BYTES + " bytes");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private void save(Path entry, URI uri, Response r) {
    ObjectNode meta = json.createObjectNode();
    meta.put("url", uri.toString());
    r.header("ETag").ifPresent(v -> meta.put("etag", v));
    r.header("Last-Modified").ifPresent(v -> meta.put("lastModified", v));
    try {
      Files.createDirectories(entry.getParent());
      Durable.writeAtomically(bodyFile(entry), r.body());
      Durable.writeAtomically(metaFile(entry), json.writeValueAsBytes(meta));
    } catch (IOException e) {
      // The cache only saves a download next time; a read-only state dir must not fail a check.
    }
  }

  private Optional<JsonNode> read(Path file) {
    try {
      return Files.isRegularFile(file)
          ? Optional.of(json.readTree(file.toFile()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // an unreadable record is a cache miss
    }
  }

  private static Path metaFile(Path entry) {
    return entry.resolveSibling(entry.getFileName() + ".json");
  }

  private static Path bodyFile(Path entry) {
    return entry.resolveSibling(entry.getFileName() + ".body");
  }

  private static String key(URI uri) {
    byte[] h =
        dev.hoist.engine.internal.digest.Digest.Algorithm.SHA256
            .newDigest()
            .digest(uri.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(h, 0, 16);
  }
}
