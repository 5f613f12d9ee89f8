package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.trust.Ed25519;
import dev.hoist.engine.internal.trust.TrustedKeys;
import dev.hoist.picocli.internal.Environment;
import dev.hoist.picocli.internal.TrustSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where trusted keys come from, and that a broken override never means "trust nothing". */
class TrustSettingsTest {
  @TempDir Path tmp;
  private final Map<String, String> vars = new HashMap<>();

  private Environment env(Optional<Path> installDir) {
    return new Environment(vars, installDir, tmp, "Linux", "amd64", tmp, false);
  }

  private Path keyFile(Path dir, String name, boolean raw) throws Exception {
    Files.createDirectories(dir);
    var pub = Ed25519.generate().getPublic();
    String text =
        raw ? Base64.getEncoder().encodeToString(Ed25519.raw(pub)) + "\n" : Ed25519.publicPem(pub);
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void distributionKeys_areTrusted_pemAndRaw() throws Exception {
    Path dist = tmp.resolve("dist");
    keyFile(dist.resolve("conf/keys"), "01.pub", false);
    keyFile(dist.resolve("conf/keys"), "02.pub", true);
    Files.writeString(dist.resolve("conf/keys/README"), "not a key, ignored");
    TrustedKeys k = TrustSettings.resolveTrusted(env(Optional.of(dist)), Optional.empty());
    assertEquals(2, k.size());
    assertEquals("signed (2 keys)", k.describe());
    var engineKeys = TrustSettings.resolve(env(Optional.of(dist)), Optional.empty());
    assertEquals(
        k.keys().stream().map(TrustedKeys.Key::fingerprint).toList(), engineKeys.fingerprints());
  }

  @Test
  void noKeysAnywhere_isChecksumsOnly() {
    assertEquals(
        "checksums only",
        TrustSettings.resolveTrusted(env(Optional.of(tmp.resolve("dist"))), Optional.empty())
            .describe());
  }

  @Test
  void environmentOverride_replacesTheDistributionKeys() throws Exception {
    Path dist = tmp.resolve("dist");
    keyFile(dist.resolve("conf/keys"), "01.pub", false);
    Path admin = keyFile(tmp.resolve("admin"), "corp.pub", false);
    vars.put("HOIST_" + TrustSettings.ENV, admin.toString());
    TrustedKeys k = TrustSettings.resolveTrusted(env(Optional.of(dist)), Optional.empty());
    assertEquals(1, k.size());
    assertEquals(admin.toString(), k.keys().get(0).source());
  }

  @Test
  void configOverride_isRelativeToTheConfigFile() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    keyFile(home.resolve("keys"), "a.pub", false);
    Files.writeString(home.resolve("config.json"), "{\"trustedKeys\":\"keys\"}");
    assertEquals(1, TrustSettings.resolveTrusted(env(Optional.empty()), Optional.of(home)).size());
  }

  @Test
  void overrideWithoutKeys_isAnErrorNotAnOpenDoor() throws Exception {
    vars.put(
        "HOIST_" + TrustSettings.ENV, Files.createDirectories(tmp.resolve("empty")).toString());
    var e =
        assertThrows(
            TrustSettings.BadTrustConfig.class,
            () -> TrustSettings.resolveTrusted(env(Optional.empty()), Optional.empty()));
    assertTrue(e.getMessage().contains("no *.pub key"), e.getMessage());
    vars.put("HOIST_" + TrustSettings.ENV, tmp.resolve("typo").toString());
    assertThrows(
        TrustSettings.BadTrustConfig.class,
        () -> TrustSettings.resolveTrusted(env(Optional.empty()), Optional.empty()));
  }

  @Test
  void brokenKeyFile_makesUpdateAUsageError() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.pub"), "-----BEGIN PRIVATE KEY-----\nAA==\n");
    vars.put("HOIST_" + TrustSettings.ENV, bad.toString());
    vars.put("HOIST_HOME", tmp.resolve("home").toString());
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            env(Optional.empty()),
            Clock.systemUTC(),
            "update",
            "--registry",
            tmp.resolve("m.json").toString());
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains("bad.pub"), err.toString());
  }
}
