package dev.hoist.engine.internal.registry;

import dev.hoist.engine.internal.download.Transport;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches a manifest with a conditional GET, so that an unchanged registry costs one 304.
 *
 * <p>The body is read into memory but bounded by {@link #MAX_MANIFEST_BYTES}; a larger one is
 * refused rather than buffered.
 */
public final class RegistryClient {
  /** A manifest larger than this is refused: 8 MiB lists thousands of releases. */
  public static final int MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

  private final Transport transport;

  public RegistryClient(Transport transport) {
    this.transport = transport;
  }

  /** HTTP cache validators from an earlier response. */
  public record Validators(Optional<String> etag, Optional<String> lastModified) {
    public static final Validators NONE = new Validators(Optional.empty(), Optional.empty());
  }

  /**
   * The outcome of a fetch: the manifest bytes with their validators, or {@code notModified} (then
   * {@code bytes} is empty).
   */
  public record Fetch(boolean notModified, byte[] bytes, Validators validators) {}

  /**
   * GETs the manifest, conditional on {@code validators}.
   *
   * @throws UpdateException {@code REGISTRY_UNREACHABLE} when the server cannot be reached, {@code
   *     REGISTRY_ERROR} for an error status, {@code MANIFEST_INVALID} for an oversized body, {@code
   *     INSECURE_URL} for a refused URL or redirect
   */
  public Fetch fetch(URI manifestUri, Validators validators) throws UpdateException {
    Map<String, String> headers = new LinkedHashMap<>();
    validators.etag().ifPresent(v -> headers.put("If-None-Match", v));
    validators.lastModified().ifPresent(v -> headers.put("If-Modified-Since", v));
    headers.put("Accept", "application/json");
    try (Transport.Reply reply = transport.get(manifestUri, headers, 0)) {
      if (reply.code() == 304) {
        return new Fetch(true, new byte[0], validators);
      }
      if (reply.code() != 200) {
        throw new UpdateException(
            Reason.REGISTRY_ERROR,
            "registry answered HTTP "
                + reply.code()
                + (reply.code() == 404 ? " (not found)" : "")
                + " for "
                + manifestUri);
      }
      byte[] body = readBounded(reply.body(), manifestUri);
      return new Fetch(
          false, body, new Validators(reply.header("ETag"), reply.header("Last-Modified")));
    } catch (IOException e) {
      throw new UpdateException(
          Reason.REGISTRY_UNREACHABLE,
          "registry unreachable: " + manifestUri + " (" + describe(e) + ")",
          e);
    }
  }

  /**
   * GETs a small companion file, such as a manifest's signature, unconditionally.
   *
   * @return the body, or empty when the server answers 404 or 410 (there is no such file)
   * @throws UpdateException {@code REGISTRY_UNREACHABLE}, {@code REGISTRY_ERROR} for another error
   *     status, {@code INSECURE_URL}, and {@code reasonIfTooLarge} for a body over {@code maxBytes}
   */
  public Optional<byte[]> fetchSmall(URI uri, int maxBytes, Reason reasonIfTooLarge)
      throws UpdateException {
    try (Transport.Reply reply = transport.get(uri, Map.of(), 0)) {
      if (reply.code() == 404 || reply.code() == 410) return Optional.empty();
      if (reply.code() != 200) {
        throw new UpdateException(
            Reason.REGISTRY_ERROR, "registry answered HTTP " + reply.code() + " for " + uri);
      }
      return Optional.of(readBounded(reply.body(), uri, maxBytes, reasonIfTooLarge));
    } catch (IOException e) {
      throw new UpdateException(
          Reason.REGISTRY_UNREACHABLE,
          "registry unreachable: " + uri + " (" + describe(e) + ")",
          e);
    }
  }

  private static byte[] readBounded(InputStream in, URI uri) throws IOException, UpdateException {
    return readBounded(in, uri, MAX_MANIFEST_BYTES, Reason.MANIFEST_INVALID);
  }

  private static byte[] readBounded(InputStream in, URI uri, int max, Reason reason)
      throws IOException, UpdateException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16384];
    int n;
    while ((n = in.read(buf)) != -1) {
      if (out.size() + n > max) {
        throw new UpdateException(reason, uri + " is larger than " + max + " bytes; refused");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
