package dev.hoist.engine;

import dev.hoist.engine.internal.download.Transport;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The URLs a release names (its archive, its file index, the index's blobs), resolved and judged by
 * one rule. What a manifest, a backend or an index names is input like any other: a URL that does
 * not parse ({@code %zz}, a space), names a control character ({@code %00}), or is a {@code file:}
 * URL with a host, query or fragment is {@code manifest-invalid}; and a manifest fetched over the
 * network may not make Hoist read a local file ({@code /dev/zero}, a FIFO): only a {@code file:} or
 * loopback manifest may name one. The transport's own rules (HTTPS, loopback HTTP) apply on top.
 */
final class ReleaseUrls {
  private ReleaseUrls() {}

  /**
   * {@code url} resolved against {@code base}.
   *
   * @param registry the manifest's URL, which decides whether a local file may be named
   * @param base what a relative {@code url} is relative to (the manifest, or the index)
   * @param where how to name the URL in messages, with {@code %s} where it goes
   */
  static URI resolve(URI registry, URI base, String url, String where) throws UpdateException {
    String shown =
        url.codePoints()
            .map(c -> c < 0x20 || c == 0x7f ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    String what = where.replace("%s", shown);
    URI uri;
    try {
      uri = base.resolve(new URI(url));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new UpdateException(
          Reason.MANIFEST_INVALID, what + " is not a valid URL (" + e.getMessage() + ")", e);
    }
    String path = uri.getPath();
    if (path != null && path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new UpdateException(
          Reason.MANIFEST_INVALID, what + " names a control character in its path");
    }
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      if (uri.getQuery() != null
          || uri.getFragment() != null
          || (uri.getAuthority() != null && !uri.getAuthority().isEmpty())
          || path == null) {
        throw new UpdateException(
            Reason.MANIFEST_INVALID,
            what + " is a file: URL with a host, query or fragment, which names no file");
      }
      String from = registry.getScheme();
      boolean local =
          from == null || from.equalsIgnoreCase("file") || Transport.isLoopback(registry.getHost());
      if (!local) {
        throw new UpdateException(
            Reason.INSECURE_URL,
            what
                + " names a local file, and the manifest came from "
                + registry.getHost()
                + "; only a local or loopback manifest may");
      }
    }
    return uri;
  }
}
