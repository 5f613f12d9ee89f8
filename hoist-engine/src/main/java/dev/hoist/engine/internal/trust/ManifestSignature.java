package dev.hoist.engine.internal.trust;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The detached signature of a manifest (DESIGN §4): {@code <manifest URL>.sig} holds the base64
 * Ed25519 signature of the manifest's exact bytes. Whitespace around and inside the base64 is
 * ignored; anything else that is not exactly one 64-byte signature is malformed.
 */
public final class ManifestSignature {
  /** A signature file larger than this is refused unread: a real one is 88 bytes. */
  public static final int MAX_SIGNATURE_BYTES = 4096;

  private ManifestSignature() {}

  /** The URL of the signature of the manifest at {@code manifest}. */
  public static URI signatureUri(URI manifest) {
    String s = manifest.toString();
    int cut = firstOf(s, '?', '#');
    return URI.create(s.substring(0, cut) + ".sig" + s.substring(cut));
  }

  private static int firstOf(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    if (i < 0) return j < 0 ? s.length() : j;
    return j < 0 ? i : Math.min(i, j);
  }

  /** The base64 text of a signature file, with a trailing newline. */
  public static String encode(byte[] signature) {
    return Base64.getEncoder().encodeToString(signature) + "\n";
  }

  /**
   * Decodes a signature file's content.
   *
   * @throws UpdateException {@code SIGNATURE_INVALID} when it is not the base64 of 64 bytes
   */
  public static byte[] decode(byte[] file, URI from) throws UpdateException {
    String text = new String(file, StandardCharsets.US_ASCII).replaceAll("\\s", "");
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new UpdateException(
          Reason.SIGNATURE_INVALID,
          "the manifest signature " + from + " is malformed: not base64",
          e);
    }
    if (sig.length != Ed25519.SIGNATURE_BYTES) {
      throw new UpdateException(
          Reason.SIGNATURE_INVALID,
          "the manifest signature "
              + from
              + " is malformed: "
              + sig.length
              + " bytes, an Ed25519 signature has "
              + Ed25519.SIGNATURE_BYTES);
    }
    return sig;
  }

  /**
   * Verifies {@code manifest} against the signature file's content and returns the key that signed
   * it.
   *
   * @throws UpdateException {@code SIGNATURE_INVALID} when the signature is malformed or made by no
   *     trusted key (or over other bytes)
   */
  public static TrustedKeys.Key verify(
      TrustedKeys keys, byte[] manifest, byte[] signatureFile, URI from) throws UpdateException {
    byte[] sig = decode(signatureFile, from);
    return keys.signer(manifest, sig)
        .orElseThrow(
            () ->
                new UpdateException(
                    Reason.SIGNATURE_INVALID,
                    "the manifest signature "
                        + from
                        + " does not verify with "
                        + (keys.size() == 1
                            ? "the trusted key"
                            : "any of the " + keys.size() + " trusted keys")
                        + "; refusing the manifest (tampered, or signed with an untrusted key)"));
  }
}
