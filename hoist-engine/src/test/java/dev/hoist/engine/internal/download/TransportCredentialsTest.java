package dev.hoist.engine.internal.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** A registry token must not follow a redirect to another origin (GitHub and npm redirect). */
class TransportCredentialsTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private URI at(String host, String path) {
    return URI.create("http://" + host + ":" + server.getPort() + path);
  }

  private void get(URI uri) throws Exception {
    get(new OkHttpClient(), uri);
  }

  private void get(OkHttpClient client, URI uri) throws Exception {
    try (Transport.Reply r =
        new Transport(client)
            .get(uri, Map.of("Authorization", "Bearer s3cret", "Accept", "x/y"), 0)) {
      assertEquals(200, r.code());
    }
  }

  private void redirectTo(URI location) {
    server.enqueue(
        new MockResponse.Builder().code(302).addHeader("Location", location.toString()).build());
    server.enqueue(new MockResponse.Builder().body("ok").build());
  }

  @Test
  void redirectToAnotherHost_dropsTheAuthorizationHeaderOnly() throws Exception {
    redirectTo(at("127.0.0.1", "/cdn/asset"));
    get(at("localhost", "/api/asset"));

    assertEquals(
        "Bearer s3cret", server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization"));
    var hop = server.takeRequest(1, TimeUnit.SECONDS);
    assertNull(hop.getHeaders().get("Authorization"));
    assertEquals("x/y", hop.getHeaders().get("Accept"));
  }

  /** Another port is another server: curl drops credentials there too. */
  @Test
  void redirectToAnotherPortOfTheSameHost_dropsIt() throws Exception {
    try (MockWebServer other = new MockWebServer()) {
      other.enqueue(new MockResponse.Builder().body("ok").build());
      other.start();
      redirectTo(URI.create(other.url("/cdn/asset").toString()));
      get(URI.create(server.url("/api/asset").toString()));

      assertEquals(
          server.url("/").host(), other.url("/").host(), "the same host name, another port");
      assertEquals(
          "Bearer s3cret",
          server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization"));
      assertNull(other.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization"));
    }
  }

  @Test
  void redirectOnTheSameHost_keepsIt() throws Exception {
    redirectTo(at("localhost", "/api/renamed"));
    get(at("localhost", "/api/asset"));

    server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals(
        "Bearer s3cret", server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization"));
  }

  /**
   * A port-less URL and the same URL with its scheme's default port are one origin; another port is
   * not. (Through a proxy, so that port-less URLs reach the loopback test server.)
   */
  @Test
  void theDefaultPortSpelledOut_isTheSameOrigin_anotherPortIsNot() throws Exception {
    OkHttpClient viaProxy =
        HttpClients.build(
            HttpClients.CONNECT_TIMEOUT,
            HttpClients.READ_TIMEOUT,
            Map.of("http_proxy", "http://127.0.0.1:" + server.getPort()),
            Optional.empty());
    server.enqueue(
        new MockResponse.Builder()
            .code(302)
            .addHeader("Location", "http://localhost:80/api/renamed")
            .build());
    redirectTo(URI.create("http://localhost:443/api/elsewhere"));
    get(viaProxy, URI.create("http://localhost/api/asset"));

    var asked = server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals("/api/asset", asked.getUrl().encodedPath());
    assertEquals("Bearer s3cret", asked.getHeaders().get("Authorization"));
    assertEquals(
        "Bearer s3cret",
        server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization"),
        "http://localhost:80 is http://localhost");
    var other = server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals(443, other.getUrl().port());
    assertNull(other.getHeaders().get("Authorization"), "port 443 is another http server");
  }

  /** A redirect's own response is closed before the next hop, which then reuses its connection. */
  @Test
  void aRedirectsResponse_isReleased_itsConnectionServesTheNextHop() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(302)
            .addHeader("Location", "/api/renamed")
            .body("moved to /api/renamed")
            .build());
    server.enqueue(new MockResponse.Builder().body("ok").build());
    get(at("localhost", "/api/asset"));

    var first = server.takeRequest(1, TimeUnit.SECONDS);
    var second = server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals(first.getConnectionIndex(), second.getConnectionIndex());
    assertEquals(1, second.getExchangeIndex());
  }
}
