package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.version.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform distribution of {@code packaging/build.sh --runtime}: a jlinked Java runtime and a
 * start-up class list trained at build time. Installing it and updating to the next one must dump
 * the class-data-sharing archive into each version's final directory, in a form the bundled JVM
 * accepts: the runs that check it pass {@code -Xshare:on}, under which a missing or mismatched
 * archive is a fatal error instead of being silently ignored.
 */
class RuntimeDistributionIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> STRICT_CDS = Map.of("HOIST_JAVA_OPTS", "-Xshare:on");

  @TempDir Path tmp;
  @StartStop final MockWebServer server = new MockWebServer();

  @Test
  void installsAndUpdatesWithABundledRuntimeAndItsStartupArchive() throws Exception {
    String platform =
        Platform.of(System.getProperty("os.name"), System.getProperty("os.arch")).id();
    Path dist = Files.createDirectory(tmp.resolve("dist"));
    Path v1 = build("1.0.0", dist, platform);
    Path v2 = build("1.1.0", dist, platform);

    Path extracted = Distributions.extract(v1, tmp.resolve("x"), "1.0.0");
    assertTrue(Files.isExecutable(extracted.resolve("runtime/bin/java")));
    List<String> classes =
        Files.readAllLines(extracted.resolve("conf/startup.classlist")).stream()
            .map(l -> l.split(" ", 2)[0])
            .toList();
    for (String learnt :
        List.of(
            "dev/hoist/cli/ReleaseCommand$Keygen", // --help built the whole command tree
            "okhttp3/internal/http1/Http1ExchangeCodec", // a check over HTTP
            "sun/security/ssl/ClientHello", // and over HTTPS, with a whole handshake
            "sun/security/ssl/CertificateVerify",
            "dev/hoist/engine/internal/download/CaBundle")) { // once through HOIST_CA_BUNDLE
      assertTrue(classes.contains(learnt), learnt + " is not in the trained class list");
    }
    // The quick no-op path's own list: a bare update that took it, not the full path.
    List<String> quick = Files.readAllLines(extracted.resolve("conf/quick.classlist"));
    assertTrue(quick.contains("dev/hoist/engine/internal/download/ConditionalGet"), "quick list");
    assertTrue(quick.contains("sun/security/ssl/ClientHello"), "the quick list has HTTPS too");
    assertFalse(quick.contains("picocli/CommandLine"), "the quick list holds the full path");
    assertTrue(quick.size() < classes.size() * 3 / 4, quick.size() + " of " + classes.size());
    Path home = tmp.resolve("home");
    String launcher = Distributions.selfInstall(extracted, home, tmp.resolve("bin")).toString();
    assertTrue(Files.isRegularFile(home.resolve("versions/1.0.0/.hoist/startup.jsa")));
    assertTrue(Files.isRegularFile(home.resolve("versions/1.0.0/.hoist/quick.jsa")));
    assertEquals("hoist 1.0.0", run(STRICT_CDS, launcher, "--version").strip());

    Path manifest = dist.resolve("manifest.json");
    Files.writeString(
        manifest,
        "{\"schema\":1,\"app\":\"hoist\",\"channels\":{\"stable\":\"1.1.0\"},\"releases\":["
            + release("1.0.0", v1, platform)
            + ","
            + release("1.1.0", v2, platform)
            + "]}");
    // Not strict here: the smoke test's child inherits the options and runs from staging,
    // where no archive can be (it is dumped in the final directory).
    JsonNode updated =
        JSON.readTree(
            run(Map.of(), launcher, "update", "--json", "--registry", manifest.toString()));
    assertEquals("updated", updated.get("status").asText(), updated.toString());
    assertTrue(Files.isRegularFile(home.resolve("versions/1.1.0/.hoist/startup.jsa")));
    assertEquals("hoist 1.1.0", run(STRICT_CDS, launcher, "--version").strip());

    // The HTTP client and JSON parsing work on the jlinked runtime with the archive in use.
    server.enqueue(
        new MockResponse.Builder()
            .body(Files.readString(manifest, StandardCharsets.UTF_8))
            .build());
    JsonNode check =
        JSON.readTree(
            run(
                STRICT_CDS,
                launcher,
                "update",
                "--check",
                "--json",
                "--registry",
                server.url("/manifest.json").toString()));
    assertEquals("up-to-date", check.get("status").asText(), check.toString());

    // A bare update through the launcher with the quick archive (-Xshare:on: it must map): the
    // first run fetches, the second stores its verdict, the third is answered by the quick path.
    Map<String, String> bare = new java.util.HashMap<>(STRICT_CDS);
    bare.put("HOIST_REGISTRY", server.url("/manifest.json").toString());
    server.enqueue(
        new MockResponse.Builder()
            .body(Files.readString(manifest, StandardCharsets.UTF_8))
            .addHeader("ETag", "\"m\"")
            .build());
    server.enqueue(new MockResponse.Builder().code(304).build());
    server.enqueue(new MockResponse.Builder().code(304).build());
    for (int i = 0; i < 3; i++) {
      assertEquals("hoist 1.1.0 is up to date", run(bare, launcher, "update").strip());
      Thread.sleep(300); // past the racy window of what the run wrote
    }
    assertTrue(Files.isRegularFile(home.resolve("state/quick-check")), "a verdict was stored");
    byte[] lastCheck = Files.readAllBytes(home.resolve("state/last-check.json"));
    server.enqueue(new MockResponse.Builder().code(304).build());
    assertEquals("hoist 1.1.0 is up to date", run(bare, launcher, "update").strip());
    assertArrayEquals(
        lastCheck, Files.readAllBytes(home.resolve("state/last-check.json")), "the quick path");
  }

  private static Path build(String version, Path out, String platform) throws Exception {
    Distributions.Run r =
        Distributions.run(
            Distributions.project(),
            Map.of(),
            Distributions.Duration.RUNTIME_BUILD,
            Distributions.project().resolve("packaging/build.sh").toString(),
            "--version",
            version,
            "--out",
            out.toString(),
            "--runtime",
            "--skip-build");
    assertEquals(0, r.code(), r.describe());
    assertFalse(r.err().contains("training run"), r.describe()); // every training run succeeded
    Path archive = out.resolve("hoist-" + version + "-" + platform + ".tar.gz");
    assertEquals(archive.toString(), r.out().strip());
    return archive;
  }

  private String run(Map<String, String> env, String... command) throws Exception {
    Distributions.Run r = Distributions.run(tmp, env, Distributions.Duration.COMMAND, command);
    assertEquals(0, r.code(), r.describe());
    return r.out();
  }

  private static String release(String version, Path archive, String platform) throws Exception {
    String sha =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive)));
    return "{\"version\":\""
        + version
        + "\",\"assets\":[{\"platform\":\""
        + platform
        + "\",\"url\":\""
        + archive.getFileName()
        + "\",\"size\":"
        + Files.size(archive)
        + ",\"sha256\":\""
        + sha
        + "\"}]}";
  }
}
