package dev.hoist.engine.internal.registry.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.download.Transport;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.registry.Asset;
import dev.hoist.engine.internal.registry.Manifest;
import dev.hoist.engine.internal.registry.ReleaseSelector;
import dev.hoist.engine.internal.registry.ReleaseSource;
import dev.hoist.engine.internal.version.Platform;
import dev.hoist.engine.internal.version.Version;
import dev.hoist.engine.testing.Fixtures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmSourceTest {
  static final Platform LINUX = Platform.of("Linux", "amd64");

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path state;

  private ReleaseSource source() throws UpdateException {
    Transport transport = new Transport(new OkHttpClient.Builder().build());
    URI setting = URI.create("npm:@hoist-test/tool?registry=" + server.url("/npm/"));
    return new Backends(transport, new ObjectMapper(), Optional.empty())
        .open(setting, state)
        .orElseThrow();
  }

  private String document() {
    return Fixtures.load(
        "npm/tool.json",
        Map.of(
            "REGISTRY", server.url("/npm/").toString(),
            "INTEGRITY_1.0.0", Fixtures.sri512(bytes("one")),
            "INTEGRITY_1.1.0", Fixtures.sri512(bytes("one-one")),
            "INTEGRITY_1.2.0-beta.1", Fixtures.sri512(bytes("beta"))));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void onThePublicRegistry_eachVersionLinksToItsPage_onAnotherNone() throws Exception {
    Transport transport = new Transport(new OkHttpClient.Builder().build());
    NpmSource pub =
        (NpmSource)
            new Backends(transport, new ObjectMapper(), Optional.empty())
                .open(URI.create("npm:@hoist-test/tool"), state)
                .orElseThrow();
    Manifest m = pub.parse(bytes(document()), URI.create("https://registry.npmjs.org/"));
    assertEquals(
        "https://www.npmjs.com/package/@hoist-test/tool/v/1.1.0",
        m.releases().stream()
            .filter(r -> r.version().toString().equals("1.1.0"))
            .findFirst()
            .orElseThrow()
            .notesUrl());
    server.enqueue(new MockResponse.Builder().body(document()).build());
    assertEquals("", source().fetch().releases().get(0).notesUrl(), "a private registry: none");
  }

  @Test
  void packageDocument_resolvesToReleasesAndChannels() throws Exception {
    server.enqueue(new MockResponse.Builder().body(document()).build());
    Manifest m = source().fetch();

    RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals("/npm/@hoist-test%2Ftool", r.getUrl().encodedPath());
    assertTrue(r.getHeaders().get("Accept").startsWith("application/vnd.npm.install-v1+json"));
    assertEquals(Version.parse("1.1.0"), m.channels().get("stable"), "latest is stable");
    assertEquals(Version.parse("1.2.0-beta.1"), m.channels().get("next"));
    assertEquals(Version.parse("0.9.0"), m.channels().get("legacy"));
    assertEquals(4, m.releases().size());

    Asset stable = ReleaseSelector.select(m, "stable", Optional.empty(), LINUX).asset();
    assertEquals(server.url("/npm/@hoist-test/tool/-/tool-1.1.0.tgz").toString(), stable.url());
    assertEquals(-1, stable.size(), "npm does not state the packed size");
    assertEquals(
        new Digest(Digest.Algorithm.SHA512, Fixtures.hex("SHA-512", bytes("one-one"))),
        stable.digest());
    assertEquals(
        "1.2.0-beta.1",
        ReleaseSelector.select(m, "next", Optional.empty(), LINUX).version().toString());
  }

  @Test
  void versionWithoutIntegrity_fallsBackToTheLegacyShasum() throws Exception {
    server.enqueue(new MockResponse.Builder().body(document()).build());
    Asset old =
        ReleaseSelector.select(
                source().fetch(), "stable", Optional.of(Version.parse("0.9.0")), LINUX)
            .asset();
    assertEquals(Digest.Algorithm.SHA1, old.digest().algorithm());
    assertEquals("0a4ba5e3fa1bd4df0dc2ab9d9d4c5a6e3be1cc3b", old.digest().hex());
  }

  @Test
  void secondFetch_isConditionalAndServedFromCacheOn304() throws Exception {
    server.enqueue(
        new MockResponse.Builder().body(document()).addHeader("ETag", "W/\"e1\"").build());
    server.enqueue(new MockResponse.Builder().code(304).build());
    Manifest first = source().fetch();
    Manifest second = source().fetch();

    server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals(
        "W/\"e1\"", server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("If-None-Match"));
    assertEquals(first.channels(), second.channels());
    assertEquals(first.releases().size(), second.releases().size());
  }

  @Test
  void unknownPackage_isARegistryErrorSayingNotFound() {
    server.enqueue(
        new MockResponse.Builder()
            .code(404)
            .body(Fixtures.load("npm/not-found.json", Map.of()))
            .build());
    UpdateException e = assertThrows(UpdateException.class, () -> source().fetch());
    assertEquals(Reason.REGISTRY_ERROR, e.reason());
    assertTrue(e.getMessage().contains("HTTP 404 (not found)"), e.getMessage());
    assertTrue(e.getMessage().contains("@hoist-test/tool"), e.getMessage());
  }

  @Test
  void malformedDocument_isRefusedNamingTheField() {
    server.enqueue(
        new MockResponse.Builder().body(Fixtures.load("npm/malformed.json", Map.of())).build());
    UpdateException e = assertThrows(UpdateException.class, () -> source().fetch());
    assertEquals(Reason.MANIFEST_INVALID, e.reason());
    assertTrue(e.getMessage().contains("'versions' must be an object"), e.getMessage());
  }

  @Test
  void notJson_isRefused() {
    server.enqueue(new MockResponse.Builder().body("<html>gateway</html>").build());
    UpdateException e = assertThrows(UpdateException.class, () -> source().fetch());
    assertEquals(Reason.MANIFEST_INVALID, e.reason());
  }

  @Test
  void aVersionThatIsNotSemVer_isLeftOut_andNamed() throws Exception {
    String doc =
        "{\"name\":\"t\",\"dist-tags\":{\"latest\":\"1.0.0\"},\"versions\":{"
            + "\"1.0.0\":{\"dist\":{\"tarball\":\"https://registry.example/t-1.0.0.tgz\"}},"
            + "\"1.0\":{\"dist\":{\"tarball\":\"https://registry.example/t-1.0.tgz\"}}}}";
    server.enqueue(new MockResponse.Builder().body(doc).build());
    Manifest m = source().fetch();
    assertEquals(1, m.releases().size());
    assertEquals(List.of("1.0"), m.unreadable());
    assertEquals(
        "left out 1 listed version that cannot be ordered as versions: '1.0'",
        m.unreadableWarning().orElseThrow());
  }

  @Test
  void versionWithNoChecksumAtAll_hasNoDigest() throws Exception {
    String doc =
        "{\"name\":\"t\",\"dist-tags\":{\"latest\":\"1.0.0\"},\"versions\":{\"1.0.0\":"
            + "{\"dist\":{\"tarball\":\"https://registry.example/t-1.0.0.tgz\"}}}}";
    server.enqueue(new MockResponse.Builder().body(doc).build());
    Asset a = source().fetch().releases().get(0).assets().get(0);
    assertNull(a.digest(), "so the Downloader refuses it (CHECKSUM_MISSING)");
  }

  @Test
  void badSetting_isRefusedBeforeAnyRequest() {
    assertThrows(IllegalArgumentException.class, () -> Backends.validate(URI.create("npm:-tool")));
    assertThrows(
        IllegalArgumentException.class,
        () -> Backends.validate(URI.create("npm:tool?registy=https://x.example/")));
    assertEquals(0, server.getRequestCount());
  }
}
