package dev.hoist.engine.internal.digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The expected digest of an archive: an algorithm and its lower-case hex value. The manifest format
 * carries SHA-256; other registries publish SHA-512 (npm's {@code integrity}) or SHA-1 (old Maven
 * checksum files), and the download is verified against whichever one the registry gave.
 *
 * @param algorithm the hash function
 * @param hex the lower-case hex digest, exactly {@link Algorithm#hexLength()} digits
 */
public record Digest(Algorithm algorithm, String hex) {

  /** The hash functions registries publish, weakest first. */
  public enum Algorithm {
    SHA1("SHA-1", "sha1", 40),
    SHA256("SHA-256", "sha256", 64),
    SHA512("SHA-512", "sha512", 128);

    private final String jcaName;
    private final String id;
    private final int hexLength;

    Algorithm(String jcaName, String id, int hexLength) {
      this.jcaName = jcaName;
      this.id = id;
      this.hexLength = hexLength;
    }

    /**
     * The lower-case name used in checksum file extensions and SRI strings, e.g. {@code sha512}.
     */
    public String id() {
      return id;
    }

    public int hexLength() {
      return hexLength;
    }

    /** A fresh digester; every JDK provides all three. */
    public MessageDigest newDigest() {
      try {
        return MessageDigest.getInstance(jcaName);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK provides " + jcaName, e);
      }
    }
  }

  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    if (!Pattern.matches("[0-9a-f]{" + algorithm.hexLength() + "}", hex)) {
      throw new IllegalArgumentException(
          "a "
              + algorithm.id()
              + " digest must be "
              + algorithm.hexLength()
              + " lower-case hex digits");
    }
  }

  /**
   * The lower-case hex SHA-256 of {@code file}'s bytes, read as a stream.
   *
   * @param options {@code NOFOLLOW_LINKS} to refuse a link in the file's place
   */
  public static String sha256Of(Path file, LinkOption... options) throws IOException {
    MessageDigest md = Algorithm.SHA256.newDigest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file, options), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(Algorithm.SHA256.newDigest().digest(bytes));
  }

  /** A SHA-256 digest from its hex form, as manifests write it. */
  public static Digest sha256(String hex) {
    return new Digest(Algorithm.SHA256, hex);
  }

  /**
   * Parses a Subresource Integrity string such as {@code sha512-<base64>}; where it lists several
   * hashes (space-separated), the strongest one this client knows. Empty when none is usable.
   */
  public static Optional<Digest> fromSri(String integrity) {
    Digest best = null;
    for (String part : integrity.strip().split("\\s+")) {
      int dash = part.indexOf('-');
      if (dash < 0) continue;
      String algo = part.substring(0, dash).toLowerCase(Locale.ROOT);
      String b64 = part.substring(dash + 1).replaceFirst("\\?.*$", ""); // SRI options
      for (Algorithm a : Algorithm.values()) {
        if (!a.id().equals(algo)) continue;
        try {
          Digest d = new Digest(a, HexFormat.of().formatHex(Base64.getDecoder().decode(b64)));
          if (best == null || a.compareTo(best.algorithm()) > 0) best = d;
        } catch (IllegalArgumentException e) {
          // Not base64 or the wrong length for the algorithm: this entry is unusable, try the next.
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code <algorithm>:<hex>}, e.g. {@code sha512:9f86…}. */
  @Override
  public String toString() {
    return algorithm.id() + ":" + hex;
  }
}
