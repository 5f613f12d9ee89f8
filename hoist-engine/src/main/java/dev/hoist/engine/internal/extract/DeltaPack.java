package dev.hoist.engine.internal.extract;

import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A delta pack (docs/manifest.md, "Delta packs"): one uncompressed tar holding a release's file
 * index, first and named {@value #INDEX}, then the blobs of the files that changed since an earlier
 * release, each named by its blob URL as the index writes it. A client with that release installed
 * fetches the pack instead of the index and each blob: one request instead of two or more.
 *
 * <p>An entry's name only says which blob it is, and is never a path: nothing is written, the blobs
 * are read where they lie in the pack ({@link StoredBlob}), and the index must be the one the
 * manifest names (size and SHA-256), each blob the size and SHA-256 the index gives it. Entries
 * that are no blob of the index are skipped.
 *
 * <p>The tar is walked here, header by header (ustar, with pax {@code path} and {@code size}
 * records), rather than by commons-compress: the delta path reads nothing else as a tar, and the
 * walk is the few fields a pack uses, each bounded by the file's size.
 */
public final class DeltaPack {
  /** The name of the index's entry, the pack's first. */
  public static final String INDEX = "index.json";

  private static final int BLOCK = 512;

  /** A pax header larger than this is refused: a pack's hold a path and perhaps a size. */
  private static final int MAX_PAX = 64 * 1024;

  private DeltaPack() {}

  /**
   * What a pack held, verified.
   *
   * @param index the release's index, whose bytes are the ones the manifest names
   * @param blobs for each blob URL of the index the pack held, where its stored bytes lie
   */
  public record Contents(FileIndex index, Map<String, StoredBlob> blobs) {
    public Contents {
      blobs = Map.copyOf(blobs);
    }
  }

  /**
   * Reads {@code pack} (already verified as the file the manifest names).
   *
   * @param indexSize the size the manifest gives the index
   * @param indexSha256 the SHA-256 the manifest gives the index
   * @throws UpdateException {@code ARCHIVE_CORRUPT} when the pack is not a tar that opens with that
   *     index, or holds a blob that does not match the index
   * @throws IOException when the pack cannot be read
   */
  public static Contents read(Path pack, long indexSize, String indexSha256)
      throws UpdateException, IOException {
    List<Item> items = items(pack);
    if (items.isEmpty() || !items.get(0).name().equals(INDEX)) {
      throw corrupt(pack, "it does not open with " + INDEX);
    }
    StoredBlob first = items.get(0).bytes();
    if (first.size() != indexSize) {
      throw corrupt(
          pack, "its index has " + first.size() + " bytes, the manifest says " + indexSize);
    }
    byte[] bytes;
    try (InputStream in = first.open()) {
      bytes = in.readAllBytes();
    }
    if (!Digest.sha256Hex(bytes).equals(indexSha256)) {
      throw corrupt(pack, "its index is not the one the manifest names");
    }
    FileIndex index = FileIndex.parse(bytes);
    Map<String, FileIndex.Blob> byUrl = new HashMap<>();
    for (FileIndex.Entry e : index.entries()) {
      if (e.blob() != null) byUrl.putIfAbsent(e.blob().url(), e.blob());
    }
    Map<String, StoredBlob> blobs = new LinkedHashMap<>();
    for (Item item : items.subList(1, items.size())) {
      FileIndex.Blob blob = byUrl.get(item.name());
      if (blob == null || blobs.containsKey(blob.url())) continue;
      if (item.bytes().size() != blob.size()) {
        throw corrupt(
            pack,
            item.name() + " has " + item.bytes().size() + " bytes, the index says " + blob.size());
      }
      blobs.put(blob.url(), item.bytes());
    }
    // Hashing is most of the read: spread over the machine's cores.
    Optional<String> mismatch;
    try {
      mismatch =
          blobs.entrySet().parallelStream()
              .filter(b -> !sha256(b.getValue()).equals(byUrl.get(b.getKey()).sha256()))
              .map(Map.Entry::getKey)
              .findFirst();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (mismatch.isPresent()) {
      throw corrupt(pack, mismatch.get() + " does not match its SHA-256 in the index");
    }
    return new Contents(index, blobs);
  }

  /** A regular file of the tar: its name and where its bytes lie. */
  private record Item(String name, StoredBlob bytes) {}

  /** The regular files of the tar, in order; other entries are passed over. */
  private static List<Item> items(Path pack) throws UpdateException, IOException {
    List<Item> items = new ArrayList<>();
    try (FileChannel ch =
        FileChannel.open(pack, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long length = ch.size();
      ByteBuffer header = ByteBuffer.allocate(BLOCK);
      String paxPath = null;
      long paxSize = -1;
      long pos = 0;
      while (true) {
        if (pos + BLOCK > length) throw corrupt(pack, "it ends inside a header");
        header.clear();
        readFully(ch, header, pos);
        byte[] h = header.array();
        if (allZero(h)) break; // the end-of-archive blocks
        if (checksum(h) != octal(h, 148, 8, pack))
          throw corrupt(pack, "a header's checksum is wrong");
        byte type = h[156];
        boolean paxHeader = type == 'x' || type == 'g';
        long size = !paxHeader && paxSize >= 0 ? paxSize : octal(h, 124, 12, pack);
        long data = pos + BLOCK;
        long next = data + (size + BLOCK - 1) / BLOCK * BLOCK;
        if (size < 0 || next > length) throw corrupt(pack, "an entry runs past its end");
        if (type == 'g') {
          // Global pax records: nothing a pack needs.
        } else if (type == 'x') {
          if (size > MAX_PAX) throw corrupt(pack, "a pax header of " + size + " bytes");
          ByteBuffer pax = ByteBuffer.allocate((int) size);
          readFully(ch, pax, data);
          Map<String, String> records = pax(pax.array(), pack);
          paxPath = records.get("path");
          paxSize = records.containsKey("size") ? number(records.get("size"), pack) : -1;
        } else {
          if (type == '0' || type == 0) {
            String name = paxPath != null ? paxPath : name(h);
            items.add(new Item(name, new StoredBlob(pack, data, size)));
          }
          paxPath = null;
          paxSize = -1;
        }
        pos = next;
      }
    }
    return items;
  }

  private static void readFully(FileChannel ch, ByteBuffer into, long at) throws IOException {
    while (into.hasRemaining()) {
      if (ch.read(into, at + into.position()) < 0) throw new IOException("unexpected end of file");
    }
  }

  private static boolean allZero(byte[] h) {
    for (byte b : h) if (b != 0) return false;
    return true;
  }

  /** The header's checksum: the sum of its bytes, the checksum field counted as spaces. */
  private static long checksum(byte[] h) {
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
    return sum;
  }

  /** An octal field: digits, padded by spaces or NULs. */
  private static long octal(byte[] h, int at, int length, Path pack) throws UpdateException {
    long v = 0;
    boolean digits = false;
    for (int i = at; i < at + length; i++) {
      byte b = h[i];
      if (b >= '0' && b <= '7') {
        v = v * 8 + (b - '0');
        digits = true;
        if (v > Long.MAX_VALUE / 8) throw corrupt(pack, "a header field is out of range");
      } else if (b == ' ' || b == 0) {
        if (digits) break;
      } else {
        throw corrupt(pack, "a header field is not octal");
      }
    }
    return v;
  }

  /** The ustar name: the prefix, a slash and the name, each up to its first NUL. */
  private static String name(byte[] h) {
    String name = text(h, 0, 100);
    boolean ustar =
        h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
    String prefix = ustar ? text(h, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String text(byte[] h, int at, int length) {
    int end = at;
    while (end < at + length && h[end] != 0) end++;
    return new String(h, at, end - at, StandardCharsets.UTF_8);
  }

  /** Pax records, {@code "<length> <key>=<value>\n"} each. */
  private static Map<String, String> pax(byte[] data, Path pack) throws UpdateException {
    Map<String, String> records = new HashMap<>();
    int pos = 0;
    while (pos < data.length && data[pos] != 0) {
      int space = pos;
      while (space < data.length && data[space] != ' ') space++;
      long length =
          space > pos && space - pos < 10
              ? number(new String(data, pos, space - pos, StandardCharsets.US_ASCII), pack)
              : -1;
      if (length <= space - pos + 1
          || pos + length > data.length
          || data[(int) (pos + length - 1)] != '\n') {
        throw corrupt(pack, "a pax record is malformed");
      }
      String record =
          new String(data, space + 1, (int) (pos + length - space - 2), StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      if (eq <= 0) throw corrupt(pack, "a pax record is malformed");
      records.put(record.substring(0, eq), record.substring(eq + 1));
      pos += (int) length;
    }
    return records;
  }

  private static long number(String text, Path pack) throws UpdateException {
    try {
      long v = Long.parseLong(text);
      if (v < 0) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw corrupt(pack, "a pax number is malformed");
    }
  }

  /** The SHA-256 of a blob's stored bytes. */
  private static String sha256(StoredBlob blob) {
    MessageDigest md = Digest.Algorithm.SHA256.newDigest();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = blob.open()) {
      int n;
      while ((n = in.read(buffer)) > 0) md.update(buffer, 0, n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static UpdateException corrupt(Path pack, String why) {
    return new UpdateException(
        Reason.ARCHIVE_CORRUPT, "the delta pack " + pack.getFileName() + " is unusable: " + why);
  }
}
