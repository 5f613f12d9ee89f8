package dev.hoist.picocli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's HTTP settings come from its {@link Environment}: the proxy variables, {@code
 * <PREFIX>_CA_BUNDLE} else {@code HOIST_CA_BUNDLE}, and an unusable one is a configuration error.
 * (What the client then does with them is proven in the engine's {@code HttpClientsTest}.)
 */
class HttpSettingsTest {
  @TempDir Path dir;

  private Environment env(Map<String, String> vars) {
    return new Environment(vars, Optional.empty(), dir, "Linux", "amd64", dir, false);
  }

  @Test
  void theProxyVariables_areReadFromTheEnvironment() {
    OkHttpClient c =
        HttpSettings.client(env(Map.of("HTTPS_PROXY", "proxy.corp:3128", "no_proxy", "internal")));
    List<Proxy> proxies = c.proxySelector().select(URI.create("https://example.com/m.json"));
    assertEquals(1, proxies.size(), proxies.toString());
    InetSocketAddress a = (InetSocketAddress) proxies.get(0).address();
    assertEquals("proxy.corp:3128", a.getHostString() + ":" + a.getPort());
    assertEquals(
        List.of(Proxy.NO_PROXY), c.proxySelector().select(URI.create("https://internal/m.json")));
  }

  @Test
  void malformedProxyUrl_isAConfigurationError() {
    TrustSettings.BadTrustConfig e =
        assertThrows(
            TrustSettings.BadTrustConfig.class,
            () -> HttpSettings.client(env(Map.of("HTTPS_PROXY", "socks5://x:1"))));
    assertTrue(e.getMessage().contains("HTTPS_PROXY"), e.getMessage());
  }

  /** The bundle named by HOIST_CA_BUNDLE is added to the JDK's roots (here, one more copy). */
  @Test
  void hoistCaBundle_isAddedToTheTrust() throws Exception {
    X509Certificate[] roots = defaultTrust().getAcceptedIssuers();
    Path pem = pem(roots[0]);
    X509Certificate[] issuers =
        HttpSettings.client(env(Map.of("HOIST_CA_BUNDLE", pem.toString())))
            .x509TrustManager()
            .getAcceptedIssuers();
    assertEquals(roots.length + 1, issuers.length);
  }

  @Test
  void unreadableBundle_isAConfigurationError_namingTheVariable() throws Exception {
    Files.writeString(dir.resolve("bad.pem"), "not a certificate");
    TrustSettings.BadTrustConfig e =
        assertThrows(
            TrustSettings.BadTrustConfig.class,
            () ->
                HttpSettings.client(
                    env(Map.of("HOIST_CA_BUNDLE", dir.resolve("bad.pem").toString()))));
    assertTrue(e.getMessage().startsWith("HOIST_CA_BUNDLE: "), e.getMessage());
  }

  /** An app's own variable wins over Hoist's, and is the one an error names. */
  @Test
  void theAppsOwnCaBundle_winsOverHoists() throws Exception {
    Path good = pem(defaultTrust().getAcceptedIssuers()[0]);
    Path bad = Files.writeString(dir.resolve("bad.pem"), "");
    Environment greet =
        env(Map.of("GREET_CA_BUNDLE", bad.toString(), "HOIST_CA_BUNDLE", good.toString()))
            .withPrefix("GREET");
    TrustSettings.BadTrustConfig e =
        assertThrows(TrustSettings.BadTrustConfig.class, () -> HttpSettings.client(greet));
    assertTrue(e.getMessage().startsWith("GREET_CA_BUNDLE: "), e.getMessage());

    Environment hoistOnly = env(Map.of("HOIST_CA_BUNDLE", bad.toString())).withPrefix("GREET");
    TrustSettings.BadTrustConfig h =
        assertThrows(TrustSettings.BadTrustConfig.class, () -> HttpSettings.client(hoistOnly));
    assertTrue(h.getMessage().startsWith("HOIST_CA_BUNDLE: "), h.getMessage());
  }

  private Path pem(X509Certificate cert) throws Exception {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded());
    return Files.writeString(
        dir.resolve("bundle.pem"),
        "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
  }

  private static X509TrustManager defaultTrust() throws Exception {
    TrustManagerFactory f =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init((KeyStore) null);
    return (X509TrustManager) f.getTrustManagers()[0];
  }
}
