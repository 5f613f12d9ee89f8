package dev.hoist.picocli.internal;

import dev.hoist.engine.HttpConfig;
import dev.hoist.engine.internal.download.HttpClients;
import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * How the command line reaches registries: the standard proxy variables and {@code
 * <PREFIX>_CA_BUNDLE} (else {@code HOIST_CA_BUNDLE}), a PEM file of extra trusted CA certificates
 * for corporate networks, added to the JDK's roots, never replacing them ({@link HttpClients}).
 */
public final class HttpSettings {
  /**
   * The CA bundle variable: the app's own ({@code <PREFIX>_CA_BUNDLE}), else Hoist's, which a
   * corporate network may set once for every tool Hoist updates.
   */
  public static final String CA_BUNDLE = "CA_BUNDLE";

  private HttpSettings() {}

  /** The engine's configuration; nothing is loaded until it is used or prepared. */
  public static HttpConfig config(Environment env) {
    HttpConfig.Builder b = HttpConfig.builder().proxiesFrom(env.variables());
    caBundle(env).ifPresent(e -> b.caBundle(e.getValue(), e.getKey()));
    return b.build();
  }

  /**
   * The same client, for the publisher tools that fetch a release themselves.
   *
   * @throws TrustSettings.BadTrustConfig when a proxy URL or the CA bundle is unusable
   */
  public static OkHttpClient client(Environment env) {
    try {
      return HttpClients.build(
          HttpClients.CONNECT_TIMEOUT, HttpClients.READ_TIMEOUT, env.variables(), caBundle(env));
    } catch (IOException | IllegalArgumentException e) {
      throw new TrustSettings.BadTrustConfig(e.getMessage(), e);
    }
  }

  private static Optional<Map.Entry<String, Path>> caBundle(Environment env) {
    String variable =
        env.app(CA_BUNDLE).isPresent() ? env.name(CA_BUNDLE) : Environment.HOIST + "_" + CA_BUNDLE;
    return env.get(variable).map(v -> new AbstractMap.SimpleImmutableEntry<>(variable, Path.of(v)));
  }
}
