package dev.hoist.engine.internal.download;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses a proxy from the conventional variables, as curl and most CLI tools do: {@code
 * https_proxy} / {@code HTTPS_PROXY} for HTTPS, {@code http_proxy} / {@code HTTP_PROXY} for HTTP
 * (lower case first), and {@code no_proxy} / {@code NO_PROXY}, a comma-separated list of host names
 * or domain suffixes ({@code .example.com} or {@code example.com} both match {@code
 * a.example.com}), with {@code *} meaning every host. A proxy URL is {@code
 * http://[user:pass@]host[:port]} (default port 80); its credentials are answered by {@link
 * #credentials}.
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvironmentProxySelector extends ProxySelector {
  /** A parsed proxy URL. */
  public record ProxyUrl(String host, int port, Optional<String> user, Optional<String> password) {}

  private final Optional<ProxyUrl> https;
  private final Optional<ProxyUrl> http;
  private final List<String> noProxy;

  private EnvironmentProxySelector(
      Optional<ProxyUrl> https, Optional<ProxyUrl> http, List<String> noProxy) {
    this.https = https;
    this.http = http;
    this.noProxy = noProxy;
  }

  /**
   * Reads the variables from {@code env}.
   *
   * @throws IllegalArgumentException naming the variable whose URL is malformed
   */
  public static EnvironmentProxySelector of(Map<String, String> env) {
    List<String> no = new ArrayList<>();
    for (String s : first(env, "no_proxy", "NO_PROXY").orElse("").split(",")) {
      String h = s.strip().toLowerCase(Locale.ROOT);
      if (!h.isEmpty()) no.add(h.startsWith(".") ? h.substring(1) : h);
    }
    return new EnvironmentProxySelector(
        parse(env, "https_proxy", "HTTPS_PROXY"), parse(env, "http_proxy", "HTTP_PROXY"), no);
  }

  /** True when some proxy is configured. */
  public boolean isConfigured() {
    return https.isPresent() || http.isPresent();
  }

  @Override
  public List<Proxy> select(URI uri) {
    Optional<ProxyUrl> p =
        "https".equalsIgnoreCase(uri.getScheme())
            ? https
            : "http".equalsIgnoreCase(uri.getScheme()) ? http : Optional.empty();
    if (p.isEmpty() || bypassed(uri.getHost())) return List.of(Proxy.NO_PROXY);
    return List.of(
        new Proxy(
            Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.get().host(), p.get().port())));
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // Nothing to remember: the request fails and is retried by the caller's policy.
  }

  /** The credentials of the proxy for {@code scheme}'s requests, if its URL carries any. */
  public Optional<ProxyUrl> credentials(String scheme) {
    Optional<ProxyUrl> p = "https".equalsIgnoreCase(scheme) ? https : http;
    return p.filter(u -> u.user().isPresent());
  }

  private boolean bypassed(String host) {
    if (host == null) return true;
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) h = h.substring(1, h.length() - 1);
    for (String n : noProxy) {
      if (n.equals("*") || h.equals(n) || h.endsWith("." + n)) return true;
    }
    return false;
  }

  private static Optional<String> first(Map<String, String> env, String lower, String upper) {
    String v = env.get(lower);
    if (v == null || v.isBlank()) v = env.get(upper);
    // Plain code, no lambda: this runs on the quick no-op path, where linking the first lambda
    // of a JVM costs milliseconds (QuickCheck).
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  private static Optional<ProxyUrl> parse(Map<String, String> env, String lower, String upper) {
    Optional<String> v = first(env, lower, upper);
    if (v.isEmpty()) return Optional.empty();
    // The variable the value came from, as the user set it: the message must name that one.
    String name = env.get(lower) == null || env.get(lower).isBlank() ? upper : lower;
    String s = v.get().contains("://") ? v.get() : "http://" + v.get();
    URI u;
    try {
      u = URI.create(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is not a valid proxy URL: " + v.get(), e);
    }
    if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException(
          name + " must be an http://host[:port] proxy URL, not " + v.get());
    }
    Optional<String> user = Optional.empty();
    Optional<String> pass = Optional.empty();
    if (u.getUserInfo() != null) {
      String[] parts = u.getUserInfo().split(":", 2);
      user = Optional.of(parts[0]);
      pass = Optional.of(parts.length > 1 ? parts[1] : "");
    }
    return Optional.of(new ProxyUrl(u.getHost(), u.getPort() < 0 ? 80 : u.getPort(), user, pass));
  }
}
