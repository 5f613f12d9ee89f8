package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.testing.Releases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher's side of inline signatures: {@code release sign} and {@code manifest --sign} write
 * both signatures, re-signing replaces the inline one, {@code --detached} and non-JSON files get
 * only the detached one, and {@code release verify} checks whichever are there, as the clients that
 * use each would.
 */
class InlineSigningTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
  private static final String OPENING = "{\"signature\":\"";

  @TempDir Path tmp;
  private Path registry;
  private Path manifest;
  private Path sig;
  private String key;
  private String pub;
  private String out;
  private String err;

  private int hoist(String... args) {
    CliRun r = CliRun.of(Map.of("PATH", "/usr/bin:/bin"), Optional.empty(), tmp, CLOCK, args);
    out = r.out();
    err = r.err();
    return r.code();
  }

  @BeforeEach
  void publishUnsigned() throws Exception {
    registry = Files.createDirectories(tmp.resolve("registry"));
    manifest = registry.resolve("manifest.json");
    sig = registry.resolve("manifest.json.sig");
    Path keys = tmp.resolve("keys");
    assertEquals(0, hoist("release", "keygen", "--out-dir", keys.toString(), "--name", "k"), err);
    key = keys.resolve("k.key").toString();
    pub = keys.resolve("k.pub").toString();
    publish("1.1.0", "--expires-in", "30d");
  }

  /** {@code hoist release manifest} of a fake {@code version}, with {@code extra} options. */
  private void publish(String version, String... extra) throws Exception {
    Releases.fakeDistribution(registry, version);
    List<String> args = new java.util.ArrayList<>(List.of("release", "manifest"));
    args.addAll(List.of("--manifest", manifest.toString()));
    args.addAll(List.of(extra));
    args.add(version);
    args.add(registry.resolve("hoist-" + version + ".tar.gz").toString());
    assertEquals(0, hoist(args.toArray(new String[0])), err);
  }

  private String text() throws Exception {
    return Files.readString(manifest);
  }

  private int verify() {
    return hoist("release", "verify", manifest.toString(), "--key", pub);
  }

  @Test
  void sign_writesBothSignatures_andSigningAgainReplacesTheInlineOne() throws Exception {
    String unsigned = text();
    assertEquals(0, hoist("release", "sign", "--key", key, manifest.toString(), "--json"), err);
    JsonNode json = new ObjectMapper().readTree(out);
    assertTrue(json.get("inline").asBoolean(), out);
    assertEquals(sig.toString(), json.get("signature").asText());
    String once = text();
    assertTrue(once.startsWith(OPENING), once);
    assertEquals(unsigned.substring(1), once.substring(once.indexOf("\",") + 2), "nothing else");

    assertEquals(0, hoist("release", "sign", "--key", key, manifest.toString()), err);
    assertEquals(once, text(), "the same key signs the same bytes the same way, once");
    assertEquals(1, text().split("\"signature\"", -1).length - 1);

    assertEquals(0, verify(), out);
    assertTrue(out.contains("signature: OK, inline (key "), out);
    assertTrue(out.contains("signature: OK, " + sig.toUri()), out);
  }

  @Test
  void bothSignaturesVerifyWithOpenssl_theInlineOneOverTheManifestWithoutIt() throws Exception {
    String unsigned = text();
    assertEquals(0, hoist("release", "sign", "--key", key, manifest.toString()), err);
    String signed = text();
    String inline = signed.substring(OPENING.length(), signed.indexOf('"', OPENING.length()));
    assertTrue(opensslVerifies(unsigned, Base64.getDecoder().decode(inline)));
    assertTrue(opensslVerifies(signed, Base64.getDecoder().decode(Files.readString(sig).strip())));
    assertFalse(opensslVerifies(signed, Base64.getDecoder().decode(inline)));
  }

  @Test
  void detached_andFilesThatAreNoJsonObject_getTheDetachedSignatureOnly() throws Exception {
    String unsigned = text();
    assertEquals(
        0, hoist("release", "sign", "--detached", "--key", key, manifest.toString(), "--json"));
    assertFalse(new ObjectMapper().readTree(out).get("inline").asBoolean(), out);
    assertEquals(unsigned, text(), "left as it is");
    assertEquals(0, verify(), out);
    assertTrue(out.contains("signature: OK, " + sig.toUri()), out);
    assertFalse(out.contains("inline"), out);

    Path archive = registry.resolve("hoist-1.1.0.tar.gz");
    byte[] before = Files.readAllBytes(archive);
    assertEquals(0, hoist("release", "sign", "--key", key, archive.toString()), err);
    assertEquals("wrote " + archive + ".sig", out.strip());
    assertArrayEquals(before, Files.readAllBytes(archive));
  }

  @Test
  void verify_failsWhenEitherSignatureIsWrong_andNotesAMissingDetachedOne() throws Exception {
    assertEquals(0, hoist("release", "sign", "--key", key, manifest.toString()), err);
    Files.delete(sig);
    assertEquals(0, verify(), out);
    assertTrue(out.contains("signature: no " + sig.toUri() + " (clients that predate"), out);

    // A stale detached signature fails the clients that check only it: verify says so.
    Path other = Files.writeString(tmp.resolve("other"), "other bytes");
    assertEquals(0, hoist("release", "sign", "--key", key, other.toString()), err);
    Files.copy(tmp.resolve("other.sig"), sig);
    assertEquals(1, verify(), out);
    assertTrue(
        out.contains("FAILED signature-invalid: the manifest signature " + sig.toUri()), out);

    // A manifest edited after signing: the inline signature no longer fits.
    assertEquals(0, hoist("release", "sign", "--key", key, manifest.toString()), err);
    Files.writeString(manifest, text().replace("1.1.0", "1.1.1"));
    assertEquals(1, verify(), out);
    assertTrue(out.contains("FAILED signature-invalid: the inline signature"), out);
  }

  @Test
  void manifest_sign_signsInline_andEditingDropsTheStaleInlineSignature() throws Exception {
    publish("1.2.0", "--sign", key);
    assertTrue(out.contains(", signed inline, and " + sig), out);
    assertTrue(text().startsWith(OPENING), text());
    assertEquals(0, verify(), out);

    publish("1.3.0");
    assertFalse(text().contains("\"signature\""), "it signed the previous contents: " + text());
    assertFalse(Files.exists(sig));
  }

  private boolean opensslVerifies(String data, byte[] signature) throws Exception {
    Path in = Files.writeString(tmp.resolve("data"), data, StandardCharsets.UTF_8);
    Path s = Files.write(tmp.resolve("sig.bin"), signature);
    List<String> cmd =
        List.of(
            "/usr/bin/openssl",
            "pkeyutl",
            "-verify",
            "-rawin",
            "-pubin",
            "-inkey",
            pub,
            "-in",
            in.toString(),
            "-sigfile",
            s.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String o = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), o);
    return p.exitValue() == 0 && o.contains("Signature Verified Successfully");
  }
}
