package dev.hoist.engine.internal.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** A registry token must not follow a redirect to another host (GitHub and npm redirect). */
class TransportCredentialsTest {
  @StartStop final MockWebServer server = new MockWebServer();

  private URI at(String host, String path) {
    return URI.create("http://" + host + ":" + server.getPort() + path);
  }

  private void get(URI uri) throws Exception {
    try (Transport.Reply r =
        new Transport(new OkHttpClient())
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
}
