package dev.hoist.engine;

import dev.hoist.engine.internal.trust.TrustedKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The publisher keys (Ed25519) whose signature a manifest must carry. Several may be trusted at
 * once, so that a publisher can rotate keys: a manifest is accepted when any one of them signed it.
 * {@link #none()} accepts unsigned manifests, checked by their checksums only.
 *
 * <p>Immutable.
 */
public final class PublisherKeys {
  private static final PublisherKeys NONE = new PublisherKeys(TrustedKeys.NONE);

  private final TrustedKeys keys;

  private PublisherKeys(TrustedKeys keys) {
    this.keys = Objects.requireNonNull(keys);
  }

  /** Trusts nothing: manifests are checked by their checksums only. */
  public static PublisherKeys none() {
    return NONE;
  }

  /**
   * Reads keys from a file (one PEM or raw base64 public key, as {@code hoist release keygen}
   * writes) or a directory (every {@code *.pub} file in it, in name order). A missing path yields
   * no keys.
   *
   * @throws IOException when a file cannot be read
   * @throws IllegalArgumentException naming the file, when one does not hold an Ed25519 public key
   */
  public static PublisherKeys load(Path fileOrDirectory) throws IOException {
    return new PublisherKeys(TrustedKeys.load(fileOrDirectory));
  }

  /** The keys of both sets. */
  public PublisherKeys and(PublisherKeys other) {
    List<TrustedKeys.Key> all = new ArrayList<>(keys.keys());
    all.addAll(other.keys.keys());
    return new PublisherKeys(new TrustedKeys(all));
  }

  /** No key: manifests are not signed. */
  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /** The keys' fingerprints (16 hex digits, as {@code hoist release keygen} prints), in order. */
  public List<String> fingerprints() {
    return keys.keys().stream().map(TrustedKeys.Key::fingerprint).toList();
  }

  /** How manifests are trusted: {@code signed (2 keys)} or {@code checksums only}. */
  public String describe() {
    return keys.describe();
  }

  @Override
  public String toString() {
    return describe();
  }

  static PublisherKeys of(TrustedKeys keys) {
    return keys.isEmpty() ? NONE : new PublisherKeys(keys);
  }

  TrustedKeys internal() {
    return keys;
  }
}
