package dev.hoist.engine.internal.download;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which URLs may be fetched at all (DESIGN §6): HTTPS, {@code file:}, and plain HTTP only to a
 * loopback address. Shared by every client the engine makes requests with ({@link Transport} over
 * OkHttp, {@link ConditionalGet} over the JDK's own client), so that no request escapes it. Loads
 * no HTTP library.
 */
public final class UrlPolicy {
  private UrlPolicy() {}

  /**
   * Refuses a URL that the policy does not allow.
   *
   * @throws UpdateException {@code INSECURE_URL}
   */
  public static void checkAllowed(URI uri) throws UpdateException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "https", "file" -> {}
      case "http" -> {
        if (!isLoopback(uri.getHost())) {
          throw new UpdateException(
              Reason.INSECURE_URL,
              "refusing plain HTTP to "
                  + uri.getHost()
                  + ": HTTPS is required except for loopback addresses ("
                  + uri
                  + ")");
        }
      }
      default ->
          throw new UpdateException(
              Reason.INSECURE_URL, "unsupported URL scheme '" + scheme + "' in " + uri);
    }
  }

  /** An IPv4 address in dotted form or an IPv6 address (without brackets), not a name. */
  public static boolean isLiteralAddress(String h) {
    String octet = "(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])";
    boolean v4 = h.matches(octet + "(\\." + octet + "){3}");
    boolean v6 = h.contains(":") && h.matches("[0-9a-fA-F:]+");
    return v4 || v6;
  }

  /** A literal loopback address or {@code localhost}; no other name is resolved. */
  public static boolean isLoopback(String host) {
    if (host == null) return false;
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) return true;
    // Only literal addresses are parsed here; a name other than localhost is never loopback, and
    // is never looked up: InetAddress resolves what is not a literal ("cafe", "127.0.0.1.5"), and
    // whatever a resolver answers for a name says nothing about where a connection will go.
    if (!isLiteralAddress(h)) return false;
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
