package dev.hoist.engine.internal.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's one HTTP client: proxy variables carry requests and answer a proxy's challenge, a CA
 * bundle adds trust without weakening TLS, and nothing steps down from HTTPS (loopback servers).
 */
class HttpClientsTest {
  @StartStop final MockWebServer origin = new MockWebServer();
  @StartStop final MockWebServer proxy = new MockWebServer();
  @TempDir Path dir;

  private static OkHttpClient client(Map<String, String> env) throws IOException {
    return HttpClients.build(
        HttpClients.CONNECT_TIMEOUT, HttpClients.READ_TIMEOUT, env, Optional.empty());
  }

  private static OkHttpClient trusting(Path pem) throws IOException {
    return HttpClients.build(
        HttpClients.CONNECT_TIMEOUT,
        HttpClients.READ_TIMEOUT,
        Map.of(),
        Optional.of(new AbstractMap.SimpleImmutableEntry<>("MY_CA_BUNDLE", pem)));
  }

  private static int get(OkHttpClient client, String url) throws Exception {
    try (Transport.Reply r = new Transport(client).get(URI.create(url), Map.of(), 0)) {
      r.body().readAllBytes();
      return r.code();
    }
  }

  private String originUrl() {
    return "http://localhost:" + origin.getPort() + "/manifest.json";
  }

  private String proxyUrl() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  @Test
  void defaults_boundTheTimeouts_andNeverStepDownFromHttps() {
    OkHttpClient c = HttpClients.defaults();
    assertEquals(HttpClients.CONNECT_TIMEOUT.toMillis(), c.connectTimeoutMillis());
    assertEquals(HttpClients.READ_TIMEOUT.toMillis(), c.readTimeoutMillis());
    assertEquals(HttpClients.READ_TIMEOUT.toMillis(), c.writeTimeoutMillis());
    assertFalse(c.followSslRedirects());
  }

  @Test
  void build_usesTheGivenTimeouts() throws Exception {
    OkHttpClient c =
        HttpClients.build(Duration.ofSeconds(3), Duration.ofSeconds(7), Map.of(), Optional.empty());
    assertEquals(3_000, c.connectTimeoutMillis());
    assertEquals(7_000, c.readTimeoutMillis());
    assertFalse(c.followSslRedirects());
  }

  @Test
  void httpProxy_carriesTheRequest_andNoProxyBypassesIt() throws Exception {
    proxy.enqueue(new MockResponse.Builder().body("via proxy").build());
    assertEquals(200, get(client(Map.of("HTTP_PROXY", proxyUrl())), originUrl()));
    RecordedRequest r = proxy.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("localhost:" + origin.getPort(), r.getHeaders().get("Host"));
    assertEquals(0, origin.getRequestCount());

    origin.enqueue(new MockResponse.Builder().body("direct").build());
    OkHttpClient bypass =
        client(Map.of("http_proxy", proxyUrl(), "NO_PROXY", "example.com,localhost"));
    assertEquals(200, get(bypass, originUrl()));
    assertEquals(1, origin.getRequestCount());
    assertEquals(1, proxy.getRequestCount());
  }

  @Test
  void proxyCredentials_answerTheProxysChallenge() throws Exception {
    proxy.enqueue(
        new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic").build());
    proxy.enqueue(new MockResponse.Builder().body("ok").build());
    OkHttpClient c =
        client(Map.of("http_proxy", "http://alice:s3cret@127.0.0.1:" + proxy.getPort()));
    assertEquals(200, get(c, originUrl()));
    assertNull(proxy.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Proxy-Authorization"));
    assertEquals(
        Credentials.basic("alice", "s3cret"),
        proxy.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Proxy-Authorization"));
  }

  /** Credentials the proxy refuses are sent once, not again and again until OkHttp gives up. */
  @Test
  void refusedProxyCredentials_areNotRetried_theProxysAnswerIsReturned() throws Exception {
    for (int i = 0; i < 3; i++) {
      proxy.enqueue(
          new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic").build());
    }
    OkHttpClient c =
        client(Map.of("http_proxy", "http://alice:wrong@127.0.0.1:" + proxy.getPort()));
    assertEquals(407, get(c, originUrl()));
    assertEquals(2, proxy.getRequestCount(), "once without credentials, once with them");
  }

  @Test
  void aProxyWithoutCredentials_returnsItsChallengeUnanswered() throws Exception {
    proxy.enqueue(
        new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic").build());
    assertEquals(407, get(client(Map.of("http_proxy", proxyUrl())), originUrl()));
    assertEquals(1, proxy.getRequestCount());
  }

  /** The HTTPS proxy's credentials are not given to the HTTP proxy (here the same server). */
  @Test
  void proxyCredentials_areThoseOfTheRequestsScheme() throws Exception {
    proxy.enqueue(
        new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic").build());
    OkHttpClient c =
        client(
            Map.of(
                "https_proxy",
                "http://alice:s3cret@127.0.0.1:" + proxy.getPort(),
                "http_proxy",
                proxyUrl()));
    assertEquals(407, get(c, originUrl()));
    assertEquals(1, proxy.getRequestCount());
    assertNull(proxy.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Proxy-Authorization"));
  }

  @Test
  void aMalformedProxyUrl_isRefusedNamingTheVariable() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> client(Map.of("HTTPS_PROXY", "x y")));
    assertTrue(e.getMessage().contains("HTTPS_PROXY"), e.getMessage());
  }

  @Test
  void caBundle_addsTrustForAPrivateCa_withoutItTheHandshakeFails() throws Exception {
    try (MockWebServer tls = new MockWebServer()) {
      PrivateCa ca = new PrivateCa(dir.resolve("ca"));
      ca.serve(tls);
      tls.enqueue(new MockResponse.Builder().body("{}").build());
      String url = "https://localhost:" + tls.getPort() + "/manifest.json";
      assertThrows(
          SSLHandshakeException.class,
          () -> get(client(Map.of()), url),
          "the JDK's roots do not include the private CA");
      assertEquals(200, get(trusting(ca.pem()), url));
    }
  }

  /** A bundle adds its own CAs only: a server under another private CA is still refused. */
  @Test
  void caBundle_ofAnotherCa_doesNotTrustTheServer() throws Exception {
    try (MockWebServer tls = new MockWebServer()) {
      new PrivateCa(dir.resolve("server-ca")).serve(tls);
      PrivateCa other = new PrivateCa(dir.resolve("other-ca"));
      tls.enqueue(new MockResponse.Builder().body("{}").build());
      assertThrows(
          SSLHandshakeException.class,
          () -> get(trusting(other.pem()), "https://localhost:" + tls.getPort() + "/m.json"));
    }
  }

  @Test
  void redirectFromHttpsToPlainHttp_isRefusedEvenOnLoopback() throws Exception {
    try (MockWebServer tls = new MockWebServer()) {
      PrivateCa ca = new PrivateCa(dir.resolve("ca"));
      ca.serve(tls);
      tls.enqueue(new MockResponse.Builder().code(302).addHeader("Location", originUrl()).build());
      UpdateException e =
          assertThrows(
              UpdateException.class,
              () -> get(trusting(ca.pem()), "https://localhost:" + tls.getPort() + "/m.json"));
      assertEquals(Reason.INSECURE_URL, e.reason());
      assertTrue(e.getMessage().contains("refusing redirect from HTTPS"), e.getMessage());
      assertEquals(0, origin.getRequestCount(), "the plain-HTTP target was never contacted");
    }
  }

  @Test
  void caBundle_stillChecksTheHostName() throws Exception {
    try (MockWebServer tls = new MockWebServer()) {
      PrivateCa ca = new PrivateCa(dir.resolve("ca"));
      ca.serve(tls);
      // The certificate names only localhost, not the address 127.0.0.1.
      String url = "https://127.0.0.1:" + tls.getPort() + "/manifest.json";
      assertThrows(SSLPeerUnverifiedException.class, () -> get(trusting(ca.pem()), url));
    }
  }

  @Test
  void anUnreadableBundle_isRefusedNamingItsSource() throws Exception {
    Path text = Files.writeString(dir.resolve("bad.pem"), "not a certificate");
    IOException e = assertThrows(IOException.class, () -> trusting(text));
    assertTrue(e.getMessage().startsWith("MY_CA_BUNDLE: "), e.getMessage());
    assertTrue(e.getMessage().contains(text.toString()), e.getMessage());

    IOException missing =
        assertThrows(IOException.class, () -> trusting(dir.resolve("missing.pem")));
    assertTrue(missing.getMessage().startsWith("MY_CA_BUNDLE: "), missing.getMessage());
  }

  @Test
  void aBundleWithNoCertificate_isRefused() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    IOException e = assertThrows(IOException.class, () -> trusting(empty));
    assertTrue(e.getMessage().contains("holds no certificate"), e.getMessage());
  }

  /** The client's trust is the JDK's roots plus every CA of the bundle, all offered as issuers. */
  @Test
  void theAcceptedIssuers_areTheDefaultRootsAndEveryCaOfTheBundle() throws Exception {
    PrivateCa one = new PrivateCa(dir.resolve("one"));
    PrivateCa two = new PrivateCa(dir.resolve("two"));
    Path bundle =
        Files.writeString(
            dir.resolve("bundle.pem"), Files.readString(one.pem()) + Files.readString(two.pem()));
    List<X509Certificate> issuers =
        List.of(trusting(bundle).x509TrustManager().getAcceptedIssuers());
    List<X509Certificate> roots = List.of(defaultTrust().getAcceptedIssuers());
    assertTrue(issuers.contains(one.certificate()), "the bundle's first CA");
    assertTrue(issuers.contains(two.certificate()), "the bundle's second CA");
    assertTrue(issuers.containsAll(roots), "every default root");
    assertEquals(roots.size() + 2, issuers.size());
  }

  @Test
  void caBundleApply_configuresAndReturnsTheGivenBuilder() throws Exception {
    PrivateCa ca = new PrivateCa(dir.resolve("ca"));
    OkHttpClient.Builder b = new OkHttpClient.Builder();
    assertSame(b, CaBundle.apply(b, ca.pem()));
    assertTrue(
        List.of(b.build().x509TrustManager().getAcceptedIssuers()).contains(ca.certificate()));
  }

  /**
   * The JDK's roots are asked first and decide alone when they accept: a chain of one of them needs
   * no bundle (a bundle-only check would refuse it).
   */
  @Test
  void aChainTheDefaultRootsAccept_isAcceptedWithoutTheBundle() throws Exception {
    X509TrustManager combined = trusting(new PrivateCa(dir.resolve("ca")).pem()).x509TrustManager();
    X509Certificate root = acceptedDefaultRoot();
    combined.checkServerTrusted(new X509Certificate[] {root}, "UNKNOWN");
  }

  @Test
  void aChainOfTheBundlesCa_isAcceptedByTheBundle_afterTheDefaultRootsRefuseIt() throws Exception {
    PrivateCa ca = new PrivateCa(dir.resolve("ca"));
    X509Certificate[] chain = {ca.certificate()};
    assertThrows(
        CertificateException.class, () -> defaultTrust().checkServerTrusted(chain, "UNKNOWN"));
    trusting(ca.pem()).x509TrustManager().checkServerTrusted(chain, "UNKNOWN");
  }

  /** A bundle is for servers: client certificates are judged by the default roots alone. */
  @Test
  void clientCertificates_areNotTrustedBecauseOfTheBundle() throws Exception {
    PrivateCa ca = new PrivateCa(dir.resolve("ca"));
    X509TrustManager combined = trusting(ca.pem()).x509TrustManager();
    assertThrows(
        CertificateException.class,
        () -> combined.checkClientTrusted(new X509Certificate[] {ca.certificate()}, "UNKNOWN"));
  }

  private static X509TrustManager defaultTrust() throws Exception {
    TrustManagerFactory f =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init((java.security.KeyStore) null);
    return (X509TrustManager) f.getTrustManagers()[0];
  }

  /** A root of the JDK's own trust store that the default trust accepts as a chain by itself. */
  private static X509Certificate acceptedDefaultRoot() throws Exception {
    X509TrustManager d = defaultTrust();
    Date now = new Date();
    for (X509Certificate c : d.getAcceptedIssuers()) {
      try {
        c.checkValidity(now);
        d.checkServerTrusted(new X509Certificate[] {c}, "UNKNOWN");
        return c;
      } catch (CertificateException e) {
        // Expired, or refused as a chain by itself: try the next root.
      }
    }
    throw new AssertionError("the JDK's trust store accepts none of its roots");
  }
}
