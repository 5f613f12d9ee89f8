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
import mockwebserver3.RecordedRequest;
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
  void metadata_resolvesToVersionsInMavensOrder() throws Exception {
    server.enqueue(ok(Fixtures.load("maven/maven-metadata.xml", Map.of())));
    Manifest m = source().fetch();

    assertEquals(
        "/maven2/dev/hoist/test/tool/maven-metadata.xml",
        server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath());
    assertEquals(
        List.of("1.0.0", "1.1.0", "1.2", "1.3.0-rc-1", "2"),
        m.releases().stream().map(r -> r.version().toString()).toList(),
        "1.2.0.Final is 1.2 in Maven's order (listed second, it is left out), as is the SNAPSHOT");
    Choice stable = ReleaseSelector.select(m, "stable", Optional.empty(), LINUX);
    assertEquals("2", stable.version().toString());
    assertEquals(
        server.url("/maven2/dev/hoist/test/tool/2/tool-2-linux-x64.tar.gz").toString(),
        stable.asset().url(),
        "the artifact keeps its original version string");
    Choice pinned = ReleaseSelector.select(m, "stable", Optional.of(Version.maven("1.2.0")), LINUX);
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
    server.enqueue(new MockResponse.Builder().code(200).build()); // HEAD: the artifact is there
    UpdateException e =
        assertThrows(UpdateException.class, () -> source().verifiable(c.release(), c.asset()));
    assertEquals(Reason.CHECKSUM_MISSING, e.reason());
    assertTrue(e.getMessage().contains("refusing to download it unverified"), e.getMessage());
    for (int i = 0; i < 4; i++) server.takeRequest(1, TimeUnit.SECONDS);
  }

  @Test
  void noChecksumFilesAndNoArtifact_isNotPublished_namingTheArtifact() throws Exception {
    Choice c = stable();
    for (int i = 0; i < 4; i++) server.enqueue(notFound());
    UpdateException e =
        assertThrows(UpdateException.class, () -> source().verifiable(c.release(), c.asset()));
    assertEquals(Reason.NO_ASSET_FOR_PLATFORM, e.reason());
    assertTrue(e.getMessage().endsWith(c.asset().url() + " is not published"), e.getMessage());
    for (int i = 0; i < 3; i++) server.takeRequest(1, TimeUnit.SECONDS);
    RecordedRequest probe = server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals("HEAD", probe.getMethod(), "the artifact is probed, never fetched");
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

  /**
   * Recorded from Central on 2026-12-02: WildFly publishes only {@code N.N.N.Final} releases (with
   * Alpha, Beta and CR), which a SemVer reading dropped to nothing.
   */
  @Test
  void recordedWildFlyMetadata_everyVersionIsRead_andTheNewestFinalIsStable() throws Exception {
    server.enqueue(ok(Fixtures.load("maven/wildfly-dist-metadata.xml", Map.of())));
    Manifest m = source().fetch();
    assertEquals(71, m.releases().size());
    assertEquals(
        "39.0.1.Final",
        ReleaseSelector.select(m, "stable", Optional.empty(), LINUX).version().toString());
    java.util.function.Predicate<String> qualified = v -> v.matches(".*\\.(Alpha|Beta|CR)\\d+");
    assertEquals(
        m.releases().stream().filter(r -> qualified.test(r.version().toString())).toList(),
        m.releases().stream().filter(r -> r.version().isPreRelease()).toList(),
        "exactly the Alpha, Beta and CR versions are pre-releases");
  }

  /** Recorded from Central on 2026-12-02: 4.0.0-rc-4 is the newest listed, 3.10.1 the release. */
  @Test
  void recordedApacheMavenMetadata_theNewestReleaseIsNotTheNewestListed() throws Exception {
    server.enqueue(ok(Fixtures.load("maven/apache-maven-metadata.xml", Map.of())));
    Manifest m = source().fetch();
    assertEquals(64, m.releases().size());
    assertEquals(
        "3.10.1",
        ReleaseSelector.select(m, "stable", Optional.empty(), LINUX).version().toString());
    assertEquals(
        "4.0.0-rc-4",
        ReleaseSelector.select(m, "rc", Optional.empty(), LINUX).version().toString());
  }

  /** A hostile repository's versions name directories and URL paths: none may be a path. */
  @Test
  void versionsThatArePaths_areNeverReleases() throws Exception {
    server.enqueue(
        ok(
            "<metadata><versioning><versions><version>1.0.0</version>"
                + "<version>../../../../tmp/x</version><version>9.0/../../y</version>"
                + "<version>.9</version><version>99 .0</version><version>%2e%2e</version>"
                + "</versions></versioning></metadata>"));
    Manifest m = source().fetch();
    assertEquals(List.of("1.0.0"), m.releases().stream().map(r -> r.version().toString()).toList());
    assertEquals(
        List.of("../../../../tmp/x", "9.0/../../y", ".9", "99 .0", "%2e%2e"),
        m.unreadable(),
        "left out, but named");
    assertEquals(
        "left out 5 listed versions that cannot be ordered as versions: '../../../../tmp/x',"
            + " '9.0/../../y', '.9' and 2 more",
        m.unreadableWarning().orElseThrow());
  }

  @Test
  void snapshots_areLeftOutWithoutBeingReportedAsUnreadable() throws Exception {
    server.enqueue(
        ok(
            "<metadata><versioning><versions><version>1.0.0</version>"
                + "<version>1.1.0-SNAPSHOT</version></versions></versioning></metadata>"));
    Manifest m = source().fetch();
    assertEquals(1, m.releases().size());
    assertEquals(List.of(), m.unreadable());
    assertEquals(java.util.Optional.empty(), m.unreadableWarning());
  }

  @Test
  void normalise_keepsEveryVersionMavenCanOrder_butSnapshotsAndUnsafeNames() {
    for (String v : List.of("1.2", "3", "4.0.0-rc-2", "1.2-beta", "1.0.Final", "1.2.3.4", "1.02")) {
      assertEquals(v, MavenSource.normalise(v).orElseThrow().toString(), v);
    }
    assertTrue(MavenSource.normalise("1.0-SNAPSHOT").isEmpty());
    assertTrue(MavenSource.normalise("1.0-snapshot").isEmpty());
    assertTrue(MavenSource.normalise("../1.0").isEmpty(), "never a path");
    assertTrue(MavenSource.normalise("1.0/evil").isEmpty());
  }

  /**
   * Metadata shaped like real Central artifacts: four-part versions, qualifiers in every case and
   * separator. The old SemVer reading dropped all but 1.0.0 and picked it as "latest".
   */
  @Test
  void fourPartAndQualifiedVersions_arePickedInMavensOrder() throws Exception {
    server.enqueue(
        ok(
            "<metadata><versioning><versions>"
                + "<version>1.0.0</version><version>9.4.8.0</version><version>9.4.9.Final</version>"
                + "<version>9.4.10.0</version><version>9.4.11.RC1</version>"
                + "<version>10.0.0-alpha-1</version><version>9.4.10.0-sp1</version>"
                + "</versions></versioning></metadata>"));
    Manifest m = source().fetch();
    assertEquals(7, m.releases().size(), "nothing dropped");
    assertEquals(
        "9.4.10.0-sp1",
        ReleaseSelector.select(m, "stable", Optional.empty(), LINUX).version().toString(),
        "a service pack is a release, after its base; RC1 and alpha-1 are pre-releases");
    assertEquals(
        "10.0.0-alpha-1",
        ReleaseSelector.select(m, "beta", Optional.empty(), LINUX).version().toString());
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
