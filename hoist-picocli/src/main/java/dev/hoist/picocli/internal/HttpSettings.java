package dev.hoist.picocli.internal;

import dev.hoist.engine.UpdateEngine;
import dev.hoist.engine.internal.download.CaBundle;
import dev.hoist.engine.internal.download.EnvironmentProxySelector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/**
 * The HTTP client of the CLI: {@link UpdateEngine#defaultHttpClient()} plus the standard proxy
 * variables ({@link EnvironmentProxySelector}) and {@code HOIST_CA_BUNDLE} (or the app's own), a
 * PEM file of extra trusted CA certificates for corporate networks ({@link CaBundle}: added to the
 * JDK's roots, never replacing them, and never turning TLS verification off).
 */
public final class HttpSettings {
  /**
   * The CA bundle variable: the app's own ({@code <PREFIX>_CA_BUNDLE}), else Hoist's, which a
   * corporate network may set once for every tool Hoist updates.
   */
  public static final String CA_BUNDLE = "CA_BUNDLE";

  private HttpSettings() {}

  /**
   * Builds the client.
   *
   * @throws TrustSettings.BadTrustConfig when a proxy URL or the CA bundle is unusable
   */
  public static OkHttpClient client(Environment env) {
    OkHttpClient.Builder b = UpdateEngine.defaultHttpClient().newBuilder();
    try {
      EnvironmentProxySelector proxies = EnvironmentProxySelector.of(env.variables());
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
    } catch (IllegalArgumentException e) {
      throw new TrustSettings.BadTrustConfig(e.getMessage(), e);
    }
    String variable =
        env.app(CA_BUNDLE).isPresent() ? env.name(CA_BUNDLE) : Environment.HOIST + "_" + CA_BUNDLE;
    Optional<String> bundle = env.get(variable);
    if (bundle.isPresent()) {
      try {
        CaBundle.apply(b, Path.of(bundle.get()));
      } catch (IOException e) {
        throw new TrustSettings.BadTrustConfig(variable + ": " + e.getMessage(), e);
      }
    }
    return b.build();
  }
}
