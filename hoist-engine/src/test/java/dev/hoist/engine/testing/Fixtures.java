package dev.hoist.engine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/** Recorded registry responses under {@code src/test/resources/registries/}, and digests. */
public final class Fixtures {
  private Fixtures() {}

  /** The fixture's text with every {@code ${KEY}} replaced by its value. */
  public static String load(String path, Map<String, String> values) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/registries/" + path)) {
      if (in == null) throw new IllegalArgumentException("no fixture " + path);
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (var e : values.entrySet()) text = text.replace("${" + e.getKey() + "}", e.getValue());
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String hex(String algorithm, byte[] data) {
    return HexFormat.of().formatHex(digest(algorithm, data));
  }

  /** The npm {@code integrity} value of {@code data}: {@code sha512-<base64>}. */
  public static String sri512(byte[] data) {
    return "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", data));
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
