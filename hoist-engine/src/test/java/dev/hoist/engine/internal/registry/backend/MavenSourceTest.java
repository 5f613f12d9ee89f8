package dev.hoist.engine.internal.registry.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.hoist.engine.internal.registry.ReleaseSelector.Choice;
import dev.hoist.engine.internal.registry.ReleaseSource;
import dev.hoist.engine.internal.version.Platform;
import dev.hoist.engine.internal.version.Version;
import dev.hoist.engine.testing.Fixtures;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenSourceTest {
  static final Platform LINUX = Platform.of("Linux", "amd64");
  static final String SHA512 = "ab".repeat(64);
  static final String SHA1 = "cd".repeat(20);

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path state;

  private ReleaseSource source() throws UpdateException {
    Transport transport = new Transport(new OkHttpClient.Builder().build());
    URI setting =
        URI.create(
            "maven:dev.hoist.test:tool:linux-x64:tar.gz?repository=" + server.url("/maven2"));
    return new Backends(transport, new ObjectMapper(), Optional.empty())
        .open(setting, state)
        .orElseThrow();
  }

  private static MockResponse ok(String body) {
    return new MockResponse.Builder().body(body).build();
  }

  private static MockResponse notFound() {
    return new MockResponse.Builder()
        .code(404)
        .body(Fixtures.load("maven/not-found.html", Map.of()))
        .build();
  }

  private Choice stable() throws Exception {
    server.enqueue(ok(Fixtures.load("maven/maven-metadata.xml", Map.of())));
    Manifest m = source().fetch();
    server.takeRequest(1, TimeUnit.SECONDS);
    return ReleaseSelector.select(m, "stable", Optional.empty(), LINUX);
  }

  @Test
  void metadata_resolvesToNormalisedSemanticVersions() throws Exception {
    server.enqueue(ok(Fixtures.load("maven/maven-metadata.xml", Map.of())));
    Manifest m = source().fetch();

    assertEquals(
        "/maven2/dev/hoist/test/tool/maven-metadata.xml",
        server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath());
    assertEquals(
        List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0-rc-1", "2.0.0"),
        m.releases().stream().map(r -> r.version().toString()).toList(),
        "1.2 and 2 are normalised; 1.2.0.Final and the SNAPSHOT are left out");
    Choice stable = ReleaseSelector.select(m, "stable", Optional.empty(), LINUX);
    assertEquals("2.0.0", stable.version().toString());
    assertEquals(
        server.url("/maven2/dev/hoist/test/tool/2/tool-2-linux-x64.tar.gz").toString(),
        stable.asset().url(),
        "the artifact keeps its original version string");
    Choice pinned = ReleaseSelector.select(m, "stable", Optional.of(Version.parse("1.2.0")), LINUX);
    assertTrue(pinned.asset().url().endsWith("/tool/1.2/tool-1.2-linux-x64.tar.gz"));
    assertEquals(null, stable.asset().digest(), "checksums are fetched only for the chosen one");
  }

  @Test
  void verifiable_prefersSha512() throws Exception {
    Choice c = stable();
    server.enqueue(ok(SHA512 + "  tool-2-linux-x64.tar.gz\n"));
    Asset a = source().verifiable(c.release(), c.asset());

    assertEquals(new Digest(Digest.Algorithm.SHA512, SHA512), a.digest());
    assertTrue(
        server
            .takeRequest(1, TimeUnit.SECONDS)
            .getUrl()
            .encodedPath()
            .endsWith("tool-2-linux-x64.tar.gz.sha512"));
    assertEquals(2, server.getRequestCount(), "metadata, then the one checksum file needed");
  }

  @Test
  void verifiable_fallsBackToTheStrongestAvailable() throws Exception {
    Choice c = stable();
    server.enqueue(notFound());
    server.enqueue(notFound());
    server.enqueue(ok(SHA1.toUpperCase(java.util.Locale.ROOT)));
    Asset a = source().verifiable(c.release(), c.asset());

    assertEquals(new Digest(Digest.Algorithm.SHA1, SHA1), a.digest());
    for (String ext : List.of(".sha512", ".sha256", ".sha1")) {
      assertTrue(server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath().endsWith(ext), ext);
    }
  }

  @Test
  void noChecksumFiles_failsClosed() throws Exception {
    Choice c = stable();
    server.enqueue(notFound());
    server.enqueue(notFound());
    server.enqueue(notFound());
    UpdateException e =
        assertThrows(UpdateException.class, () -> source().verifiable(c.release(), c.asset()));
    assertEquals(Reason.CHECKSUM_MISSING, e.reason());
    assertTrue(e.getMessage().contains("refusing to download it unverified"), e.getMessage());
  }

  @Test
  void serverErrorOnAStrongerChecksum_neverFallsBackToAWeakerOne() throws Exception {
    Choice c = stable();
    server.enqueue(new MockResponse.Builder().code(503).build());
    UpdateException e =
        assertThrows(UpdateException.class, () -> source().verifiable(c.release(), c.asset()));
    assertEquals(Reason.REGISTRY_ERROR, e.reason());
    assertEquals(2, server.getRequestCount(), "no .sha256 or .sha1 was asked for");
  }

  @Test
  void unreadableChecksumFile_failsClosed() throws Exception {
    Choice c = stable();
    server.enqueue(ok("<html>not a checksum</html>"));
    UpdateException e =
        assertThrows(UpdateException.class, () -> source().verifiable(c.release(), c.asset()));
    assertEquals(Reason.CHECKSUM_MISSING, e.reason());
  }

  @Test
  void unknownArtifact_isARegistryErrorSayingNotFound() {
    server.enqueue(notFound());
    UpdateException e = assertThrows(UpdateException.class, () -> source().fetch());
    assertEquals(Reason.REGISTRY_ERROR, e.reason());
    assertTrue(e.getMessage().contains("HTTP 404 (not found)"), e.getMessage());
    assertTrue(e.getMessage().contains("dev.hoist.test:tool"), e.getMessage());
  }

  @Test
  void metadataWithADoctype_isRefusedWithoutResolvingEntities() {
    server.enqueue(ok(Fixtures.load("maven/xxe.xml", Map.of())));
    UpdateException e = assertThrows(UpdateException.class, () -> source().fetch());
    assertEquals(Reason.MANIFEST_INVALID, e.reason());
    assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    assertTrue(!e.getMessage().contains("root:"), "no file content leaked: " + e.getMessage());
  }

  @Test
  void metadataThatIsNotXml_isRefused() {
    server.enqueue(ok("{\"versions\":[]}"));
    UpdateException e = assertThrows(UpdateException.class, () -> source().fetch());
    assertEquals(Reason.MANIFEST_INVALID, e.reason());
  }

  @Test
  void normalise_followsTheDocumentedRules() {
    assertEquals("1.2.0", MavenSource.normalise("1.2").orElseThrow().toString());
    assertEquals("3.0.0", MavenSource.normalise("3").orElseThrow().toString());
    assertEquals("4.0.0-rc-2", MavenSource.normalise("4.0.0-rc-2").orElseThrow().toString());
    assertEquals("1.2.0-beta", MavenSource.normalise("1.2-beta").orElseThrow().toString());
    assertTrue(MavenSource.normalise("1.0-SNAPSHOT").isEmpty());
    assertTrue(MavenSource.normalise("1.0.Final").isEmpty());
    assertTrue(MavenSource.normalise("1.2.3.4").isEmpty());
    assertTrue(MavenSource.normalise("1.02").isEmpty());
  }

  @Test
  void badCoordinates_areRefusedBeforeAnyRequest() {
    assertThrows(
        IllegalArgumentException.class, () -> Backends.validate(URI.create("maven:only-group")));
    assertThrows(
        IllegalArgumentException.class, () -> Backends.validate(URI.create("maven:g:a:c:e:extra")));
    assertThrows(
        IllegalArgumentException.class,
        () -> Backends.validate(URI.create("maven:g:a?repository=not-a-url")));
    Backends.validate(URI.create("maven:org.apache.maven:apache-maven:bin:tar.gz"));
    assertEquals(0, server.getRequestCount());
  }
}
