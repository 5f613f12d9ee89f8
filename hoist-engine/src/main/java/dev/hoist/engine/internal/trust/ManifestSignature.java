package dev.hoist.engine.internal.trust;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The signature of a manifest (DESIGN §4), in either of two places.
 *
 * <ul>
 *   <li><b>Detached:</b> {@code <manifest URL>.sig} holds the base64 Ed25519 signature of the
 *       manifest's exact bytes. Whitespace around and inside the base64 is ignored; anything else
 *       that is not exactly one 64-byte signature is malformed.
 *   <li><b>Inline:</b> the manifest opens, byte for byte, with <code>{"signature":"</code>, the
 *       base64 (no whitespace) and <code>",</code>; it signs the manifest without that member: an
 *       opening brace followed by everything after the member's comma. It costs no request of its
 *       own, and a cache or CDN cannot serve a manifest with another version's signature. Clients
 *       that know only the detached file ignore the member as an unknown field, so a publisher
 *       writes both (the detached one over the bytes as served, member included).
 * </ul>
 */
public final class ManifestSignature {
  /** A signature file larger than this is refused unread: a real one is 88 bytes. */
  public static final int MAX_SIGNATURE_BYTES = 4096;

  /** How a manifest with an inline signature opens, byte for byte. */
  private static final byte[] INLINE_OPENING =
      "{\"signature\":\"".getBytes(StandardCharsets.US_ASCII);

  /** The longest base64 an inline signature may have before its closing quote. */
  private static final int MAX_INLINE_CHARS = 128;

  private ManifestSignature() {}

  /**
   * A manifest's inline signature and the bytes it signs.
   *
   * @param signature the 64 signature bytes
   * @param signed the manifest without the signature member: the bytes to verify and to parse
   */
  public record Inline(byte[] signature, byte[] signed) {}

  /**
   * The inline signature of {@code manifest}, or empty when the manifest does not open with one
   * (then its signature, if any, is the detached file).
   *
   * @throws UpdateException {@code SIGNATURE_INVALID} when it opens with the member but the member
   *     is not one base64 string of 64 bytes followed by a comma
   */
  public static Optional<Inline> inline(byte[] manifest, URI from) throws UpdateException {
    if (!opensInline(manifest)) return Optional.empty();
    int start = INLINE_OPENING.length;
    int end = start;
    while (end < manifest.length && end - start <= MAX_INLINE_CHARS && isBase64(manifest[end])) {
      end++;
    }
    if (end + 1 >= manifest.length || manifest[end] != '"' || manifest[end + 1] != ',') {
      throw new UpdateException(
          Reason.SIGNATURE_INVALID,
          "the inline signature of the manifest "
              + from
              + " is malformed: the manifest must open with {\"signature\":\"<base64>\", and"
              + " nothing else");
    }
    byte[] sig = decode(Arrays.copyOfRange(manifest, start, end), from);
    byte[] signed = new byte[manifest.length - end - 1];
    signed[0] = '{';
    System.arraycopy(manifest, end + 2, signed, 1, signed.length - 1);
    return Optional.of(new Inline(sig, signed));
  }

  private static boolean isBase64(byte b) {
    return (b >= 'A' && b <= 'Z')
        || (b >= 'a' && b <= 'z')
        || (b >= '0' && b <= '9')
        || b == '+'
        || b == '/'
        || b == '=';
  }

  /**
   * The manifest {@code unsigned} with {@code signature} inline: <code>{"signature":"…",</code> in
   * place of its opening brace.
   *
   * @throws IllegalArgumentException when {@code unsigned} is not a JSON object with a member, or
   *     already carries an inline signature
   */
  public static byte[] withInline(byte[] unsigned, byte[] signature) {
    int i = 1;
    while (i < unsigned.length && isJsonSpace(unsigned[i])) i++;
    if (unsigned.length == 0 || unsigned[0] != '{' || i >= unsigned.length || unsigned[i] == '}') {
      throw new IllegalArgumentException(
          "a manifest to sign inline must be a JSON object with members, opening with {");
    }
    if (opensInline(unsigned)) {
      throw new IllegalArgumentException("the manifest already carries an inline signature");
    }
    byte[] base64 = Base64.getEncoder().encode(signature);
    byte[] out = new byte[INLINE_OPENING.length + base64.length + 2 + unsigned.length - 1];
    System.arraycopy(INLINE_OPENING, 0, out, 0, INLINE_OPENING.length);
    System.arraycopy(base64, 0, out, INLINE_OPENING.length, base64.length);
    out[INLINE_OPENING.length + base64.length] = '"';
    out[INLINE_OPENING.length + base64.length + 1] = ',';
    System.arraycopy(
        unsigned, 1, out, INLINE_OPENING.length + base64.length + 2, unsigned.length - 1);
    return out;
  }

  /** Whether {@code manifest} opens with the inline signature's member, byte for byte. */
  private static boolean opensInline(byte[] manifest) {
    return manifest.length >= INLINE_OPENING.length
        && Arrays.equals(
            manifest, 0, INLINE_OPENING.length, INLINE_OPENING, 0, INLINE_OPENING.length);
  }

  private static boolean isJsonSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  /**
   * Verifies an inline signature and returns the key that made it.
   *
   * @throws UpdateException {@code SIGNATURE_INVALID} when no trusted key made it over the bytes
   */
  public static TrustedKeys.Key verify(TrustedKeys keys, Inline inline, URI from)
      throws UpdateException {
    return signer(keys, inline.signed(), inline.signature(), "the inline signature of " + from);
  }

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
    return signer(keys, manifest, decode(signatureFile, from), "the manifest signature " + from);
  }

  private static TrustedKeys.Key signer(TrustedKeys keys, byte[] bytes, byte[] sig, String what)
      throws UpdateException {
    return keys.signer(bytes, sig)
        .orElseThrow(
            () ->
                new UpdateException(
                    Reason.SIGNATURE_INVALID,
                    what
                        + " does not verify with "
                        + (keys.size() == 1
                            ? "the trusted key"
                            : "any of the " + keys.size() + " trusted keys")
                        + "; refusing the manifest (tampered, or signed with an untrusted key)"));
  }
}
