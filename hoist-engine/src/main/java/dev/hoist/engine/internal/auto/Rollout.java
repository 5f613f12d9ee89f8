package dev.hoist.engine.internal.auto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Staged rollout (DESIGN §4): an unattended run takes a release only when this install's bucket for
 * that version falls under the release's {@code rollout} percentage. The bucket is a stable hash,
 * so a machine's answer does not change from run to run, and raising the percentage only ever adds
 * machines; it differs per version, so the same machines are not always first.
 */
public final class Rollout {
  private Rollout() {}

  /** The bucket, 0 to 99: the first four bytes of SHA-256({@code id:version}), modulo 100. */
  public static int bucket(String installId, String version) {
    byte[] h = sha256((installId + ":" + version).getBytes(StandardCharsets.UTF_8));
    long n =
        ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
    return (int) (n % 100);
  }

  /** Whether an install takes {@code version} released to {@code percent} of machines. */
  public static boolean admits(int percent, String installId, String version) {
    return percent >= 100 || (percent > 0 && bucket(installId, version) < percent);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}
