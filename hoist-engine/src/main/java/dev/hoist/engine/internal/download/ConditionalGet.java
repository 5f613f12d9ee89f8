package dev.hoist.engine.internal.download;

import dev.hoist.engine.internal.failure.UpdateException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Asks whether a file changed, with one conditional HTTP/1.1 GET written on a plain JDK socket (TLS
 * through the JDK's default {@link SSLSocketFactory}): no HTTP library and not even {@code
 * java.net.URL} is loaded, which is what lets an up-to-date {@code update} start at the JVM's floor
 * (docs/benchmarks.md, "Quick check"; {@code URL} alone looks for handler providers by opening
 * every jar on the class path). It answers only "not modified": the status line must be {@code
 * HTTP/1.x 304}. Every other outcome (a 200, a redirect, an error, a timeout, a proxy) is "ask
 * properly", and the caller then makes the request through {@link Transport}, which reads and
 * judges the reply.
 *
 * <p>The same transport policy as {@link Transport}'s: {@link UrlPolicy} first; a redirect is never
 * followed (so every hop is still checked by Transport); the same timeouts; the certificate checked
 * against the JDK's trust store and the host name (RFC 2818, as {@code HttpsURLConnection} checks
 * it, with SNI); and no request at all when a proxy would carry it, whether the standard variables
 * ({@link EnvironmentProxySelector}) or the JVM's own selector name one. Callers never pass
 * credentials, and take the full path when a CA bundle is set.
 */
public final class ConditionalGet {
  /** The most a status line may take; a server that sends more is not answering 304. */
  private static final int MAX_STATUS_LINE = 256;

  private ConditionalGet() {}

  /**
   * Whether {@code uri} still has the validators given: true only for an HTTP 304.
   *
   * @param headers request headers, {@code If-None-Match} / {@code If-Modified-Since} among them; a
   *     value holding a line break or control character is refused (false), never sent
   * @param proxyVariables the environment the proxy variables are read from
   */
  public static boolean notModified(
      URI uri, Map<String, String> headers, Map<String, String> proxyVariables) {
    String scheme = uri.getScheme();
    boolean tls = "https".equalsIgnoreCase(scheme);
    if (!tls && !"http".equalsIgnoreCase(scheme)) return false;
    String host = uri.getHost();
    if (host == null || uri.getRawUserInfo() != null) return false;
    try {
      UrlPolicy.checkAllowed(uri);
      if (!direct(uri, proxyVariables)) return false;
      byte[] request = request(uri, headers);
      if (request == null) return false;
      int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
      String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(bare, port), (int) HttpClients.CONNECT_TIMEOUT.toMillis());
        socket.setSoTimeout((int) HttpClients.READ_TIMEOUT.toMillis());
        Socket s = tls ? tls(socket, bare, port) : socket;
        OutputStream out = s.getOutputStream();
        out.write(request);
        out.flush();
        return statusIs304(new BufferedInputStream(s.getInputStream(), 512));
      }
    } catch (IOException | UpdateException | IllegalArgumentException | SecurityException e) {
      return false; // the full path asks again and reports what is wrong
    }
  }

  /**
   * No proxy would carry a request to {@code uri}: neither the variables (as Transport's client is
   * given them) nor the JVM's own selector; false for proxy variables that cannot be read.
   */
  public static boolean direct(URI uri, Map<String, String> proxyVariables) {
    EnvironmentProxySelector proxies;
    try {
      proxies = EnvironmentProxySelector.of(proxyVariables);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (proxies.isConfigured()) return only(proxies.select(uri)); // what Transport's client uses
    ProxySelector jvm = ProxySelector.getDefault();
    return jvm == null || only(jvm.select(uri));
  }

  private static boolean only(List<Proxy> chosen) {
    for (Proxy p : chosen) {
      if (p.type() != Proxy.Type.DIRECT) return false;
    }
    return true;
  }

  private static Socket tls(Socket plain, String host, int port) throws IOException {
    SSLSocket s =
        (SSLSocket)
            ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, host, port, true);
    SSLParameters p = s.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS"); // the host name must match the certificate
    if (!UrlPolicy.isLiteralAddress(host)) p.setServerNames(List.of(new SNIHostName(host)));
    s.setSSLParameters(p);
    s.startHandshake();
    return s;
  }

  /** The request's bytes, or null when a header value could split the request. */
  static byte[] request(URI uri, Map<String, String> headers) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) path += "?" + uri.getRawQuery();
    String authority = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    StringBuilder b = new StringBuilder(256);
    b.append("GET ").append(path).append(" HTTP/1.1\r\n");
    b.append("Host: ").append(authority).append("\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (!token(h.getKey()) || !fieldValue(h.getValue())) return null;
      if (h.getKey().equalsIgnoreCase("Authorization") || h.getKey().equalsIgnoreCase("Host")) {
        return null;
      }
      b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    b.append("Connection: close\r\n\r\n");
    if (!fieldValue(path)) return null;
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static boolean token(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) return false;
    }
    return true;
  }

  private static boolean fieldValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7f || c > 0xff) return false;
    }
    return true;
  }

  /** Reads the status line only: {@code HTTP/1.0 304} or {@code HTTP/1.1 304} and a reason. */
  static boolean statusIs304(InputStream in) throws IOException {
    byte[] line = new byte[MAX_STATUS_LINE];
    int n = 0;
    while (n < line.length) {
      int b = in.read();
      if (b < 0) return false;
      if (b == '\n') break;
      line[n++] = (byte) b;
    }
    String status = new String(line, 0, n, StandardCharsets.ISO_8859_1);
    return (status.startsWith("HTTP/1.1 304") || status.startsWith("HTTP/1.0 304"))
        && (status.length() == 12 || status.charAt(12) == ' ' || status.charAt(12) == '\r');
  }
}
