package dev.hoist.picocli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.download.Transport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proxy variables and the CA bundle, against real loopback servers (TLS made with OpenSSL). */
class HttpSettingsTest {
  @StartStop final MockWebServer origin = new MockWebServer();
  @StartStop final MockWebServer proxy = new MockWebServer();
  @TempDir Path dir;

  private Environment env(Map<String, String> vars) {
    return new Environment(vars, Optional.empty(), dir, "Linux", "amd64", dir, false);
  }

  private static int get(OkHttpClient client, String url) throws Exception {
    try (Transport.Reply r = new Transport(client).get(java.net.URI.create(url), Map.of(), 0)) {
      r.body().readAllBytes();
      return r.code();
    }
  }

  @Test
  void httpProxy_carriesTheRequest_andNoProxyBypassesIt() throws Exception {
    proxy.enqueue(new MockResponse.Builder().body("via proxy").build());
    String url = "http://localhost:" + origin.getPort() + "/manifest.json";
    OkHttpClient viaProxy =
        HttpSettings.client(env(Map.of("HTTP_PROXY", "http://127.0.0.1:" + proxy.getPort())));
    assertEquals(200, get(viaProxy, url));
    RecordedRequest r = proxy.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("localhost:" + origin.getPort(), r.getHeaders().get("Host"));
    assertEquals(0, origin.getRequestCount());

    origin.enqueue(new MockResponse.Builder().body("direct").build());
    OkHttpClient bypass =
        HttpSettings.client(
            env(
                Map.of(
                    "http_proxy",
                    "http://127.0.0.1:" + proxy.getPort(),
                    "NO_PROXY",
                    "example.com,localhost")));
    assertEquals(200, get(bypass, url));
    assertEquals(1, origin.getRequestCount());
    assertEquals(1, proxy.getRequestCount());
  }

  @Test
  void proxyCredentials_answerTheProxysChallenge() throws Exception {
    proxy.enqueue(
        new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic").build());
    proxy.enqueue(new MockResponse.Builder().body("ok").build());
    OkHttpClient client =
        HttpSettings.client(
            env(Map.of("http_proxy", "http://alice:s3cret@127.0.0.1:" + proxy.getPort())));
    assertEquals(200, get(client, "http://localhost:" + origin.getPort() + "/m.json"));
    assertEquals(
        null, proxy.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Proxy-Authorization"));
    assertEquals(
        okhttp3.Credentials.basic("alice", "s3cret"),
        proxy.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Proxy-Authorization"));
  }

  @Test
  void noProxy_matchesDomainSuffixesAndStar() {
    var p =
        dev.hoist.engine.internal.download.EnvironmentProxySelector.of(
            Map.of("HTTPS_PROXY", "proxy:3128", "no_proxy", ".corp.example, internal"));
    var direct = List.of(java.net.Proxy.NO_PROXY);
    assertEquals(direct, p.select(java.net.URI.create("https://a.corp.example/m")));
    assertEquals(direct, p.select(java.net.URI.create("https://internal/m")));
    assertEquals(1, p.select(java.net.URI.create("https://example.com/m")).size());
    assertTrue(p.select(java.net.URI.create("https://notinternal/m")).get(0).address() != null);
    assertEquals(direct, p.select(java.net.URI.create("http://example.com/m")), "no http proxy");
    var all =
        dev.hoist.engine.internal.download.EnvironmentProxySelector.of(
            Map.of("HTTPS_PROXY", "p:1", "NO_PROXY", "*"));
    assertEquals(direct, all.select(java.net.URI.create("https://example.com/m")));
  }

  @Test
  void malformedProxyUrl_isAConfigurationError() {
    TrustSettings.BadTrustConfig e =
        assertThrows(
            TrustSettings.BadTrustConfig.class,
            () -> HttpSettings.client(env(Map.of("HTTPS_PROXY", "socks5://x:1"))));
    assertTrue(e.getMessage().contains("HTTPS_PROXY"), e.getMessage());
  }

  @Test
  void caBundle_addsTrustForAPrivateCa_withoutItTheHandshakeFails() throws Exception {
    try (MockWebServer tls = new MockWebServer()) {
      Path ca = privateCaServing(tls);
      tls.enqueue(new MockResponse.Builder().body("{}").build());
      String url = "https://localhost:" + tls.getPort() + "/manifest.json";
      assertThrows(
          javax.net.ssl.SSLHandshakeException.class,
          () -> get(HttpSettings.client(env(Map.of())), url),
          "the JDK's roots do not include the private CA");
      OkHttpClient trusting = HttpSettings.client(env(Map.of("HOIST_CA_BUNDLE", ca.toString())));
      assertEquals(200, get(trusting, url));
    }
  }

  @Test
  void redirectFromHttpsToPlainHttp_isRefusedEvenOnLoopback() throws Exception {
    try (MockWebServer tls = new MockWebServer()) {
      Path ca = privateCaServing(tls);
      tls.enqueue(
          new MockResponse.Builder()
              .code(302)
              .addHeader("Location", "http://localhost:" + origin.getPort() + "/manifest.json")
              .build());
      OkHttpClient trusting = HttpSettings.client(env(Map.of("HOIST_CA_BUNDLE", ca.toString())));
      dev.hoist.engine.internal.failure.UpdateException e =
          assertThrows(
              dev.hoist.engine.internal.failure.UpdateException.class,
              () -> get(trusting, "https://localhost:" + tls.getPort() + "/manifest.json"));
      assertEquals(
          dev.hoist.engine.internal.failure.UpdateException.Reason.INSECURE_URL, e.reason());
      assertEquals(0, origin.getRequestCount(), "the plain-HTTP target was never contacted");
    }
  }

  @Test
  void caBundle_stillChecksTheHostName() throws Exception {
    try (MockWebServer tls = new MockWebServer()) {
      Path ca = privateCaServing(tls);
      // The certificate names only localhost, not the address 127.0.0.1.
      String url = "https://127.0.0.1:" + tls.getPort() + "/manifest.json";
      assertThrows(
          javax.net.ssl.SSLPeerUnverifiedException.class,
          () -> get(HttpSettings.client(env(Map.of("HOIST_CA_BUNDLE", ca.toString()))), url));
    }
  }

  @Test
  void unreadableBundle_isAConfigurationError() throws Exception {
    Files.writeString(dir.resolve("bad.pem"), "not a certificate");
    assertThrows(
        TrustSettings.BadTrustConfig.class,
        () ->
            HttpSettings.client(env(Map.of("HOIST_CA_BUNDLE", dir.resolve("bad.pem").toString()))));
  }

  /** Makes a CA and a localhost certificate with OpenSSL, serves TLS with it, returns the CA. */
  private Path privateCaServing(MockWebServer server) throws Exception {
    Files.writeString(dir.resolve("ext"), "subjectAltName=DNS:localhost\n");
    for (List<String> cmd :
        List.of(
            List.of(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=Hoist Test CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign"),
            List.of(
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                "srv.key",
                "-out",
                "srv.csr",
                "-subj",
                "/CN=localhost"),
            List.of(
                "x509",
                "-req",
                "-in",
                "srv.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "srv.pem",
                "-days",
                "2",
                "-extfile",
                "ext"),
            List.of(
                "pkcs12",
                "-export",
                "-in",
                "srv.pem",
                "-inkey",
                "srv.key",
                "-out",
                "srv.p12",
                "-passout",
                "pass:pw"))) {
      List<String> full = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
      full.addAll(cmd);
      Process p =
          new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("srv.p12"))) {
      ks.load(in, "pw".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "pw".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server.useHttps(tls.getSocketFactory());
    server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
    return dir.resolve("ca.pem");
  }
}
