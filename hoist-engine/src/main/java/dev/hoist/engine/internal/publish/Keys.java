package dev.hoist.engine.internal.publish;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.trust.Ed25519;
import dev.hoist.engine.internal.trust.ManifestSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;

/**
 * The publisher's key operations: make a signing key pair, sign a file into {@code FILE.sig}, and
 * sign a manifest both inline and detached. Key files are PEM, readable by OpenSSL; the private one
 * is created with mode 0600 and never overwritten.
 */
public final class Keys {
  private Keys() {}

  /** Where {@link #generate} wrote the pair. */
  public record Written(Path privateKey, Path publicKey, String fingerprint) {}

  /**
   * Writes {@code dir/name.key} (private, 0600) and {@code dir/name.pub} (public).
   *
   * @throws FileAlreadyExistsException when either exists: a signing key is never replaced
   */
  public static Written generate(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Path priv = dir.resolve(name + ".key");
    Path pub = dir.resolve(name + ".pub");
    if (Files.exists(pub)) throw new FileAlreadyExistsException(pub.toString());
    KeyPair pair = Ed25519.generate();
    try {
      Files.createFile(
          priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the file inherits its directory's access control.
      Files.createFile(priv);
    }
    Files.writeString(priv, Ed25519.privatePem(pair.getPrivate()), StandardCharsets.US_ASCII);
    writeAtomically(pub, Ed25519.publicPem(pair.getPublic()).getBytes(StandardCharsets.US_ASCII));
    return new Written(priv, pub, Ed25519.fingerprint(pair.getPublic()));
  }

  /**
   * Reads a private key file (PEM PKCS#8 or raw base64 seed).
   *
   * @throws IllegalArgumentException naming the file when it holds no Ed25519 private key
   */
  public static PrivateKey readPrivate(Path file) throws IOException {
    try {
      return Ed25519.parsePrivate(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Signs the exact bytes of {@code file} into {@code file.sig} (base64) and returns that path. */
  public static Path sign(Path file, PrivateKey key) throws IOException {
    return writeSignature(file, Files.readAllBytes(file), key);
  }

  /** Signs {@code bytes}, the content of {@code file}, into {@code file.sig}. */
  private static Path writeSignature(Path file, byte[] bytes, PrivateKey key) throws IOException {
    Path out = file.resolveSibling(file.getFileName() + ".sig");
    writeAtomically(
        out,
        ManifestSignature.encode(Ed25519.sign(key, bytes)).getBytes(StandardCharsets.US_ASCII));
    return out;
  }

  /**
   * Signs a manifest both ways (DESIGN §4): inline, rewriting {@code file} to open with its
   * signature member, and detached, into {@code file.sig} over the rewritten bytes, for clients
   * that predate inline signatures. An inline signature already there is replaced, so signing again
   * after an edit, or with another key, is safe. Returns the {@code .sig} path.
   *
   * @throws IllegalArgumentException when the file is not a JSON object with members, or its inline
   *     signature is malformed
   */
  public static Path signManifest(Path file, PrivateKey key) throws IOException {
    byte[] unsigned = withoutInline(Files.readAllBytes(file), file);
    byte[] signed = ManifestSignature.withInline(unsigned, Ed25519.sign(key, unsigned));
    writeAtomically(file, signed);
    return writeSignature(file, signed, key);
  }

  /** True when {@code file} holds a JSON object (its first non-blank character is a brace). */
  public static boolean isJsonObject(Path file) throws IOException {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      int c;
      while ((c = in.read()) >= 0 && Character.isWhitespace(c)) {}
      return c == '{';
    }
  }

  /** The manifest without its inline signature or leading white space: the bytes to sign. */
  private static byte[] withoutInline(byte[] manifest, Path file) {
    int start = 0;
    while (start < manifest.length && Character.isWhitespace(manifest[start])) start++;
    byte[] bytes = Arrays.copyOfRange(manifest, start, manifest.length);
    try {
      return ManifestSignature.inline(bytes, file.toUri()).map(i -> i.signed()).orElse(bytes);
    } catch (UpdateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Writes a public output (a manifest, a signature, a public key) through a temporary sibling and
   * a rename, so a reader never sees half a file, with mode 0644: it is meant to be uploaded and
   * served, and a temporary file's 0600 would make a web server refuse it.
   */
  static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".hoist-", ".tmp");
    try {
      Files.write(tmp, bytes);
      makePublic(tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Gives a public output mode 0644, so that a web server serves it. */
  static void makePublic(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps its directory's access control.
    }
  }
}
