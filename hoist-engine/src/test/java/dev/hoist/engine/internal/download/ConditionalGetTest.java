package dev.hoist.engine.internal.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The quick path's JDK-socket GET: true for a 304 and nothing else, under Transport's policy. */
class ConditionalGetTest {
  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path tmp;

  private static final Map<String, String> IF_NONE_MATCH =
      Map.of("If-None-Match", "\"v1\"", "Accept", "application/json");

  @Test
  void a304IsNotModified_andTheRequestIsTheConditionalGetTransportWouldSend() throws Exception {
    server.enqueue(new MockResponse.Builder().code(304).build());
    URI uri = server.url("/dir/manifest.json?x=1").uri();
    assertTrue(ConditionalGet.notModified(uri, IF_NONE_MATCH, Map.of()));
    RecordedRequest r = server.takeRequest();
    assertEquals("GET", r.getMethod());
    assertEquals("/dir/manifest.json?x=1", r.getTarget());
    assertEquals("\"v1\"", r.getHeaders().get("If-None-Match"));
    assertEquals("application/json", r.getHeaders().get("Accept"));
    assertEquals(uri.getHost() + ":" + uri.getPort(), r.getHeaders().get("Host"));
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 301, 302, 307, 404, 500, 503})
  void everyOtherStatusMeansAskProperly(int code) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Location", server.url("/elsewhere"))
            .body("{}")
            .build());
    assertFalse(ConditionalGet.notModified(server.url("/m.json").uri(), IF_NONE_MATCH, Map.of()));
    assertEquals(1, server.getRequestCount(), "a redirect is not followed");
  }

  @Test
  void aServerThatIsNotThere_orThatSpeaksNoHttp_isNotAnAnswer() throws Exception {
    URI closed = server.url("/m.json").uri();
    server.close();
    assertFalse(ConditionalGet.notModified(closed, IF_NONE_MATCH, Map.of()));
    assertFalse(ConditionalGet.statusIs304(stream("SSH-2.0-OpenSSH_9.6\r\n")));
    assertFalse(ConditionalGet.statusIs304(stream("HTTP/1.1 3040 odd\r\n")));
    assertFalse(ConditionalGet.statusIs304(stream("HTTP/1.1 200 OK\r\n")));
    assertFalse(ConditionalGet.statusIs304(stream("HTTP/1.1 30")));
    assertFalse(ConditionalGet.statusIs304(stream("x".repeat(10_000))));
    assertTrue(ConditionalGet.statusIs304(stream("HTTP/1.1 304 Not Modified\r\n")));
    assertTrue(ConditionalGet.statusIs304(stream("HTTP/1.0 304\r\n")));
  }

  @Test
  void refusedUrlsAreNeverRequested() {
    for (String url :
        new String[] {
          "http://registry.example/m.json", // plain HTTP off loopback
          "ftp://127.0.0.1/m.json",
          "file:///etc/passwd",
          "http://user:pw@127.0.0.1:1/m.json", // credentials in the URL
        }) {
      assertFalse(ConditionalGet.notModified(URI.create(url), IF_NONE_MATCH, Map.of()), url);
    }
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aValidatorThatCouldSplitTheRequest_isNeverSent() {
    URI uri = URI.create("http://127.0.0.1:1/m.json");
    assertNull(ConditionalGet.request(uri, Map.of("If-None-Match", "\"a\"\r\nX-Evil: 1")));
    assertNull(ConditionalGet.request(uri, Map.of("If-None-Match", "\"a\"\nX-Evil: 1")));
    assertNull(ConditionalGet.request(uri, Map.of("Bad Name", "v")));
    assertNull(ConditionalGet.request(uri, Map.of("Authorization", "Bearer secret")));
    assertNull(ConditionalGet.request(uri, Map.of("Host", "other.example")));
    String ok =
        new String(
            ConditionalGet.request(uri, Map.of("If-Modified-Since", "Thu, 03 Dec 2026 07:18 GMT")),
            StandardCharsets.ISO_8859_1);
    assertTrue(ok.startsWith("GET /m.json HTTP/1.1\r\nHost: 127.0.0.1:1\r\n"), ok);
    assertTrue(ok.endsWith("Connection: close\r\n\r\n"), ok);
  }

  @Test
  void aProxyTheVariablesName_sendsTheRequestDownTheFullPath() {
    server.enqueue(new MockResponse.Builder().code(304).build());
    URI uri = server.url("/m.json").uri();
    assertFalse(
        ConditionalGet.notModified(uri, IF_NONE_MATCH, Map.of("http_proxy", "http://proxy:3128")));
    assertEquals(0, server.getRequestCount(), "no request made around the proxy");
    // Unless no_proxy exempts the host, as it would for Transport's client.
    assertTrue(
        ConditionalGet.notModified(
            uri,
            IF_NONE_MATCH,
            Map.of("http_proxy", "http://proxy:3128", "no_proxy", uri.getHost())));
  }

  @Test
  void aCertificateTheJdkDoesNotTrust_isNotAnAnswer() throws Exception {
    server.close();
    try (MockWebServer tls = new MockWebServer()) {
      new PrivateCa(tmp.resolve("ca")).serve(tls);
      tls.enqueue(new MockResponse.Builder().code(304).build());
      URI uri = URI.create("https://localhost:" + tls.getPort() + "/m.json");
      assertFalse(ConditionalGet.notModified(uri, IF_NONE_MATCH, Map.of()));
    }
  }

  private static ByteArrayInputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
  }
}
