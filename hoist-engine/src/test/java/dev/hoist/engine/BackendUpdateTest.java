package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.UpdateResult.Status;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.testing.Fixtures;
import dev.hoist.engine.testing.Releases;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole update flow against npm and Maven registries served by MockWebServer from recorded
 * document shapes, with real archives: backends must install, verify and refuse exactly as the
 * manifest format does.
 */
class BackendUpdateTest {
  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path tmp;
  private HoistHome home;
  private byte[] archive;
  private final Map<String, MockResponse> routes = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    home = Releases.activeHome(tmp.resolve("home"), "1.0.0");
    archive = Files.readAllBytes(Releases.fakeDistribution(tmp, "1.1.0"));
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            MockResponse r = routes.get(request.getUrl().encodedPath());
            if ("HEAD".equals(request.getMethod())) { // headers only, as a real server answers
              return new MockResponse.Builder().code(r != null ? r.getCode() : 404).build();
            }
            return r != null ? r : new MockResponse.Builder().code(404).build();
          }
        });
  }

  private UpdateResult update(String registry) {
    return engine().update(UpdateRequest.to(URI.create(registry)));
  }

  private UpdateEngine engine() {
    return UpdateEngine.builder()
        .installDir(Optional.of(home.versionDir("1.0.0")))
        .runningVersion("1.0.0")
        .platform("Linux", "amd64")
        .retry(
            new dev.hoist.engine.internal.download.Downloader.RetryPolicy(
                1, Duration.ofMillis(1), Duration.ofMillis(1)),
            d -> {})
        .smokeTestTimeout(Duration.ofSeconds(30))
        .build();
  }

  private static MockResponse body(byte[] bytes) {
    return new MockResponse.Builder().body(new Buffer().write(bytes)).build();
  }

  private static MockResponse body(String text) {
    return new MockResponse.Builder().body(text).build();
  }

  /**
   * An npm package as {@code npm pack} makes it: everything under {@code package/}, and a {@code
   * bin} file without its execute bit (as packages published from Windows have it). npm makes it
   * executable at install; so must Hoist, or the smoke test cannot run it.
   */
  private byte[] npmPackage() throws IOException {
    Path tgz =
        new dev.hoist.engine.internal.extract.ArchiveBuilder()
            .file(
                "package/package.json",
                "{\"name\": \"@hoist-test/tool\", \"version\": \"1.1.0\","
                    + " \"bin\": {\"tool\": \"./bin/hoist\"}}",
                0644)
            .file("package/bin/hoist", "#!/bin/sh\necho \"hoist 1.1.0\"\n", 0644)
            .write(tmp.resolve("tool-1.1.0.tgz"));
    return Files.readAllBytes(tgz);
  }

  /**
   * The safe {@code npm install -g}, with the machine's real npm: a package whose launcher needs
   * its dependency is installed with it (npm fetching it from the loopback registry, verified by
   * its integrity), the smoke test runs the launcher with node, and only then is it current.
   */
  @Test
  void npm_aPackageWithDependencies_isInstalledWithThem_byTheMachinesNpm() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/npm"))
            || Files.isExecutable(Path.of("/usr/local/bin/npm")),
        "needs npm, as this kind of machine has it");
    Path dep =
        new dev.hoist.engine.internal.extract.ArchiveBuilder()
            .file("package/package.json", "{\"name\": \"dep-a\", \"version\": \"1.0.0\"}")
            .file("package/index.js", "module.exports = 'dep-a 1.0.0';\n")
            .write(tmp.resolve("dep-a-1.0.0.tgz"));
    byte[] depBytes = Files.readAllBytes(dep);
    routes.put(
        "/dep-a",
        body(
            "{\"name\": \"dep-a\", \"dist-tags\": {\"latest\": \"1.0.0\"}, \"versions\":"
                + " {\"1.0.0\": {\"name\": \"dep-a\", \"version\": \"1.0.0\", \"dist\":"
                + " {\"tarball\": \""
                + server.url("/cdn/dep-a-1.0.0.tgz")
                + "\", \"integrity\": \""
                + Fixtures.sri512(depBytes)
                + "\"}}}}"));
    routes.put("/cdn/dep-a-1.0.0.tgz", body(depBytes));
    archive =
        Files.readAllBytes(
            new dev.hoist.engine.internal.extract.ArchiveBuilder()
                .file(
                    "package/package.json",
                    "{\"name\": \"@hoist-test/tool\", \"version\": \"1.1.0\","
                        + " \"bin\": {\"tool\": \"bin/hoist\"},"
                        + " \"dependencies\": {\"dep-a\": \"^1.0.0\"}}")
                .file(
                    "package/bin/hoist",
                    "#!/usr/bin/env node\nrequire('dep-a');\nconsole.log('hoist 1.1.0');\n",
                    0644)
                .write(tmp.resolve("tool-deps-1.1.0.tgz")));
    publishNpm(Fixtures.sri512(archive));
    Path npmHome = Files.createDirectories(tmp.resolve("npm-home"));
    Map<String, String> env =
        Map.of(
            "HOME", npmHome.toString(),
            "npm_config_registry", server.url("/").toString(),
            "npm_config_cache", npmHome.resolve("cache").toString(),
            "npm_config_update_notifier", "false");

    UpdateResult r =
        UpdateEngine.builder()
            .installDir(Optional.of(home.versionDir("1.0.0")))
            .runningVersion("1.0.0")
            .platform("Linux", "amd64")
            .smokeTestEnvironment(env)
            .smokeTestTimeout(Duration.ofSeconds(60))
            // As a descriptor without a launcher has it: the package's bin command, linked by
            // Hoist.
            .app(
                new App(
                    "tool", ".hoist/bin/tool", List.of("--version"), App.pattern("^hoist (\\S+)$")))
            .build()
            .update(UpdateRequest.to(URI.create(npm())));

    assertEquals(Status.UPDATED, r.status(), r.message());
    Path installed = home.versionDir("1.1.0");
    assertEquals(
        "module.exports = 'dep-a 1.0.0';\n",
        Files.readString(installed.resolve("node_modules/dep-a/index.js")));
    assertTrue(Files.isExecutable(installed.resolve("bin/hoist")));
    assertEquals(
        Path.of("../../bin/hoist"), Files.readSymbolicLink(installed.resolve(".hoist/bin/tool")));
  }

  private void publishNpm(String integrity) {
    String doc =
        Fixtures.load(
            "npm/tool.json",
            Map.of(
                "REGISTRY", server.url("/npm/").toString(),
                "INTEGRITY_1.0.0", Fixtures.sri512(new byte[] {1}),
                "INTEGRITY_1.1.0", integrity,
                "INTEGRITY_1.2.0-beta.1", Fixtures.sri512(new byte[] {2})));
    routes.put("/npm/@hoist-test%2Ftool", body(doc));
    // The registry redirects tarball downloads, as registry.npmjs.org does to its CDN.
    routes.put(
        "/npm/@hoist-test/tool/-/tool-1.1.0.tgz",
        new MockResponse.Builder()
            .code(302)
            .addHeader("Location", server.url("/cdn/tool-1.1.0.tgz"))
            .build());
    routes.put("/cdn/tool-1.1.0.tgz", body(archive));
  }

  private String npm() {
    return "npm:@hoist-test/tool?registry=" + server.url("/npm/");
  }

  private void assertStillOn100() throws Exception {
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
    try (Stream<Path> s = Files.list(home.staging())) {
      assertEquals(List.of(), s.toList(), "staging is empty");
    }
  }

  @Test
  void npm_installsTheLatestDistTagVerifiedBySha512() throws Exception {
    archive = npmPackage();
    publishNpm(Fixtures.sri512(archive));
    UpdateResult r = update(npm());

    assertEquals(Status.UPDATED, r.status(), r.message());
    assertEquals(Optional.of("1.1.0"), home.currentVersion());
    assertTrue(Files.isExecutable(home.versionDir("1.1.0").resolve("bin/hoist")), "bin made +x");
    assertFalse(
        Files.isExecutable(home.versionDir("1.1.0").resolve("package.json")), "nothing else");
    List<String> paths = new ArrayList<>();
    for (RecordedRequest q;
        (q = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS)) != null; ) {
      paths.add(q.getUrl().encodedPath());
    }
    assertEquals(
        List.of(
            "/npm/@hoist-test%2Ftool",
            "/npm/@hoist-test/tool/-/tool-1.1.0.tgz", "/cdn/tool-1.1.0.tgz"),
        paths);
  }

  @Test
  void npm_integrityMismatch_failsAndChangesNothing() throws Exception {
    publishNpm(Fixtures.sri512("something else".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    UpdateResult r = update(npm());

    assertEquals(Status.FAILED, r.status());
    assertEquals(FailureReason.CHECKSUM_MISMATCH.code(), r.toJson().get("error"));
    assertTrue(r.message().contains("expected sha512"), r.message());
    assertStillOn100();
    assertFalse(Files.exists(home.versionDir("1.1.0")));
  }

  @Test
  void npm_check_reportsTheLatestWithoutDownloading() {
    publishNpm(Fixtures.sri512(archive));
    UpdateResult r =
        UpdateEngine.builder()
            .installDir(Optional.of(home.versionDir("1.0.0")))
            .runningVersion("1.0.0")
            .build()
            .update(UpdateRequest.to(URI.create(npm())).withMode(UpdateRequest.Mode.CHECK));
    assertEquals(Status.UPDATE_AVAILABLE, r.status(), r.message());
    assertEquals(1, server.getRequestCount(), "only the package document");
  }

  private void publishMaven(boolean sha512) {
    publishMaven(sha512, false);
  }

  private void publishMaven(boolean sha512, boolean sha1) {
    routes.put(
        "/maven2/dev/hoist/test/tool/maven-metadata.xml",
        body(
            "<metadata><versioning><versions><version>1.0.0</version><version>1.1</version>"
                + "</versions></versioning></metadata>"));
    String file = "/maven2/dev/hoist/test/tool/1.1/tool-1.1-bin.tar.gz";
    routes.put(file, body(archive));
    if (sha512) routes.put(file + ".sha512", body(Fixtures.hex("SHA-512", archive)));
    if (sha1) routes.put(file + ".sha1", body(Fixtures.hex("SHA-1", archive)));
    routes.put(file + ".md5", body("d41d8cd98f00b204e9800998ecf8427e"));
  }

  private String maven() {
    return "maven:dev.hoist.test:tool:bin?repository=" + server.url("/maven2/");
  }

  /**
   * A listed version the order cannot read is said wherever a version is looked at or installed,
   * but not on the quiet no-op a session-start hook repeats many times a day.
   */
  @Test
  void maven_anUnreadableListedVersion_isReported_notDroppedInSilence() throws Exception {
    publishMaven(true);
    routes.put(
        "/maven2/dev/hoist/test/tool/maven-metadata.xml",
        body(
            "<metadata><versioning><versions><version>1.0.0</version><version>1.1</version>"
                + "<version>2.0/evil</version></versions></versioning></metadata>"));
    String warning = "left out 1 listed version that cannot be ordered as versions: '2.0/evil'";

    UpdateResult check =
        engine().update(UpdateRequest.to(URI.create(maven())).withMode(UpdateRequest.Mode.CHECK));
    assertEquals(Status.UPDATE_AVAILABLE, check.status(), check.message());
    assertEquals(List.of(warning), check.warnings());
    assertTrue(check.message().endsWith("; warning: " + warning), check.message());

    UpdateResult installed = update(maven());
    assertEquals(Status.UPDATED, installed.status(), installed.message());
    assertTrue(installed.warnings().contains(warning), installed.warnings().toString());

    UpdateResult noOp = update(maven());
    assertEquals(Status.UP_TO_DATE, noOp.status(), noOp.message());
    assertEquals(List.of(), noOp.warnings());
  }

  @Test
  void maven_installsTheHighestReleaseVerifiedByItsSha512File() throws Exception {
    publishMaven(true);
    UpdateResult r = update(maven());

    assertEquals(Status.UPDATED, r.status(), r.message());
    assertEquals(
        Optional.of("1.1"),
        home.currentVersion(),
        "Maven's version text is kept, in Maven's order");
    assertEquals("sha512", engine().status().verifiedBy());
    int checksumRequests = 0;
    for (RecordedRequest q;
        (q = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS)) != null; ) {
      if (q.getUrl().encodedPath().endsWith(".sha512")) checksumRequests++;
    }
    assertEquals(1, checksumRequests, "verified once, when chosen; not fetched again to install");
  }

  @Test
  void maven_verifiedBySha1Only_isRecordedAsSha1_andStatusSaysSo() throws Exception {
    publishMaven(false, true);
    UpdateResult r = update(maven());
    assertEquals(Status.UPDATED, r.status(), r.message());

    Map<String, Object> marker =
        dev.hoist.engine.internal.json.JsonTree.readObject(Files.readAllBytes(home.activeMarker()))
            .orElseThrow();
    assertEquals("sha1", marker.get("verifiedBy"));
    assertEquals(Fixtures.hex("SHA-1", archive), marker.get("sha1"));
    assertFalse(marker.containsKey("sha256"), "a SHA-1 is never stored as a sha256: " + marker);
    StatusReport status = engine().status();
    assertTrue(status.verifiedBySha1Only());
    assertEquals("sha1", status.toJson().get("verifiedBy"));
  }

  @Test
  void maven_aReleaseWithoutChecksumFiles_isPassedOver_andNeverDownloaded() throws Exception {
    publishMaven(false);
    UpdateResult r = update(maven());

    assertEquals(Status.UP_TO_DATE, r.status(), r.message());
    assertEquals(1, r.warnings().size(), r.warnings().toString());
    assertTrue(r.warnings().get(0).startsWith("passed over 1.1: the repository has no .sha512"));
    assertStillOn100();
    for (RecordedRequest q;
        (q = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS)) != null; ) {
      assertFalse(
          q.getMethod().equals("GET") && q.getUrl().encodedPath().endsWith(".tar.gz"),
          "the artifact was never fetched");
    }

    UpdateResult pinned = engine().update(UpdateRequest.to(URI.create(maven())).withPinned("1.1"));
    assertEquals(Status.FAILED, pinned.status());
    assertEquals(FailureReason.CHECKSUM_MISSING.code(), pinned.toJson().get("error"));
  }

  /**
   * Central's metadata lists versions whose artifact is not there (apache-maven 3.10.1, seen
   * 2026-12-02): the newest published one is installed, the missing one is said and remembered.
   */
  @Test
  void maven_aListedVersionWithoutItsArtifact_isPassedOver_andNotProbedAgain() throws Exception {
    publishMaven(true);
    routes.put(
        "/maven2/dev/hoist/test/tool/maven-metadata.xml",
        body(
            "<metadata><versioning><versions><version>1.0.0</version><version>1.1</version>"
                + "<version>1.2</version></versions></versioning></metadata>"));
    UpdateResult r = update(maven());

    assertEquals(Status.UPDATED, r.status(), r.message());
    assertEquals(Optional.of("1.1"), home.currentVersion());
    String missing = server.url("/maven2/dev/hoist/test/tool/1.2/tool-1.2-bin.tar.gz").toString();
    assertEquals(
        List.of(
            "passed over 1.2: version 1.2 is listed in maven-metadata.xml, but "
                + missing
                + " is not published"),
        r.warnings());

    int before = server.getRequestCount();
    UpdateResult again = update(maven());
    assertEquals(Status.UP_TO_DATE, again.status(), again.message());
    assertEquals(List.of(), again.warnings(), "remembered, not probed again");
    assertEquals(before + 1, server.getRequestCount(), "only the metadata was asked for");

    UpdateResult pinned = engine().update(UpdateRequest.to(URI.create(maven())).withPinned("1.2"));
    assertEquals(Status.FAILED, pinned.status());
    assertEquals(FailureReason.NO_ASSET_FOR_PLATFORM.code(), pinned.toJson().get("error"));
    assertTrue(pinned.message().contains(missing), pinned.message());
  }

  @Test
  void github_installsTheStableReleaseVerifiedBySha256Sums() throws Exception {
    String api = server.url("/api/").toString();
    String download = server.url("/download/").toString();
    String releases =
        "[{\"tag_name\":\"v1.1.0\",\"draft\":false,\"prerelease\":false,\"assets\":["
            + "{\"name\":\"hoist-1.1.0-linux-x64.tar.gz\",\"size\":"
            + archive.length
            + ",\"digest\":null,\"browser_download_url\":\""
            + download
            + "hoist-1.1.0-linux-x64.tar.gz\"},"
            + "{\"name\":\"SHA256SUMS\",\"size\":100,\"browser_download_url\":\""
            + download
            + "SHA256SUMS\"}]}]";
    routes.put("/api/repos/hoist-test/tool/releases", body(releases));
    routes.put(
        "/download/SHA256SUMS",
        body(Fixtures.hex("SHA-256", archive) + "  hoist-1.1.0-linux-x64.tar.gz\n"));
    routes.put("/download/hoist-1.1.0-linux-x64.tar.gz", body(archive));

    UpdateResult r = update("github:hoist-test/tool?api=" + api);

    assertEquals(Status.UPDATED, r.status(), r.message());
    assertEquals(Optional.of("1.1.0"), home.currentVersion());
  }

  /**
   * A private repository: the public download URL answers 404, the API asset URL serves the archive
   * to the token (by a redirect to storage on another host, as GitHub does), and the token never
   * reaches that other host.
   */
  @Test
  void github_privateRepository_downloadsThroughTheApiWithTheToken() throws Exception {
    try (MockWebServer storage = new MockWebServer()) {
      storage.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              return request.getUrl().encodedPath().equals("/blob/1") ? body(archive) : body("?");
            }
          });
      storage.start();
      String api = server.url("/api/").toString();
      String sha = Fixtures.hex("SHA-256", archive);
      String releases =
          "[{\"tag_name\":\"v1.1.0\",\"draft\":false,\"prerelease\":false,\"assets\":["
              + "{\"url\":\""
              + api
              + "repos/hoist-test/tool/releases/assets/1\","
              + "\"name\":\"hoist-1.1.0-linux-x64.tar.gz\",\"size\":"
              + archive.length
              + ",\"digest\":\"sha256:"
              + sha
              + "\",\"browser_download_url\":\""
              + server.url("/download/hoist-1.1.0-linux-x64.tar.gz")
              + "\"}]}]";
      routes.put("/api/repos/hoist-test/tool/releases", body(releases));
      routes.put(
          "/api/repos/hoist-test/tool/releases/assets/1",
          new MockResponse.Builder()
              .code(302)
              .addHeader("Location", storage.url("/blob/1").toString())
              .build());

      UpdateResult r =
          UpdateEngine.builder()
              .installDir(Optional.of(home.versionDir("1.0.0")))
              .runningVersion("1.0.0")
              .platform("Linux", "amd64")
              .githubToken(Optional.of("s3cret"))
              .smokeTestTimeout(Duration.ofSeconds(30))
              .build()
              .update(UpdateRequest.to(URI.create("github:hoist-test/tool?api=" + api)));

      assertEquals(Status.UPDATED, r.status(), r.message());
      RecordedRequest list = server.takeRequest();
      assertEquals("Bearer s3cret", list.getHeaders().get("Authorization"));
      RecordedRequest asset = server.takeRequest();
      assertEquals("/api/repos/hoist-test/tool/releases/assets/1", asset.getUrl().encodedPath());
      assertEquals("Bearer s3cret", asset.getHeaders().get("Authorization"));
      assertEquals("application/octet-stream", asset.getHeaders().get("Accept"));
      RecordedRequest blob = storage.takeRequest();
      assertEquals("/blob/1", blob.getUrl().encodedPath());
      assertEquals(null, blob.getHeaders().get("Authorization"), "the token stays with GitHub");
    }
  }

  @Test
  void withPublisherKeys_aRegistryThatCannotCarryASignatureIsRefused() throws Exception {
    publishNpm(Fixtures.sri512(archive));
    UpdateResult r =
        UpdateEngine.builder()
            .installDir(Optional.of(home.versionDir("1.0.0")))
            .runningVersion("1.0.0")
            .trustedKeys(
                PublisherKeys.of(
                    new dev.hoist.engine.internal.trust.TrustedKeys(
                        List.of(
                            new dev.hoist.engine.internal.trust.TrustedKeys.Key(
                                dev.hoist.engine.internal.trust.Ed25519.generate().getPublic(),
                                "test")))))
            .build()
            .update(UpdateRequest.to(URI.create(npm())));

    assertEquals(Status.FAILED, r.status());
    assertEquals(FailureReason.SIGNATURE_MISSING.code(), r.toJson().get("error"));
    assertTrue(r.message().contains("cannot carry a manifest signature"), r.message());
    assertEquals(
        0, server.getRequestCount(), "trust is not lowered to checksums, not even to look");
    assertEquals(Optional.of("1.0.0"), home.currentVersion());
  }
}
