package dev.hoist.engine.internal.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys and signatures with the JDK's own provider only, in the encodings OpenSSL reads and
 * writes: PEM SubjectPublicKeyInfo ({@code openssl pkey -pubout}), PEM PKCS#8 private keys ({@code
 * openssl genpkey -algorithm ed25519}), and the raw 32-byte key in base64.
 *
 * <p>Stateless and thread-safe.
 */
public final class Ed25519 {
  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows. */
  private static final byte[] SPKI_PREFIX = hex("302a300506032b6570032100");

  /** The DER prefix of an Ed25519 PKCS#8 v1 private key; the 32-byte seed follows. */
  private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  /** The length of an Ed25519 signature in bytes. */
  public static final int SIGNATURE_BYTES = 64;

  private Ed25519() {}

  /**
   * Parses a public key: PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo) or the base64 of the raw
   * 32-byte key.
   *
   * @throws IllegalArgumentException naming what is wrong, for anything else
   */
  public static PublicKey parsePublic(String text) {
    byte[] der;
    Matcher m = PEM.matcher(text);
    if (m.find()) {
      if (!m.group(1).equals("PUBLIC KEY")) {
        throw new IllegalArgumentException(
            "expected a PEM PUBLIC KEY (SubjectPublicKeyInfo), found " + m.group(1));
      }
      der = base64(m.group(2), "the PEM body");
    } else {
      byte[] raw = base64(text, "a raw base64 key");
      if (raw.length != 32) {
        throw new IllegalArgumentException(
            "a raw Ed25519 public key is 32 bytes, this one is " + raw.length);
      }
      der = concat(SPKI_PREFIX, raw);
    }
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /**
   * Parses a private key: PEM {@code PRIVATE KEY} (PKCS#8, as OpenSSL writes it) or the base64 of
   * the raw 32-byte seed.
   *
   * @throws IllegalArgumentException naming what is wrong, for anything else
   */
  public static PrivateKey parsePrivate(String text) {
    byte[] der;
    Matcher m = PEM.matcher(text);
    if (m.find()) {
      if (!m.group(1).equals("PRIVATE KEY")) {
        throw new IllegalArgumentException(
            "expected a PEM PRIVATE KEY (unencrypted PKCS#8), found " + m.group(1));
      }
      der = base64(m.group(2), "the PEM body");
    } else {
      byte[] raw = base64(text, "a raw base64 key");
      if (raw.length != 32) {
        throw new IllegalArgumentException(
            "a raw Ed25519 private key is 32 bytes, this one is " + raw.length);
      }
      der = concat(PKCS8_PREFIX, raw);
    }
    try {
      PrivateKey key =
          KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
      if (!"EdDSA".equals(key.getAlgorithm()) && !"Ed25519".equals(key.getAlgorithm())) {
        throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
      }
      return key;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
    }
  }

  /** A fresh key pair from the JDK's default secure random source. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK 15+ provides Ed25519", e);
    }
  }

  /** Signs {@code data} exactly as {@code openssl pkeyutl -sign -rawin} does (pure Ed25519). */
  public static byte[] sign(PrivateKey key, byte[] data) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  /** True if {@code signature} is {@code key}'s valid signature of {@code data}. */
  public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    if (signature.length != SIGNATURE_BYTES) return false;
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(data);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      // A malformed signature or a key of another kind is simply not a valid signature.
      return false;
    }
  }

  /** The raw 32-byte public key. */
  public static byte[] raw(PublicKey key) {
    byte[] der = key.getEncoded();
    return Arrays.copyOfRange(der, der.length - 32, der.length);
  }

  /** The PEM SubjectPublicKeyInfo, as {@code openssl pkey -pubout} writes it. */
  public static String publicPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  /** The PEM PKCS#8 private key, as {@code openssl genpkey} writes it (unencrypted). */
  public static String privatePem(PrivateKey key) {
    byte[] der = key.getEncoded();
    // A provider may add the public key (PKCS#8 v2); OpenSSL's short v1 form is the seed only.
    if (der.length > 48 && Arrays.equals(der, 2, 16, PKCS8_PREFIX, 2, 16)) {
      der = concat(PKCS8_PREFIX, Arrays.copyOfRange(der, 16, 48));
    }
    return pem("PRIVATE KEY", der);
  }

  /** A short, stable name for a key: the first 8 bytes of the SHA-256 of its raw form, in hex. */
  public static String fingerprint(PublicKey key) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(raw(key));
      return java.util.HexFormat.of().formatHex(d, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static byte[] base64(String text, String what) {
    try {
      return Base64.getDecoder().decode(text.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not valid base64", e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }
}
