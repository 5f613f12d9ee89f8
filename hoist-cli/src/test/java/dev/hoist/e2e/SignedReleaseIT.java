package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.e2e.Distributions.Duration;
import dev.hoist.e2e.Distributions.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's publisher walkthrough with real tools: an OpenSSL key, distributions built by {@code
 * packaging/build.sh --public-key}, the manifest written and signed by the installed {@code hoist
 * release}, checked by {@code hoist release verify}, and a client update that refuses a bad
 * signature and accepts the good one, over loopback HTTP.
 */
class SignedReleaseIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path tmp;

  /**
   * Serves files from {@code dir}, answering conditional requests with 304 (as UpdateEndToEndIT).
   */
  private void serve(Path dir) {
    server.setDispatcher(new DirectoryDispatcher(dir));
  }

  private Path build(String version, Path out, String... extra) throws Exception {
    java.util.List<String> cmd =
        Distributions.args(
            Distributions.project().resolve("packaging/build.sh").toString(),
            "--version",
            version,
            "--out",
            out.toString(),
            "--skip-build");
    cmd.addAll(java.util.List.of(extra));
    Run r =
        Distributions.run(
            Distributions.project(), Map.of(), Duration.BUILD, cmd.toArray(new String[0]));
    assertEquals(0, r.code(), r.describe());
    return out.resolve("hoist-" + version + ".tar.gz");
  }

  /** Runs {@code packaging/install.sh} from {@code registry}, requiring {@code publicKey}. */
  private Run installSh(String registry, String publicKey, Path home, Path bin) throws Exception {
    return Distributions.run(
        tmp,
        Map.of(),
        Duration.COMMAND,
        "sh",
        Distributions.project().resolve("packaging/install.sh").toString(),
        "--registry",
        registry,
        "--public-key",
        publicKey,
        "--home",
        home.toString(),
        "--bin-dir",
        bin.toString());
  }

  @Test
  void signedRelease_fromKeygenToUpdate() throws Exception {
    Path keys = Files.createDirectories(tmp.resolve("keys"));
    Run gen =
        Distributions.run(
            keys,
            Map.of(),
            Duration.COMMAND,
            "openssl",
            "genpkey",
            "-algorithm",
            "ed25519",
            "-out",
            "k.key");
    assertEquals(0, gen.code(), gen.describe());
    Distributions.run(
        keys,
        Map.of(),
        Duration.COMMAND,
        "openssl",
        "pkey",
        "-in",
        "k.key",
        "-pubout",
        "-out",
        "k.pub");

    Run refused =
        Distributions.run(
            Distributions.project(),
            Map.of(),
            Duration.BUILD,
            Distributions.project().resolve("packaging/build.sh").toString(),
            "--version",
            "1.0.0",
            "--out",
            tmp.resolve("never").toString(),
            "--skip-build",
            "--public-key",
            keys.resolve("k.key").toString());
    assertEquals(2, refused.code(), "a private key is never shipped: " + refused.describe());

    Path registry = Files.createDirectories(tmp.resolve("registry"));
    String pub = keys.resolve("k.pub").toString();
    Path v1 = build("1.0.0", registry, "--public-key", pub);
    build("1.1.0", registry, "--public-key", pub);
    Path extracted = Distributions.extract(v1, tmp.resolve("download"), "1.0.0");
    assertEquals(
        Files.readString(keys.resolve("k.pub")),
        Files.readString(extracted.resolve("conf/keys/01.pub")));

    Path home = tmp.resolve("home");
    Path bin = tmp.resolve("bin");
    String hoist = Distributions.selfInstall(extracted, home, bin).toString();

    Run manifest =
        Distributions.run(
            tmp,
            Map.of(),
            Duration.COMMAND,
            hoist,
            "release",
            "manifest",
            "--manifest",
            registry.resolve("manifest.json").toString(),
            "--channel",
            "stable",
            "--expires-in",
            "30d",
            "--sign",
            keys.resolve("k.key").toString(),
            "1.1.0",
            registry.resolve("hoist-1.1.0.tar.gz").toString());
    assertEquals(0, manifest.code(), manifest.describe());
    serve(registry);
    String url = server.url("/manifest.json").toString();
    Map<String, String> env = Map.of("HOIST_REGISTRY", url);

    Run verify =
        Distributions.run(tmp, Map.of(), Duration.COMMAND, hoist, "release", "verify", url);
    assertEquals(0, verify.code(), verify.describe());
    assertTrue(verify.out().contains("signature: OK"), verify.describe());

    // The bootstrap script checks the same signature with OpenSSL when given the key.
    Distributions.run(
        keys,
        Map.of(),
        Duration.COMMAND,
        "openssl",
        "genpkey",
        "-algorithm",
        "ed25519",
        "-out",
        "other.key");
    Distributions.run(
        keys,
        Map.of(),
        Duration.COMMAND,
        "openssl",
        "pkey",
        "-in",
        "other.key",
        "-pubout",
        "-out",
        "other.pub");
    Path home2 = tmp.resolve("home2");
    Run wrongKey = installSh(url, keys.resolve("other.pub").toString(), home2, tmp.resolve("bin2"));
    assertEquals(1, wrongKey.code(), wrongKey.describe());
    assertTrue(wrongKey.err().contains("does not verify"), wrongKey.describe());
    assertTrue(!Files.exists(home2.resolve("current")), "nothing installed");
    Run rightKey = installSh(url, pub, home2, tmp.resolve("bin2"));
    assertEquals(0, rightKey.code(), rightKey.describe());
    assertEquals(Path.of("versions", "1.1.0"), Files.readSymbolicLink(home2.resolve("current")));
    // It checks the inline signature: without the detached one, the install is the same.
    Path good = registry.resolve("manifest.json.sig");
    String goodSig = Files.readString(good);
    Files.delete(good);
    Path home3 = tmp.resolve("home3");
    Run inlineOnly = installSh(url, pub, home3, tmp.resolve("bin3"));
    assertEquals(0, inlineOnly.code(), inlineOnly.describe());
    assertEquals(Path.of("versions", "1.1.0"), Files.readSymbolicLink(home3.resolve("current")));
    Files.writeString(good, goodSig);

    Run status = Distributions.run(tmp, env, Duration.COMMAND, hoist, "status", "--json");
    assertEquals("signed (1 key)", JSON.readTree(status.out()).get("trust").asText());

    // A signature by another key: refused, nothing changes.
    Path manifestFile = registry.resolve("manifest.json");
    byte[] goodManifest = Files.readAllBytes(manifestFile);
    Run resign =
        Distributions.run(
            tmp,
            Map.of(),
            Duration.COMMAND,
            hoist,
            "release",
            "sign",
            registry.resolve("manifest.json").toString(),
            "--key",
            keys.resolve("other.key").toString());
    assertEquals(0, resign.code(), resign.describe());
    Run bad = Distributions.run(tmp, env, Duration.COMMAND, hoist, "update", "--json");
    assertEquals(1, bad.code(), bad.describe());
    assertEquals("signature-invalid", JSON.readTree(bad.out()).get("error").asText());
    assertEquals(Path.of("versions", "1.0.0"), Files.readSymbolicLink(home.resolve("current")));

    Files.write(manifestFile, goodManifest); // signed inline, and in manifest.json.sig
    Files.writeString(good, goodSig);
    Run update = Distributions.run(tmp, env, Duration.COMMAND, hoist, "update", "--json");
    assertEquals(0, update.code(), update.describe());
    JsonNode result = JSON.readTree(update.out());
    assertEquals("updated", result.get("status").asText(), update.describe());
    Run again = Distributions.run(tmp, env, Duration.COMMAND, hoist, "update", "--json");
    assertEquals("up-to-date", JSON.readTree(again.out()).get("status").asText(), again.describe());
  }
}
