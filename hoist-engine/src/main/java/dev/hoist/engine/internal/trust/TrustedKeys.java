package dev.hoist.engine.internal.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The publisher keys a client trusts. Several may be trusted at once, so that a publisher can
 * rotate keys: a manifest is accepted when any one of them signed it. An empty set means manifests
 * are not signed ("checksums only").
 *
 * <p>Immutable.
 */
public final class TrustedKeys {
  /** Trusts nothing: manifests are checked by their checksums only. */
  public static final TrustedKeys NONE = new TrustedKeys(List.of());

  /** The file name ending of a key file in a key directory. */
  public static final String KEY_FILE_SUFFIX = ".pub";

  /**
   * One trusted key.
   *
   * @param key the Ed25519 public key
   * @param source where it was read from, for messages
   */
  public record Key(PublicKey key, String source) {
    /** {@link Ed25519#fingerprint}. */
    public String fingerprint() {
      return Ed25519.fingerprint(key);
    }
  }

  private final List<Key> keys;

  public TrustedKeys(List<Key> keys) {
    this.keys = List.copyOf(keys);
  }

  /**
   * Reads keys from a file (one PEM or raw base64 key) or a directory (every {@code *.pub} file in
   * it, in name order). A missing path yields no keys.
   *
   * @throws IOException when a file cannot be read
   * @throws IllegalArgumentException naming the file, when one does not hold an Ed25519 key
   */
  public static TrustedKeys load(Path path) throws IOException {
    List<Key> keys = new ArrayList<>();
    if (Files.isDirectory(path)) {
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(path, "*" + KEY_FILE_SUFFIX)) {
        ds.forEach(files::add);
      }
      files.sort(null);
      for (Path f : files) keys.add(read(f));
    } else if (Files.exists(path)) {
      keys.add(read(path));
    }
    return new TrustedKeys(keys);
  }

  private static Key read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    try {
      return new Key(Ed25519.parsePublic(text), file.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  public int size() {
    return keys.size();
  }

  public List<Key> keys() {
    return keys;
  }

  /** The key that made {@code signature} over {@code data}, if any trusted one did. */
  public Optional<Key> signer(byte[] data, byte[] signature) {
    for (Key k : keys) {
      if (Ed25519.verify(k.key(), data, signature)) return Optional.of(k);
    }
    return Optional.empty();
  }

  /** For {@code hoist status}: {@code signed (2 keys)} or {@code checksums only}. */
  public String describe() {
    if (keys.isEmpty()) return "checksums only";
    return "signed (" + keys.size() + (keys.size() == 1 ? " key)" : " keys)");
  }
}
