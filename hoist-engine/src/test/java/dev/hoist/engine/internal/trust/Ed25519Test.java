package dev.hoist.engine.internal.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key formats and signatures, checked both ways against the real OpenSSL. */
class Ed25519Test {
  @TempDir Path dir;

  private static final byte[] DATA =
      "{\"schema\":1,\"app\":\"hoist\"}\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void opensslSignature_verifiesWithOpensslPublicKey_pemAndRaw() throws Exception {
    OpenSsl.ok(dir, "genpkey", "-algorithm", "ed25519", "-out", "priv.pem");
    OpenSsl.ok(dir, "pkey", "-in", "priv.pem", "-pubout", "-out", "pub.pem");
    Files.write(dir.resolve("m.json"), DATA);
    OpenSsl.ok(
        dir, "pkeyutl", "-sign", "-rawin", "-inkey", "priv.pem", "-in", "m.json", "-out", "m.bin");
    byte[] sig = Files.readAllBytes(dir.resolve("m.bin"));

    PublicKey pem = Ed25519.parsePublic(Files.readString(dir.resolve("pub.pem")));
    assertTrue(Ed25519.verify(pem, DATA, sig));
    PublicKey raw = Ed25519.parsePublic(Base64.getEncoder().encodeToString(Ed25519.raw(pem)));
    assertTrue(Ed25519.verify(raw, DATA, sig));
    assertEquals(Ed25519.fingerprint(pem), Ed25519.fingerprint(raw));

    byte[] other = DATA.clone();
    other[0] ^= 1;
    assertFalse(Ed25519.verify(pem, other, sig), "a changed byte breaks the signature");
  }

  @Test
  void opensslPrivateKey_signsWhatOpensslVerifies() throws Exception {
    OpenSsl.ok(dir, "genpkey", "-algorithm", "ed25519", "-out", "priv.pem");
    OpenSsl.ok(dir, "pkey", "-in", "priv.pem", "-pubout", "-out", "pub.pem");
    PrivateKey key = Ed25519.parsePrivate(Files.readString(dir.resolve("priv.pem")));
    Files.write(dir.resolve("m.json"), DATA);
    Files.write(dir.resolve("m.bin"), Ed25519.sign(key, DATA));
    String out =
        OpenSsl.ok(
            dir,
            "pkeyutl",
            "-verify",
            "-rawin",
            "-pubin",
            "-inkey",
            "pub.pem",
            "-in",
            "m.json",
            "-sigfile",
            "m.bin");
    assertTrue(out.contains("Signature Verified Successfully"), out);
  }

  @Test
  void hoistKeys_areReadByOpensslAndItsSignaturesVerify() throws Exception {
    KeyPair pair = Ed25519.generate();
    Files.writeString(dir.resolve("priv.pem"), Ed25519.privatePem(pair.getPrivate()));
    Files.writeString(dir.resolve("pub.pem"), Ed25519.publicPem(pair.getPublic()));
    Files.write(dir.resolve("m.json"), DATA);
    Files.write(dir.resolve("m.bin"), Ed25519.sign(pair.getPrivate(), DATA));
    String out =
        OpenSsl.ok(
            dir,
            "pkeyutl",
            "-verify",
            "-rawin",
            "-pubin",
            "-inkey",
            "pub.pem",
            "-in",
            "m.json",
            "-sigfile",
            "m.bin");
    assertTrue(out.contains("Signature Verified Successfully"), out);
    // OpenSSL derives the same public key from Hoist's private key file.
    String derived = OpenSsl.ok(dir, "pkey", "-in", "priv.pem", "-pubout");
    assertEquals(Ed25519.publicPem(pair.getPublic()).strip(), derived.strip());
    // And a wrong signature is rejected by OpenSSL too: the test can fail.
    byte[] bad = Ed25519.sign(pair.getPrivate(), "other".getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("bad.bin"), bad);
    OpenSsl.Run r =
        OpenSsl.run(
            dir,
            "pkeyutl",
            "-verify",
            "-rawin",
            "-pubin",
            "-inkey",
            "pub.pem",
            "-in",
            "m.json",
            "-sigfile",
            "bad.bin");
    assertTrue(r.exit() != 0, r.output());
  }

  @Test
  void privateKey_roundTripsThroughPemAndRawSeed() {
    KeyPair pair = Ed25519.generate();
    String pem = Ed25519.privatePem(pair.getPrivate());
    PrivateKey again = Ed25519.parsePrivate(pem);
    byte[] sig = Ed25519.sign(again, DATA);
    assertTrue(Ed25519.verify(pair.getPublic(), DATA, sig));
    assertArrayEquals(sig, Ed25519.sign(pair.getPrivate(), DATA), "Ed25519 is deterministic");

    byte[] der =
        Base64.getMimeDecoder()
            .decode(
                pem.replace("-----BEGIN PRIVATE KEY-----", "")
                    .replace("-----END PRIVATE KEY-----", ""));
    assertEquals(48, der.length, "OpenSSL's short PKCS#8 form");
    String seed = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(der, 16, 48));
    assertArrayEquals(sig, Ed25519.sign(Ed25519.parsePrivate(seed), DATA));
  }

  @Test
  void malformedKeys_areRefusedWithAReason() {
    assertThrows(IllegalArgumentException.class, () -> Ed25519.parsePublic("not base64 !!"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ed25519.parsePublic(Base64.getEncoder().encodeToString(new byte[31])));
    assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
    KeyPair pair = Ed25519.generate();
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ed25519.parsePublic(Ed25519.privatePem(pair.getPrivate())));
    assertTrue(e.getMessage().contains("PUBLIC KEY"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Ed25519.parsePublic("-----BEGIN PUBLIC KEY-----\nMCowBQ==\n-----END PUBLIC KEY-----"));
  }

  @Test
  void rsaPublicKey_isNotAnEd25519Key() throws Exception {
    OpenSsl.ok(
        dir, "genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "r.pem");
    OpenSsl.ok(dir, "pkey", "-in", "r.pem", "-pubout", "-out", "rpub.pem");
    assertThrows(
        IllegalArgumentException.class,
        () -> Ed25519.parsePublic(Files.readString(dir.resolve("rpub.pem"))));
  }

  /**
   * A well-formed 64-byte signature that makes the JDK throw (here: checked with a key of another
   * kind) is not a valid signature.
   */
  @Test
  void aSignatureTheJdkCannotCheck_isNotValid() throws Exception {
    java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    PublicKey other = rsa.generateKeyPair().getPublic();
    KeyPair ed = Ed25519.generate();
    byte[] data = "manifest".getBytes(StandardCharsets.UTF_8);
    byte[] sig = Ed25519.sign(ed.getPrivate(), data);
    assertEquals(64, sig.length);
    assertFalse(Ed25519.verify(other, data, sig));
    assertTrue(Ed25519.verify(ed.getPublic(), data, sig));
  }
}
