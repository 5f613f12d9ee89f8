package dev.hoist.engine.internal.download;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Fetches bytes over HTTPS, loopback HTTP or {@code file:} URLs, enforcing the transport policy of
 * DESIGN §6: plain HTTP only to loopback addresses, and no redirect that leaves HTTPS. Redirects
 * are followed here, not by OkHttp, so that every hop is checked before it is requested; at most
 * {@link #MAX_REDIRECTS} of them.
 *
 * <p>Thread-safe; one instance serves a whole process.
 */
public final class Transport {
  /** More redirects than this end the request: a loop, or a server that wanders. */
  public static final int MAX_REDIRECTS = 10;

  private final OkHttpClient client;

  /** Uses {@code client}'s pool, timeouts and proxy settings; redirects are handled here. */
  public Transport(OkHttpClient client) {
    this.client = client.newBuilder().followRedirects(false).followSslRedirects(false).build();
  }

  /** A response being read. Close it to release the connection or file. */
  public record Reply(
      int code, InputStream body, long contentLength, Map<String, String> headers, URI uri)
      implements Closeable {

    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  /**
   * Refuses a URL that the policy does not allow ({@link UrlPolicy#checkAllowed}).
   *
   * @throws UpdateException {@code INSECURE_URL}
   */
  public static void checkAllowed(URI uri) throws UpdateException {
    UrlPolicy.checkAllowed(uri);
  }

  /** A literal loopback address or {@code localhost} ({@link UrlPolicy#isLoopback}). */
  public static boolean isLoopback(String host) {
    return UrlPolicy.isLoopback(host);
  }

  /**
   * Sends a GET and returns the reply, whatever its status; the caller interprets the code.
   *
   * @param offset for {@code file:} URLs, the byte to start at (the HTTP caller sends a Range
   *     header itself)
   * @throws UpdateException {@code INSECURE_URL} for a refused URL or redirect
   * @throws IOException when the server cannot be reached or the file cannot be read
   */
  public Reply get(URI uri, Map<String, String> headers, long offset)
      throws UpdateException, IOException {
    return get(uri, headers, offset, Duration.ZERO);
  }

  /**
   * As {@link #get(URI, Map, long)}, the whole exchange (headers and body, every redirect) bounded
   * by {@code callTimeout} ({@link Duration#ZERO}: no bound beyond the client's).
   */
  public Reply get(URI uri, Map<String, String> headers, long offset, Duration callTimeout)
      throws UpdateException, IOException {
    return exchange(uri, headers, offset, callTimeout, false);
  }

  /**
   * Sends a HEAD, under the same rules as a GET (HTTPS, redirects, credentials), and returns the
   * reply, whose body is empty: whether a file is there, without fetching it.
   */
  public Reply head(URI uri, Map<String, String> headers) throws UpdateException, IOException {
    return exchange(uri, headers, 0, Duration.ZERO, true);
  }

  private Reply exchange(
      URI uri, Map<String, String> headers, long offset, Duration callTimeout, boolean head)
      throws UpdateException, IOException {
    checkAllowed(uri);
    long deadline = System.nanoTime() + callTimeout.toNanos();
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      return file(uri, offset);
    }
    Response response = null;
    URI current = uri;
    for (int hop = 0; ; hop++) {
      Request.Builder rb = new Request.Builder().url(current.toString());
      if (head) {
        rb.head();
      } else {
        rb.get();
      }
      // Credentials go only to the origin they were given for (scheme, host and port), never to
      // a redirect's other host or port.
      boolean sameOrigin = sameOrigin(current, uri);
      headers.forEach(
          (k, v) -> {
            if (sameOrigin || !k.equalsIgnoreCase("Authorization")) rb.header(k, v);
          });
      okhttp3.Call call = client.newCall(rb.build());
      if (!callTimeout.isZero()) {
        long left = Math.max(1, deadline - System.nanoTime());
        call.timeout().timeout(left, java.util.concurrent.TimeUnit.NANOSECONDS);
      }
      response = call.execute();
      if (!response.isRedirect()) break;
      String location = response.header("Location");
      response.close();
      if (location == null || hop == MAX_REDIRECTS) {
        throw new UpdateException(
            Reason.INSECURE_URL,
            location == null
                ? "redirect without a Location from " + current
                : "more than " + MAX_REDIRECTS + " redirects from " + uri);
      }
      URI next = current.resolve(location);
      if ("https".equalsIgnoreCase(current.getScheme())
          && !"https".equalsIgnoreCase(next.getScheme())) {
        throw new UpdateException(
            Reason.INSECURE_URL, "refusing redirect from HTTPS " + current + " to " + next);
      }
      try {
        checkAllowed(next);
      } catch (UpdateException e) {
        throw new UpdateException(
            Reason.INSECURE_URL, "refusing redirect from " + current + ": " + e.getMessage());
      }
      if ("file".equalsIgnoreCase(next.getScheme())) {
        throw new UpdateException(
            Reason.INSECURE_URL, "refusing redirect from " + current + " to a local file");
      }
      current = next;
    }
    URI finalUri = current;
    Map<String, String> lower = new java.util.HashMap<>();
    for (String name : response.headers().names()) {
      lower.put(name.toLowerCase(Locale.ROOT), response.header(name));
    }
    var body = response.body();
    return new Reply(response.code(), body.byteStream(), body.contentLength(), lower, finalUri);
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) return u.getPort();
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static Reply file(URI uri, long offset) throws IOException {
    Path path = Path.of(uri);
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return new Reply(404, InputStream.nullInputStream(), 0, Map.of(), uri);
    }
    long size = ch.size();
    ch.position(Math.min(offset, size));
    int code = offset > 0 ? 206 : 200;
    return new Reply(code, Channels.newInputStream(ch), size - ch.position(), Map.of(), uri);
  }
}
