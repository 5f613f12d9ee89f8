package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.testing.Releases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher's walkthrough of the README, in-process: keygen, a distribution that trusts the
 * key, manifest + signature, verify, a client update, and what a tampered manifest does.
 */
class ReleaseCommandTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;
  private final Map<String, String> vars = new HashMap<>();
  private Path registry;
  private Path keys;
  private String out;
  private String err;

  @BeforeEach
  void setUp() throws Exception {
    registry = Files.createDirectories(tmp.resolve("registry"));
    keys = tmp.resolve("keys");
    vars.put("PATH", "/usr/bin:/bin");
  }

  private int run(Optional<Path> installDir, String... args) {
    CliRun r = CliRun.of(vars, installDir, tmp.resolve("user"), CLOCK, args);
    out = r.out();
    err = r.err();
    return r.code();
  }

  private int hoist(String... args) {
    return run(Optional.empty(), args);
  }

  private int installed(String... args) {
    return run(Optional.of(tmp.resolve("home/versions/1.0.0")), args);
  }

  private void keygen() throws Exception {
    assertEquals(
        0, hoist("release", "keygen", "--out-dir", keys.toString(), "--name", "pub1"), err);
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("pub1.key"))));
  }

  /** Installs 1.0.0 whose distribution trusts keys/pub1.pub. */
  private void installTrusting() throws Exception {
    Path dist =
        Releases.extracted(
            Releases.fakeDistribution(Files.createDirectories(tmp.resolve("dl")), "1.0.0"),
            Files.createDirectories(tmp.resolve("extracted")));
    Files.createDirectories(dist.resolve("conf/keys"));
    Files.copy(keys.resolve("pub1.pub"), dist.resolve("conf/keys/01.pub"));
    int code =
        run(
            Optional.of(dist),
            "self",
            "install",
            "--home",
            tmp.resolve("home").toString(),
            "--bin-dir",
            tmp.resolve("bin").toString());
    assertEquals(0, code, err);
  }

  private int publish(String version, String... extra) throws Exception {
    Releases.fakeDistribution(registry, version);
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "release",
                "manifest",
                "--manifest",
                registry.resolve("manifest.json").toString(),
                "--channel",
                "stable",
                "--expires-in",
                "30d"));
    args.addAll(List.of(extra));
    args.add(version);
    args.add(registry.resolve("hoist-" + version + ".tar.gz").toString());
    return hoist(args.toArray(new String[0]));
  }

  @Test
  void walkthrough_keygenManifestSignVerifyUpdate() throws Exception {
    keygen();
    installTrusting();
    String key = keys.resolve("pub1.key").toString();
    assertEquals(0, publish("1.1.0", "--sign", key), err);

    JsonNode m = new ObjectMapper().readTree(registry.resolve("manifest.json").toFile());
    assertEquals(1, m.get("serial").asInt());
    assertEquals("2026-12-22T12:00:00Z", m.get("expires").asText());
    assertEquals("1.1.0", m.at("/channels/stable").asText());
    JsonNode asset = m.at("/releases/0/assets/0");
    assertEquals("hoist-1.1.0.tar.gz", asset.get("url").asText());
    assertEquals(
        Releases.sha256(registry.resolve("hoist-1.1.0.tar.gz")), asset.get("sha256").asText());

    assertEquals(
        0,
        hoist(
            "release",
            "verify",
            registry.resolve("manifest.json").toString(),
            "--key",
            keys.resolve("pub1.pub").toString()),
        out + err);
    assertTrue(out.contains("signature: OK"), out);
    assertTrue(out.contains("1.1.0 any hoist-1.1.0.tar.gz: OK"), out);

    String url = registry.resolve("manifest.json").toUri().toString();
    assertEquals(0, installed("status", "--json"), err);
    assertEquals("signed (1 key)", new ObjectMapper().readTree(out).get("trust").asText());
    assertEquals(0, installed("update", "--json", "--registry", url), err);
    assertEquals("updated", new ObjectMapper().readTree(out).get("status").asText(), out);
  }

  /** Publisher traps (issue 15, item 11): what is uploaded is world-readable, secrets are not. */
  @Test
  void publicOutputsAreWorldReadable_andAStaleSignatureIsRemovedAndSaidSo() throws Exception {
    keygen();
    String key = keys.resolve("pub1.key").toString();
    assertEquals(0, publish("1.1.0", "--sign", key), err);
    Path manifest = registry.resolve("manifest.json");
    Path sig = registry.resolve("manifest.json.sig");
    for (Path p : List.of(manifest, sig, keys.resolve("pub1.pub"))) {
      assertEquals(
          "rw-r--r--",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(p)),
          p.toString());
    }

    // Edited without --sign: the old signature would fail every client that checks it.
    assertEquals(0, publish("1.2.0"), err);
    assertFalse(Files.exists(sig), "the stale signature is gone");
    assertTrue(
        err.contains(
            "hoist: warning: removed "
                + manifest
                + ".sig, which signed the previous contents; sign this one before publishing"),
        err);
    assertEquals(0, hoist("release", "sign", "--key", key, manifest.toString()), err);
    assertTrue(Files.exists(sig));
  }

  @Test
  void unsignedOrTamperedManifest_failsClosedForAClientThatTrustsAKey() throws Exception {
    keygen();
    installTrusting();
    String url = registry.resolve("manifest.json").toUri().toString();

    assertEquals(0, publish("1.1.0"), err); // no --sign
    assertEquals(1, installed("update", "--json", "--registry", url));
    assertEquals("signature-missing", new ObjectMapper().readTree(out).get("error").asText());

    assertEquals(
        0,
        hoist(
            "release",
            "sign",
            registry.resolve("manifest.json").toString(),
            "--key",
            keys.resolve("pub1.key").toString()),
        err);
    assertEquals(0, publish("1.2.0")); // extended after signing: the stale signature is removed
    assertEquals(1, installed("update", "--json", "--registry", url));
    assertEquals("signature-missing", new ObjectMapper().readTree(out).get("error").asText());

    // Signed, then changed by hand (or by a compromised mirror): the signature no longer fits.
    Path manifest = registry.resolve("manifest.json");
    assertEquals(
        0,
        hoist("release", "sign", manifest.toString(), "--key", keys.resolve("pub1.key").toString()),
        err);
    Files.writeString(manifest, Files.readString(manifest).replace("1.2.0", "1.2.1"));
    assertEquals(1, installed("update", "--json", "--registry", url));
    assertEquals("signature-invalid", new ObjectMapper().readTree(out).get("error").asText());
    assertEquals(
        1,
        hoist(
            "release",
            "verify",
            registry.resolve("manifest.json").toString(),
            "--key",
            keys.resolve("pub1.pub").toString()));
    assertTrue(out.contains("FAILED signature-invalid"), out);
    assertEquals("1.0.0", Files.readString(tmp.resolve("home/current/VERSION")).strip());
  }

  @Test
  void signaturesInteroperateWithOpenssl() throws Exception {
    keygen();
    assertEquals(0, publish("1.1.0", "--sign", keys.resolve("pub1.key").toString()), err);
    // Hoist's signature verifies with openssl pkeyutl -verify -rawin.
    Path sigBin = tmp.resolve("sig.bin");
    Files.write(
        sigBin,
        Base64.getDecoder()
            .decode(Files.readString(registry.resolve("manifest.json.sig")).strip()));
    String verified =
        openssl(
            "pkeyutl",
            "-verify",
            "-rawin",
            "-pubin",
            "-inkey",
            keys.resolve("pub1.pub").toString(),
            "-in",
            registry.resolve("manifest.json").toString(),
            "-sigfile",
            sigBin.toString());
    assertTrue(verified.contains("Signature Verified Successfully"), verified);

    // An OpenSSL key and signature are accepted by hoist release verify (on a manifest without
    // the inline signature of pub1, which that key would have to verify too).
    assertEquals(0, publish("1.2.0"), err);
    openssl("genpkey", "-algorithm", "ed25519", "-out", tmp.resolve("o.key").toString());
    openssl(
        "pkey",
        "-in",
        tmp.resolve("o.key").toString(),
        "-pubout",
        "-out",
        tmp.resolve("o.pub").toString());
    openssl(
        "pkeyutl",
        "-sign",
        "-rawin",
        "-inkey",
        tmp.resolve("o.key").toString(),
        "-in",
        registry.resolve("manifest.json").toString(),
        "-out",
        sigBin.toString());
    Files.writeString(
        registry.resolve("manifest.json.sig"),
        Base64.getEncoder().encodeToString(Files.readAllBytes(sigBin)) + "\n");
    String m = registry.resolve("manifest.json").toString();
    assertEquals(0, hoist("release", "verify", m, "--key", tmp.resolve("o.pub").toString()), out);
    assertEquals(
        1, hoist("release", "verify", m, "--key", keys.resolve("pub1.pub").toString()), out);
  }

  @Test
  void keygen_neverReplacesAKey_andBadArgumentsAreUsageErrors() throws Exception {
    keygen();
    String before = Files.readString(keys.resolve("pub1.key"));
    assertEquals(
        2, hoist("release", "keygen", "--out-dir", keys.toString(), "--name", "pub1"), err);
    assertTrue(err.contains("never replaced"), err);
    assertEquals(before, Files.readString(keys.resolve("pub1.key")));
    assertEquals(
        2,
        hoist(
            "release",
            "sign",
            keys.resolve("pub1.pub").toString(),
            "--key",
            keys.resolve("pub1.pub").toString()));
    Releases.fakeDistribution(registry, "1.1.0");
    Path outside =
        Releases.fakeDistribution(Files.createDirectories(tmp.resolve("elsewhere")), "1.1.0");
    assertEquals(
        2,
        hoist(
            "release",
            "manifest",
            "--manifest",
            registry.resolve("manifest.json").toString(),
            "1.1.0",
            outside.toString()));
    assertTrue(err.contains("not inside"), err);
    assertEquals(
        2,
        hoist(
            "release",
            "manifest",
            "--manifest",
            registry.resolve("manifest.json").toString(),
            "v1",
            registry.resolve("hoist-1.1.0.tar.gz").toString()));
  }

  @Test
  void verify_checksEveryArchiveAndTheExpiry() throws Exception {
    assertEquals(0, publish("1.1.0"), err);
    String m = registry.resolve("manifest.json").toString();
    assertEquals(0, hoist("release", "verify", m), out + err);
    assertTrue(out.contains("signature: not checked"), out);

    Path archive = registry.resolve("hoist-1.1.0.tar.gz");
    byte[] bytes = Files.readAllBytes(archive);
    bytes[bytes.length / 2] ^= 1;
    Files.write(archive, bytes);
    assertEquals(1, hoist("release", "verify", m));
    assertTrue(out.contains("FAILED checksum-mismatch"), out);

    String json = Files.readString(registry.resolve("manifest.json"));
    Files.writeString(
        registry.resolve("manifest.json"),
        json.replace(
            "\"expires\" : \"2026-12-22T12:00:00Z\"", "\"expires\" : \"2026-11-01T00:00:00Z\""));
    assertEquals(1, hoist("release", "verify", m));
    assertTrue(out.contains("FAILED manifest-expired"), out);
  }

  @Test
  void manifest_publishesEachArchivesIndexAndBlobs_andVerifyChecksThemAsAClientWould()
      throws Exception {
    assertEquals(0, publish("1.1.0"), err);
    Path index = registry.resolve("hoist-1.1.0.tar.gz.index.json");
    assertTrue(
        out.contains("wrote " + index + " (3 files) and 3 new blobs ("), out); // fake: 3 files
    JsonNode ref =
        new ObjectMapper()
            .readTree(registry.resolve("manifest.json").toFile())
            .at("/releases/0/assets/0/index");
    assertEquals("hoist-1.1.0.tar.gz.index.json", ref.get("url").asText());
    assertEquals(Releases.sha256(index), ref.get("sha256").asText());
    assertEquals(Files.size(index), ref.get("size").asLong());

    String m = registry.resolve("manifest.json").toString();
    assertEquals(0, hoist("release", "verify", m), out + err);
    assertTrue(
        out.contains("  index: OK (3 files from 3 blobs, ") && out.contains("the same tree"), out);

    // A blob left behind in the upload: clients would fall back, the publisher hears it now.
    try (var blobs = Files.list(registry.resolve("blobs"))) {
      Files.delete(blobs.findFirst().orElseThrow());
    }
    assertEquals(1, hoist("release", "verify", m));
    assertTrue(out.contains("1.1.0 any hoist-1.1.0.tar.gz: FAILED download-failed"), out);
  }

  @Test
  void manifest_publishesADeltaPackFromTheReleaseBefore_andVerifyReadsIt() throws Exception {
    byte[] random = new byte[150_000];
    new java.util.Random(7).nextBytes(random);
    String library = Base64.getEncoder().encodeToString(random);
    String m = registry.resolve("manifest.json").toString();
    for (String v : List.of("1.0.0", "1.1.0")) {
      Releases.fakeDistributionWithLibrary(registry, v, library);
      String archive = registry.resolve("hoist-" + v + ".tar.gz").toString();
      assertEquals(0, hoist("release", "manifest", "--manifest", m, v, archive), err);
    }
    Path pack = registry.resolve("hoist-1.1.0.tar.gz.from-1.0.0.pack");
    assertTrue(
        out.contains("wrote " + pack + " (" + Files.size(pack) + " bytes: the index and 3 blobs"),
        out); // the launcher, VERSION, app.txt: not the library
    assertTrue(Files.size(pack) < Files.size(registry.resolve("hoist-1.1.0.tar.gz")) / 10);
    JsonNode ref =
        new ObjectMapper()
            .readTree(registry.resolve("manifest.json").toFile())
            .at("/releases/1/assets/0/index/packs/0");
    assertEquals("1.0.0", ref.get("from").asText());
    assertEquals(pack.getFileName().toString(), ref.get("url").asText());
    assertEquals(Releases.sha256(pack), ref.get("sha256").asText());
    assertTrue(
        new ObjectMapper()
            .readTree(registry.resolve("manifest.json").toFile())
            .at("/releases/0/assets/0/index/packs")
            .isMissingNode(),
        "nothing before the first release");

    assertEquals(0, hoist("release", "verify", m), out + err);
    assertTrue(out.contains("  pack from 1.0.0: OK (" + Files.size(pack) + " bytes"), out);

    // A pack that is not what the manifest says: clients pass over it, the publisher hears it.
    Files.write(pack, new byte[(int) Files.size(pack)]);
    assertEquals(1, hoist("release", "verify", m));
    assertTrue(out.contains("1.1.0 any hoist-1.1.0.tar.gz: FAILED checksum-mismatch"), out);
  }

  @Test
  void manifest_noIndex_publishesTheArchiveAlone() throws Exception {
    assertEquals(0, publish("1.1.0", "--no-index"), err);
    assertFalse(Files.exists(registry.resolve("hoist-1.1.0.tar.gz.index.json")));
    assertFalse(Files.exists(registry.resolve("blobs")));
    assertTrue(
        new ObjectMapper()
            .readTree(registry.resolve("manifest.json").toFile())
            .at("/releases/0/assets/0/index")
            .isMissingNode());
  }

  @Test
  void manifest_ofTheWrongShape_isAUsageError() throws Exception {
    Releases.fakeDistribution(registry, "1.1.0");
    Path m = registry.resolve("manifest.json");
    Files.writeString(m, "{\"schema\":1,\"app\":\"hoist\",\"releases\":{}}");
    String a = registry.resolve("hoist-1.1.0.tar.gz").toString();
    assertEquals(2, hoist("release", "manifest", "--manifest", m.toString(), "1.1.0", a));
    assertTrue(err.contains("\"releases\" is not a JSON array"), err);
    assertEquals("{\"schema\":1,\"app\":\"hoist\",\"releases\":{}}", Files.readString(m));
  }

  @Test
  void manifest_warnsWhenItNeverExpires() throws Exception {
    Releases.fakeDistribution(registry, "1.1.0");
    String m = registry.resolve("manifest.json").toString();
    String a = registry.resolve("hoist-1.1.0.tar.gz").toString();
    assertEquals(0, hoist("release", "manifest", "--manifest", m, "1.1.0", a), err);
    assertTrue(err.contains("never expires"), err);
    assertEquals(0, publish("1.1.0"), err);
    assertEquals("", err);
  }

  @Test
  void manifest_extendsKeepingReleasesAndRaisingTheSerial() throws Exception {
    assertEquals(0, publish("1.1.0"), err);
    assertEquals(0, publish("1.2.0"), err);
    JsonNode m = new ObjectMapper().readTree(registry.resolve("manifest.json").toFile());
    assertEquals(2, m.get("serial").asInt());
    assertEquals(2, m.get("releases").size());
    assertEquals("1.2.0", m.at("/channels/stable").asText());
  }

  private String openssl(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String o = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, o);
    return o;
  }
}
