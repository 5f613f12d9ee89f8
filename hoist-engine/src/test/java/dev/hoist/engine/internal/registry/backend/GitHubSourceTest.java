package dev.hoist.engine.internal.registry.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.hoist.engine.internal.registry.ReleaseSelector.Choice;
import dev.hoist.engine.internal.registry.ReleaseSource;
import dev.hoist.engine.internal.version.Platform;
import dev.hoist.engine.internal.version.Version;
import dev.hoist.engine.testing.Fixtures;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
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

class GitHubSourceTest {
  static final Platform LINUX = Platform.of("Linux", "amd64");
  static final Platform MAC_ARM = Platform.of("Mac OS X", "aarch64");
  static final Platform WINDOWS = Platform.of("Windows 11", "amd64");
  static final String SHA_LINUX = "1a".repeat(32);
  static final String SHA_MAC = "2b".repeat(32);

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path state;

  private ReleaseSource source(Optional<String> token) throws UpdateException {
    Transport transport = new Transport(new OkHttpClient.Builder().build());
    URI setting = URI.create("github:hoist-test/tool?api=" + server.url("/api/v3"));
    return new Backends(transport, new ObjectMapper(), token).open(setting, state).orElseThrow();
  }

  private String releases() {
    return Fixtures.load(
        "github/releases.json",
        Map.of(
            "API",
            server.url("/api/v3/").toString(),
            "DOWNLOAD",
            server.url("/download/").toString(),
            "SHA_DRAFT",
            "00".repeat(32),
            "SHA_BETA",
            "3c".repeat(32),
            "SIZE_BETA",
            "4096",
            "SHA_LINUX",
            SHA_LINUX,
            "SIZE_LINUX",
            "5000",
            "SIZE_MAC",
            "6000"));
  }

  private Manifest fetched(Optional<String> token) throws Exception {
    server.enqueue(new MockResponse.Builder().body(releases()).addHeader("ETag", "\"r1\"").build());
    return source(token).fetch();
  }

  @Test
  void releases_resolveToChannelsAndPlatformAssets() throws Exception {
    Manifest m = fetched(Optional.of("t0ken"));
    assertEquals(
        "https://github.com/hoist-test/tool/releases/tag/v1.2.0",
        m.releases().get(1).notesUrl(),
        "the release page, to read its notes");

    RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals("/api/v3/repos/hoist-test/tool/releases?per_page=100", r.getTarget());
    assertEquals("application/vnd.github+json", r.getHeaders().get("Accept"));
    assertEquals("Bearer t0ken", r.getHeaders().get("Authorization"));
    assertEquals(
        List.of("1.3.0-beta.1", "1.2.0"),
        m.releases().stream().map(x -> x.version().toString()).toList(),
        "the draft and the non-SemVer nightly are left out");
    assertEquals(List.of("nightly"), m.unreadable(), "the nightly is named; a draft is no release");
    assertEquals(Version.parse("1.2.0"), m.channels().get("stable"));
    assertEquals(Version.parse("1.3.0-beta.1"), m.channels().get("beta"));
    assertEquals(Version.parse("1.3.0-beta.1"), m.channels().get("prerelease"));

    Choice linux = ReleaseSelector.select(m, "stable", Optional.empty(), LINUX);
    // With a token, assets come through the API (the only way for a private repository's).
    assertEquals(
        server.url("/api/v3/repos/hoist-test/tool/releases/assets/290000011").toString(),
        linux.asset().url());
    assertEquals("tool-1.2.0-linux-amd64.tar.gz", linux.asset().fileName());
    assertEquals("Bearer t0ken", linux.asset().headers().get("Authorization"));
    assertEquals("application/octet-stream", linux.asset().headers().get("Accept"));
    assertFalse(linux.asset().toString().contains("t0ken"), "never printed");
    Choice anonymous =
        ReleaseSelector.select(fetched(Optional.empty()), "stable", Optional.empty(), LINUX);
    assertEquals(
        server.url("/download/v1.2.0/tool-1.2.0-linux-amd64.tar.gz").toString(),
        anonymous.asset().url());
    assertEquals(Map.of(), anonymous.asset().headers());
    assertEquals(5000, linux.asset().size());
    assertEquals(Digest.sha256(SHA_LINUX), linux.asset().digest());
    Asset mac = ReleaseSelector.select(m, "stable", Optional.empty(), MAC_ARM).asset();
    assertEquals("tool_1.2.0_Darwin_arm64.tar.gz", mac.fileName());
    assertNull(mac.digest(), "no API digest: SHA256SUMS is read when it is chosen");
    assertTrue(
        ReleaseSelector.select(m, "stable", Optional.empty(), WINDOWS)
            .asset()
            .fileName()
            .endsWith(".zip"));
    assertTrue(
        m.releases().get(1).assets().stream()
            .noneMatch(a -> a.fileName().contains("SUMS") || a.fileName().contains("sbom")));
  }

  @Test
  void withoutAToken_noAuthorizationIsSent() throws Exception {
    fetched(Optional.empty());
    assertNull(server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization"));
  }

  @Test
  void assetWithoutApiDigest_isVerifiedBySha256Sums() throws Exception {
    Manifest m = fetched(Optional.empty());
    Choice mac = ReleaseSelector.select(m, "stable", Optional.empty(), MAC_ARM);
    server.enqueue(new MockResponse.Builder().code(304).build());
    server.enqueue(
        new MockResponse.Builder()
            .body(
                SHA_LINUX
                    + "  tool-1.2.0-linux-amd64.tar.gz\n"
                    + SHA_MAC.toUpperCase(java.util.Locale.ROOT)
                    + " *tool_1.2.0_Darwin_arm64.tar.gz\n")
            .build());

    Asset a = source(Optional.empty()).verifiable(mac.release(), mac.asset());
    assertEquals(Digest.sha256(SHA_MAC), a.digest());
    server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals(
        "\"r1\"", server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("If-None-Match"));
    assertEquals(
        "/download/v1.2.0/SHA256SUMS", server.takeRequest(1, TimeUnit.SECONDS).getTarget());
  }

  @Test
  void assetNeitherDigestedNorListed_failsClosed() throws Exception {
    Manifest m = fetched(Optional.empty());
    Choice win = ReleaseSelector.select(m, "stable", Optional.empty(), WINDOWS);
    server.enqueue(new MockResponse.Builder().code(304).build());
    server.enqueue(
        new MockResponse.Builder().body(SHA_LINUX + "  tool-1.2.0-linux-amd64.tar.gz\n").build());

    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> source(Optional.empty()).verifiable(win.release(), win.asset()));
    assertEquals(Reason.CHECKSUM_MISSING, e.reason());
  }

  @Test
  void exhaustedRateLimit_saysWhenItResetsAndHowToRaiseIt() {
    long reset = 1_796_000_000L;
    server.enqueue(
        new MockResponse.Builder()
            .code(403)
            .addHeader("X-RateLimit-Limit", "60")
            .addHeader("X-RateLimit-Remaining", "0")
            .addHeader("X-RateLimit-Reset", Long.toString(reset))
            .body(Fixtures.load("github/rate-limited.json", Map.of()))
            .build());
    UpdateException e = assertThrows(UpdateException.class, () -> source(Optional.empty()).fetch());
    assertEquals(Reason.REGISTRY_ERROR, e.reason());
    assertTrue(e.getMessage().contains("rate limit exhausted (limit 60"), e.getMessage());
    assertTrue(
        e.getMessage().contains("resets at " + Instant.ofEpochSecond(reset)), e.getMessage());
    assertTrue(e.getMessage().contains("HOIST_GITHUB_TOKEN"), e.getMessage());
  }

  @Test
  void secondaryRateLimit_saysWhenToRetry() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "60")
            .body(Fixtures.load("github/rate-limited.json", Map.of()))
            .build());
    UpdateException e = assertThrows(UpdateException.class, () -> source(Optional.of("t")).fetch());
    assertTrue(e.getMessage().contains("retry after 60 s"), e.getMessage());
  }

  @Test
  void forbiddenWithoutRateLimit_isAPlainRegistryError() {
    server.enqueue(
        new MockResponse.Builder().code(403).body("{\"message\":\"Forbidden\"}").build());
    UpdateException e = assertThrows(UpdateException.class, () -> source(Optional.empty()).fetch());
    assertTrue(e.getMessage().contains("HTTP 403"), e.getMessage());
  }

  @Test
  void unknownRepository_hintsAtATokenForPrivateOnes() {
    server.enqueue(
        new MockResponse.Builder()
            .code(404)
            .body(Fixtures.load("github/not-found.json", Map.of()))
            .build());
    UpdateException e = assertThrows(UpdateException.class, () -> source(Optional.empty()).fetch());
    assertEquals(Reason.REGISTRY_ERROR, e.reason());
    assertTrue(e.getMessage().contains("404 (not found)"), e.getMessage());
    assertTrue(
        e.getMessage().contains("private repository needs HOIST_GITHUB_TOKEN"), e.getMessage());
  }

  @Test
  void platformNames_followReleaseToolConventions() {
    assertEquals(List.of("linux-x64"), PlatformNames.of("tool-x86_64-unknown-linux-gnu.tar.xz"));
    assertEquals(List.of("macos-arm64"), PlatformNames.of("tool-aarch64-apple-darwin.tar.gz"));
    assertEquals(List.of("macos-x64", "macos-arm64"), PlatformNames.of("tool-macos-universal.zip"));
    assertEquals(List.of("windows-x64"), PlatformNames.of("tool_Windows_x86_64.zip"));
    assertEquals(List.of("any"), PlatformNames.of("tool-1.2.0.tgz"));
    assertEquals(List.of(), PlatformNames.of("tool-arm64.tar.gz"), "an arch alone is ambiguous");
    assertEquals(List.of(), PlatformNames.of("tool-1.2.0-linux-amd64.deb"));
  }
}
