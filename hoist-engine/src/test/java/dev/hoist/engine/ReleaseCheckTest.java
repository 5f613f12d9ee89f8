package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.download.Transport;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.registry.Manifest;
import dev.hoist.engine.internal.registry.ManifestParser;
import dev.hoist.engine.internal.registry.RegistryClient;
import dev.hoist.engine.testing.Releases;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseCheckTest {
  private static final String SHA = "c".repeat(64);
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path state;

  private ReleaseCheck check() {
    RegistryClient client =
        new RegistryClient(
            new Transport(new OkHttpClient.Builder().followSslRedirects(false).build()));
    return new ReleaseCheck(
        client,
        new ManifestParser(),
        state,
        CLOCK,
        dev.hoist.engine.internal.trust.TrustedKeys.NONE);
  }

  private static String manifest(String version) {
    return Releases.manifest()
        .channel("stable", version)
        .release(version, "any", "h.tgz", 1, SHA)
        .json();
  }

  @Test
  void secondCheck_isConditionalAndServedFromCacheOn304() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .body(manifest("1.1.0"))
            .addHeader("ETag", "\"v1\"")
            .addHeader("Last-Modified", "Sat, 21 Nov 2026 10:00:00 GMT")
            .build());
    server.enqueue(new MockResponse.Builder().code(304).build());
    URI url = server.url("/manifest.json").uri();

    Manifest first = check().fetch(url);
    Manifest second = check().fetch(url);

    assertEquals(first.channels(), second.channels());
    RecordedRequest r1 = server.takeRequest(1, TimeUnit.SECONDS);
    RecordedRequest r2 = server.takeRequest(1, TimeUnit.SECONDS);
    assertNull(r1.getHeaders().get("If-None-Match"));
    assertEquals("\"v1\"", r2.getHeaders().get("If-None-Match"));
    assertEquals("Sat, 21 Nov 2026 10:00:00 GMT", r2.getHeaders().get("If-Modified-Since"));
    String last = Files.readString(state.resolve("last-check.json"));
    assertTrue(last.contains("\"latest\":\"1.1.0\""), last);
    assertTrue(last.contains("\"checkedAt\":\"2026-11-22T12:00:00Z\""), last);
  }

  @Test
  void otherRegistryUrl_doesNotReuseValidators() throws Exception {
    server.enqueue(
        new MockResponse.Builder().body(manifest("1.0.0")).addHeader("ETag", "x").build());
    server.enqueue(new MockResponse.Builder().body(manifest("1.0.0")).build());
    check().fetch(server.url("/a.json").uri());
    check().fetch(server.url("/b.json").uri());
    server.takeRequest(1, TimeUnit.SECONDS);
    assertNull(server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("If-None-Match"));
  }

  @Test
  void notFoundAndServerError_areRegistryErrors() {
    server.enqueue(new MockResponse.Builder().code(404).build());
    server.enqueue(new MockResponse.Builder().code(500).build());
    URI url = server.url("/manifest.json").uri();
    UpdateException e404 = assertThrows(UpdateException.class, () -> check().fetch(url));
    UpdateException e500 = assertThrows(UpdateException.class, () -> check().fetch(url));
    assertEquals(Reason.REGISTRY_ERROR, e404.reason());
    assertTrue(e404.getMessage().contains("404"), e404.getMessage());
    assertEquals(Reason.REGISTRY_ERROR, e500.reason());
  }

  @Test
  void closedPort_isUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/manifest.json");
    UpdateException e = assertThrows(UpdateException.class, () -> check().fetch(url));
    assertEquals(Reason.REGISTRY_UNREACHABLE, e.reason());
    assertTrue(e.reason().isTransient());
  }

  @Test
  void expiredManifest_failsClosed() {
    server.enqueue(
        new MockResponse.Builder()
            .body(
                Releases.manifest()
                    .release("1.0.0", "any", "h.tgz", 1, SHA)
                    .set("expires", "2026-11-01T00:00:00Z")
                    .json())
            .build());
    UpdateException e =
        assertThrows(UpdateException.class, () -> check().fetch(server.url("/m.json").uri()));
    assertEquals(Reason.MANIFEST_EXPIRED, e.reason());
  }

  @Test
  void lowerSerialThanSeen_isAReplay() throws Exception {
    URI url = server.url("/m.json").uri();
    server.enqueue(
        new MockResponse.Builder()
            .body(
                Releases.manifest()
                    .release("1.1.0", "any", "h.tgz", 1, SHA)
                    .set("serial", 5)
                    .json())
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .body(
                Releases.manifest()
                    .release("1.0.0", "any", "h.tgz", 1, SHA)
                    .set("serial", 4)
                    .json())
            .build());
    check().fetch(url);
    UpdateException e = assertThrows(UpdateException.class, () -> check().fetch(url));
    assertEquals(Reason.MANIFEST_REPLAYED, e.reason());
  }

  private static String serialManifest(String version, int serial) {
    return Releases.manifest()
        .release(version, "any", "h.tgz", 1, SHA)
        .set("serial", serial)
        .json();
  }

  @Test
  void checkingAnotherRegistry_neverMakesAReplayOfTheFirstAcceptable() throws Exception {
    URI first = server.url("/a/m.json").uri();
    URI other = server.url("/b/m.json").uri();
    server.enqueue(new MockResponse.Builder().body(serialManifest("1.1.0", 5)).build());
    server.enqueue(new MockResponse.Builder().body(serialManifest("2.0.0", 1)).build());
    server.enqueue(new MockResponse.Builder().body(serialManifest("1.0.0", 4)).build());
    check().fetch(first);
    check().fetch(other); // another registry, with serials of its own
    UpdateException e = assertThrows(UpdateException.class, () -> check().fetch(first));
    assertEquals(Reason.MANIFEST_REPLAYED, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("lower than 5"), e.getMessage());
  }

  @Test
  void aSerialRecordedBeforeSerialsWereKeptPerRegistry_stillCounts() throws Exception {
    URI url = server.url("/m.json").uri();
    Files.createDirectories(state);
    Files.writeString(state.resolve("last-check.json"), "{\"url\":\"" + url + "\",\"serial\":7}");
    server.enqueue(new MockResponse.Builder().body(serialManifest("1.0.0", 6)).build());
    UpdateException e = assertThrows(UpdateException.class, () -> check().fetch(url));
    assertEquals(Reason.MANIFEST_REPLAYED, e.reason());
  }

  @Test
  void hugeBody_isRefused() {
    server.enqueue(
        new MockResponse.Builder()
            .body("{\"pad\":\"" + "x".repeat(RegistryClient.MAX_MANIFEST_BYTES) + "\"}")
            .build());
    UpdateException e =
        assertThrows(UpdateException.class, () -> check().fetch(server.url("/m.json").uri()));
    assertEquals(Reason.MANIFEST_INVALID, e.reason());
  }
}
