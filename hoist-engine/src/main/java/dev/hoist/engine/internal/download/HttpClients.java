package dev.hoist.engine.internal.download;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/**
 * Builds the one kind of HTTP client the engine uses: bounded connect and read timeouts, no
 * HTTPS-to-HTTP redirects, the standard proxy variables ({@link EnvironmentProxySelector}, with
 * their credentials answering a proxy's challenge) and an optional PEM bundle of extra trusted CA
 * certificates ({@link CaBundle}: added to the JDK's roots, never replacing them, and never turning
 * TLS verification off).
 */
public final class HttpClients {
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private HttpClients() {}

  /** No proxy, no extra CA, the default timeouts. */
  public static OkHttpClient defaults() {
    return base(CONNECT_TIMEOUT, READ_TIMEOUT).build();
  }

  private static OkHttpClient.Builder base(Duration connect, Duration read) {
    return new OkHttpClient.Builder()
        .connectTimeout(connect)
        .readTimeout(read)
        .writeTimeout(read)
        .followSslRedirects(false);
  }

  /**
   * @param proxyVariables the environment the proxy variables are read from (empty: no proxy)
   * @param caBundle a PEM file, with the name it is known by in messages (a variable, a setting)
   * @throws IllegalArgumentException when a proxy URL cannot be used
   * @throws IOException naming the bundle's source, when the CA bundle cannot be read or used
   */
  public static OkHttpClient build(
      Duration connect,
      Duration read,
      Map<String, String> proxyVariables,
      Optional<Map.Entry<String, Path>> caBundle)
      throws IOException {
    OkHttpClient.Builder b = base(connect, read);
    EnvironmentProxySelector proxies = EnvironmentProxySelector.of(proxyVariables);
    if (proxies.isConfigured()) {
      b.proxySelector(proxies);
      b.proxyAuthenticator(
          (route, response) -> {
            if (response.request().header("Proxy-Authorization") != null) return null;
            String scheme = response.request().url().scheme();
            Optional<EnvironmentProxySelector.ProxyUrl> c = proxies.credentials(scheme);
            if (c.isEmpty()) return null;
            return response
                .request()
                .newBuilder()
                .header(
                    "Proxy-Authorization",
                    Credentials.basic(c.get().user().orElse(""), c.get().password().orElse("")))
                .build();
          });
    }
    if (caBundle.isPresent()) {
      try {
        CaBundle.apply(b, caBundle.get().getValue());
      } catch (IOException e) {
        throw new IOException(caBundle.get().getKey() + ": " + e.getMessage(), e);
      }
    }
    return b.build();
  }
}
