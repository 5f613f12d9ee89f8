package dev.hoist.engine.internal.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which keys are trusted, which one signed, and what a refusal says. */
class TrustedKeysTest {
  @TempDir Path dir;

  private static final byte[] DATA = "{\"schema\":1}\n".getBytes(StandardCharsets.UTF_8);
  private static final URI FROM = URI.create("https://example.com/manifest.json.sig");

  @Test
  void aDirectory_givesEveryPubFileInNameOrder_andNothingElse() throws Exception {
    KeyPair a = Ed25519.generate();
    KeyPair b = Ed25519.generate();
    Files.writeString(dir.resolve("b.pub"), Ed25519.publicPem(b.getPublic()));
    Files.writeString(
        dir.resolve("a.pub"), Base64.getEncoder().encodeToString(Ed25519.raw(a.getPublic())));
    Files.writeString(dir.resolve("notes.txt"), "not a key");
    TrustedKeys keys = TrustedKeys.load(dir);
    assertEquals(2, keys.size());
    assertFalse(keys.isEmpty());
    assertEquals(
        List.of(dir.resolve("a.pub").toString(), dir.resolve("b.pub").toString()),
        keys.keys().stream().map(TrustedKeys.Key::source).toList());
    assertEquals(Ed25519.fingerprint(a.getPublic()), keys.keys().get(0).fingerprint());
    assertEquals("signed (2 keys)", keys.describe());
  }

  @Test
  void manyKeyFiles_areReadInNameOrder_whateverOrderTheDirectoryListsThem() throws Exception {
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) names.add("k" + (char) ('a' + i) + ".pub");
    List<String> created = new java.util.ArrayList<>(names);
    java.util.Collections.shuffle(created, new java.util.Random(42));
    for (String n : created) {
      Files.writeString(dir.resolve(n), Ed25519.publicPem(Ed25519.generate().getPublic()));
    }
    assertEquals(
        names.stream().map(n -> dir.resolve(n).toString()).toList(),
        TrustedKeys.load(dir).keys().stream().map(TrustedKeys.Key::source).toList());
  }

  @Test
  void aFile_isOneKey_aMissingPathIsNone() throws Exception {
    KeyPair a = Ed25519.generate();
    Path file = Files.writeString(dir.resolve("key.pem"), Ed25519.publicPem(a.getPublic()));
    TrustedKeys one = TrustedKeys.load(file);
    assertEquals(1, one.size());
    assertEquals("signed (1 key)", one.describe());
    TrustedKeys none = TrustedKeys.load(dir.resolve("absent"));
    assertTrue(none.isEmpty());
    assertEquals("checksums only", none.describe());
    assertEquals("checksums only", TrustedKeys.NONE.describe());
  }

  @Test
  void aFileThatIsNotAKey_isRefused_namingTheFile() throws Exception {
    Files.writeString(dir.resolve("bad.pub"), "hello");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TrustedKeys.load(dir));
    assertTrue(e.getMessage().startsWith(dir.resolve("bad.pub") + ": "), e.getMessage());
  }

  @Test
  void signer_isTheKeyThatSigned_amongSeveral() {
    KeyPair a = Ed25519.generate();
    KeyPair b = Ed25519.generate();
    TrustedKeys keys =
        new TrustedKeys(
            List.of(
                new TrustedKeys.Key(a.getPublic(), "a"), new TrustedKeys.Key(b.getPublic(), "b")));
    byte[] sig = Ed25519.sign(b.getPrivate(), DATA);
    assertEquals("b", keys.signer(DATA, sig).orElseThrow().source());
    assertTrue(keys.signer("other".getBytes(StandardCharsets.UTF_8), sig).isEmpty());
  }

  @Test
  void verify_returnsTheSigner_orRefusesSayingHowManyKeysWereTried() throws Exception {
    KeyPair a = Ed25519.generate();
    KeyPair b = Ed25519.generate();
    KeyPair stranger = Ed25519.generate();
    byte[] file = ManifestSignature.encode(Ed25519.sign(stranger.getPrivate(), DATA)).getBytes();
    TrustedKeys one = new TrustedKeys(List.of(new TrustedKeys.Key(a.getPublic(), "a")));
    UpdateException e1 =
        assertThrows(UpdateException.class, () -> ManifestSignature.verify(one, DATA, file, FROM));
    assertEquals(UpdateException.Reason.SIGNATURE_INVALID, e1.reason());
    assertTrue(e1.getMessage().contains("does not verify with the trusted key;"), e1.getMessage());
    TrustedKeys two =
        new TrustedKeys(
            List.of(
                new TrustedKeys.Key(a.getPublic(), "a"), new TrustedKeys.Key(b.getPublic(), "b")));
    UpdateException e2 =
        assertThrows(UpdateException.class, () -> ManifestSignature.verify(two, DATA, file, FROM));
    assertTrue(e2.getMessage().contains("any of the 2 trusted keys"), e2.getMessage());

    byte[] good = ManifestSignature.encode(Ed25519.sign(b.getPrivate(), DATA)).getBytes();
    assertEquals("b", ManifestSignature.verify(two, DATA, good, FROM).source());
  }

  @Test
  void aSignatureOfTheWrongLength_isNeverValid() {
    KeyPair a = Ed25519.generate();
    byte[] sig = Ed25519.sign(a.getPrivate(), DATA);
    assertTrue(Ed25519.verify(a.getPublic(), DATA, sig));
    assertFalse(Ed25519.verify(a.getPublic(), DATA, Arrays.copyOf(sig, 63)));
    assertFalse(Ed25519.verify(a.getPublic(), DATA, Arrays.copyOf(sig, 65)));
    assertFalse(Ed25519.verify(a.getPublic(), DATA, new byte[0]));
  }

  @Test
  void decode_acceptsBase64WithWhitespace_andRefusesOtherLengths() throws Exception {
    byte[] sig = new byte[64];
    sig[0] = 7;
    String text = ManifestSignature.encode(sig);
    assertTrue(text.endsWith("\n"));
    String folded = text.substring(0, 10) + "\r\n " + text.substring(10);
    assertArrayEquals(sig, ManifestSignature.decode(folded.getBytes(), FROM));
    UpdateException shortSig =
        assertThrows(
            UpdateException.class,
            () ->
                ManifestSignature.decode(ManifestSignature.encode(new byte[63]).getBytes(), FROM));
    assertTrue(shortSig.getMessage().contains("63 bytes"), shortSig.getMessage());
    assertThrows(
        UpdateException.class, () -> ManifestSignature.decode("!!not base64".getBytes(), FROM));
  }

  @Test
  void signatureUri_addsSigBeforeTheQueryOrFragment_whicheverComesFirst() {
    assertEquals(
        "https://h/m.json.sig",
        ManifestSignature.signatureUri(URI.create("https://h/m.json")).toString());
    assertEquals(
        "https://h/m.json.sig?a=1#f",
        ManifestSignature.signatureUri(URI.create("https://h/m.json?a=1#f")).toString());
    assertEquals(
        "https://h/m.json.sig#f?x",
        ManifestSignature.signatureUri(URI.create("https://h/m.json#f?x")).toString());
    assertEquals(
        "https://h/m.json.sig#f",
        ManifestSignature.signatureUri(URI.create("https://h/m.json#f")).toString());
    // Relative references as a descriptor may hold them: the cut may be at the very start.
    assertEquals(".sig?a=1", ManifestSignature.signatureUri(URI.create("?a=1")).toString());
    assertEquals(".sig#f", ManifestSignature.signatureUri(URI.create("#f")).toString());
    assertEquals(".sig#f?a", ManifestSignature.signatureUri(URI.create("#f?a")).toString());
  }

  @Test
  void fingerprint_isTheFirst8BytesOfTheSha256OfTheRawKey_inHex() throws Exception {
    KeyPair a = Ed25519.generate();
    byte[] d = MessageDigest.getInstance("SHA-256").digest(Ed25519.raw(a.getPublic()));
    assertEquals(HexFormat.of().formatHex(d, 0, 8), Ed25519.fingerprint(a.getPublic()));
    assertEquals(16, Ed25519.fingerprint(a.getPublic()).length());
  }

  @Test
  void privatePem_writesOpenSslsShortForm_evenForALongerEncoding() {
    // A provider may encode the same seed with more after it (attributes, the public key); the
    // PEM is the 48-byte v1 form either way.
    KeyPair pair = Ed25519.generate();
    byte[] v1 = pair.getPrivate().getEncoded();
    assertEquals(48, v1.length);
    byte[] longer = Arrays.copyOf(v1, 48 + 35);
    longer[1] = (byte) (longer.length - 2);
    PrivateKey padded =
        new PrivateKey() {
          @Override
          public String getAlgorithm() {
            return "EdDSA";
          }

          @Override
          public String getFormat() {
            return "PKCS#8";
          }

          @Override
          public byte[] getEncoded() {
            return longer.clone();
          }
        };
    assertEquals(Ed25519.privatePem(pair.getPrivate()), Ed25519.privatePem(padded));
  }

  @Test
  void parsePrivate_refusesOtherPemTypes_andWrongSeedLengths() {
    KeyPair pair = Ed25519.generate();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ed25519.parsePrivate(Ed25519.publicPem(pair.getPublic())));
    assertTrue(e.getMessage().contains("expected a PEM PRIVATE KEY"), e.getMessage());
    IllegalArgumentException len =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ed25519.parsePrivate(Base64.getEncoder().encodeToString(new byte[31])));
    assertTrue(len.getMessage().contains("32 bytes, this one is 31"), len.getMessage());
  }
}
