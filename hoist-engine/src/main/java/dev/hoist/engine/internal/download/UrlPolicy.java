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

  /**
   * An IPv4 address in dotted form (four decimal octets, 0–255, at most one leading zero as in
   * {@code 01}) or an IPv6 address (hex digits and colons, without brackets): never a name, so that
   * nothing here is ever looked up. Written without regular expressions, which the quick no-op path
   * (dev.hoist.engine.QuickCheck) cannot afford to initialise.
   */
  public static boolean isLiteralAddress(String h) {
    return isDottedQuad(h) || isHexColons(h);
  }

  private static boolean isDottedQuad(String h) {
    int octets = 0;
    int i = 0;
    while (octets < 4) {
      int start = i;
      int value = 0;
      while (i < h.length() && i - start < 4 && h.charAt(i) >= '0' && h.charAt(i) <= '9') {
        value = value * 10 + (h.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || value > 255) return false;
      if (digits == 3 && h.charAt(start) != '1' && h.charAt(start) != '2') return false;
      octets++;
      if (octets < 4) {
        if (i >= h.length() || h.charAt(i) != '.') return false;
        i++;
      }
    }
    return i == h.length();
  }

  private static boolean isHexColons(String h) {
    if (h.indexOf(':') < 0) return false;
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != ':') return false;
    }
    return true;
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
