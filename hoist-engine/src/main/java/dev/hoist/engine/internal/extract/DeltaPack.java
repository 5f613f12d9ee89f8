package dev.hoist.engine.internal.extract;

import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A delta pack (docs/manifest.md, "Delta packs"): one uncompressed tar holding a release's file
 * index, first and named {@value #INDEX}, then the blobs of the files that changed since an earlier
 * release, each named by its blob URL as the index writes it. A client with that release installed
 * fetches the pack instead of the index and each blob: one request instead of two or more.
 *
 * <p>An entry's name only says which blob it is, and is never a path: what is read goes to files
 * this class names, and the index must be the one the manifest names (size and SHA-256), each blob
 * the size and SHA-256 the index gives it. Entries that are no blob of the index are skipped.
 */
public final class DeltaPack {
  /** The name of the index's entry, the pack's first. */
  public static final String INDEX = "index.json";

  private DeltaPack() {}

  /**
   * What a pack held, verified.
   *
   * @param index the release's index, whose bytes are the ones the manifest names
   * @param blobs for each blob URL of the index the pack held, the file with its stored bytes
   */
  public record Contents(FileIndex index, Map<String, Path> blobs) {
    public Contents {
      blobs = Map.copyOf(blobs);
    }
  }

  /**
   * Reads {@code pack}, writing its blobs into {@code work} (an empty directory).
   *
   * @param indexSize the size the manifest gives the index
   * @param indexSha256 the SHA-256 the manifest gives the index
   * @throws UpdateException {@code ARCHIVE_CORRUPT} when the pack is not a tar that opens with that
   *     index, or holds a blob that does not match the index
   * @throws IOException when the pack cannot be read as a tar, or {@code work} not written
   */
  public static Contents read(Path pack, long indexSize, String indexSha256, Path work)
      throws UpdateException, IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new BufferedInputStream(Files.newInputStream(pack), 64 * 1024),
            StandardCharsets.UTF_8.name())) {
      TarArchiveEntry first = tar.getNextEntry();
      if (first == null || !first.isFile() || !first.getName().equals(INDEX)) {
        throw corrupt(pack, "it does not open with " + INDEX);
      }
      if (first.getSize() != indexSize) {
        throw corrupt(
            pack, "its index has " + first.getSize() + " bytes, the manifest says " + indexSize);
      }
      byte[] bytes = tar.readNBytes((int) Math.min(indexSize, Integer.MAX_VALUE));
      if (bytes.length != indexSize || !Digest.sha256Hex(bytes).equals(indexSha256)) {
        throw corrupt(pack, "its index is not the one the manifest names");
      }
      FileIndex index = FileIndex.parse(bytes);
      Map<String, FileIndex.Blob> byUrl = new HashMap<>();
      for (FileIndex.Entry e : index.entries()) {
        if (e.blob() != null) byUrl.putIfAbsent(e.blob().url(), e.blob());
      }
      Map<String, Path> blobs = new LinkedHashMap<>();
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        FileIndex.Blob blob = byUrl.get(entry.getName());
        if (!entry.isFile() || blob == null || blobs.containsKey(blob.url())) continue;
        if (entry.getSize() != blob.size()) {
          throw corrupt(
              pack,
              entry.getName()
                  + " has "
                  + entry.getSize()
                  + " bytes, the index says "
                  + blob.size());
        }
        Path file = work.resolve("pack-" + blobs.size());
        if (!copy(tar, file, blob.size()).equals(blob.sha256())) {
          throw corrupt(pack, entry.getName() + " does not match its SHA-256 in the index");
        }
        blobs.put(blob.url(), file);
      }
      return new Contents(index, blobs);
    }
  }

  /** Copies exactly {@code size} bytes of the current entry into {@code file}; their SHA-256. */
  private static String copy(InputStream in, Path file, long size) throws IOException {
    MessageDigest md = Digest.Algorithm.SHA256.newDigest();
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), md)) {
      long copied = in.transferTo(out);
      if (copied != size) throw new IOException("the tar entry ended after " + copied + " bytes");
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static UpdateException corrupt(Path pack, String why) {
    return new UpdateException(
        Reason.ARCHIVE_CORRUPT, "the delta pack " + pack.getFileName() + " is unusable: " + why);
  }
}
