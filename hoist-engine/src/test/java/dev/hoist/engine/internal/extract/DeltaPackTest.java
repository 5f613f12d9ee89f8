package dev.hoist.engine.internal.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.testing.Releases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a delta pack as an attacker (or a buggy publisher) might write one: names are keys, never
 * paths, and nothing is kept that the manifest and the index do not vouch for.
 */
class DeltaPackTest {
  private static final byte[] A = "the bytes of a\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] B = "the bytes of b, changed\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;
  private Path work;
  private byte[] index;

  @BeforeEach
  void setUp() throws IOException {
    work = Files.createDirectory(tmp.resolve("work"));
    index =
        new FileIndex(
                List.of(
                    FileIndex.Entry.directory("app/"),
                    FileIndex.Entry.file("app/a", false, A.length, sha(A), blob("blobs/a", A)),
                    FileIndex.Entry.file("app/b", false, B.length, sha(B), blob("blobs/b", B))))
            .toJson();
  }

  private static String sha(byte[] b) {
    return Digest.sha256Hex(b);
  }

  private static FileIndex.Blob blob(String url, byte[] b) {
    return new FileIndex.Blob(url, b.length, sha(b));
  }

  /** A pack of {@code entries} (name to bytes), in order. */
  private Path pack(Map<String, byte[]> entries) throws IOException {
    return Releases.tar(tmp.resolve("p.pack"), entries);
  }

  private DeltaPack.Contents read(Path pack) throws Exception {
    return DeltaPack.read(pack, index.length, sha(index));
  }

  private void refused(Map<String, byte[]> entries, String why) throws Exception {
    Path p = pack(entries);
    UpdateException e = assertThrows(UpdateException.class, () -> read(p));
    assertEquals(Reason.ARCHIVE_CORRUPT, e.reason());
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  private static Map<String, byte[]> entries(Object... nameThenBytes) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenBytes.length; i += 2) {
      m.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
    }
    return m;
  }

  @Test
  void theIndexAndTheBlobsItNames_areRead() throws Exception {
    DeltaPack.Contents c = read(pack(entries(DeltaPack.INDEX, index, "blobs/b", B)));
    assertEquals(3, c.index().entries().size());
    assertEquals(List.of("blobs/b"), List.copyOf(c.blobs().keySet()));
    try (var in = c.blobs().get("blobs/b").open()) {
      assertArrayEquals(B, in.readAllBytes(), "read where it lies in the pack");
    }
  }

  @Test
  void longNames_inPaxRecords_areRead() throws Exception {
    String url = "../" + "shared%20blobs/".repeat(8) + sha(B);
    index =
        new FileIndex(List.of(FileIndex.Entry.file("b", false, B.length, sha(B), blob(url, B))))
            .toJson();
    DeltaPack.Contents c = read(pack(entries(DeltaPack.INDEX, index, url, B)));
    assertTrue(url.length() > 100, url);
    assertEquals(List.of(url), List.copyOf(c.blobs().keySet()));
  }

  @Test
  void aTarThatIsDamaged_isRefused() throws Exception {
    Path p = pack(entries(DeltaPack.INDEX, index, "blobs/b", B));
    byte[] bytes = Files.readAllBytes(p);
    byte[] header = bytes.clone();
    header[10] ^= 1; // the first header's name: its checksum no longer fits
    Files.write(p, header);
    assertEquals(
        Reason.ARCHIVE_CORRUPT, assertThrows(UpdateException.class, () -> read(p)).reason());
    Files.write(p, java.util.Arrays.copyOf(bytes, 700)); // cut inside the index's bytes
    UpdateException e = assertThrows(UpdateException.class, () -> read(p));
    assertTrue(e.getMessage().contains("runs past its end"), e.getMessage());
  }

  @Test
  void namesAreNeverPaths_nothingIsWritten_entriesThatAreNoBlobOfTheIndexAreSkipped()
      throws Exception {
    DeltaPack.Contents c =
        read(
            pack(
                entries(
                    DeltaPack.INDEX,
                    index,
                    "../../escaped",
                    B,
                    "/tmp/absolute",
                    B,
                    tmp.resolve("outside").toString(),
                    B,
                    "blobs/a",
                    A)));
    assertEquals(List.of("blobs/a"), List.copyOf(c.blobs().keySet()));
    try (Stream<Path> all = Files.walk(tmp)) {
      assertEquals(
          List.of("p.pack", "work"),
          all.filter(p -> !p.equals(tmp)).map(p -> tmp.relativize(p).toString()).sorted().toList());
    }
  }

  @Test
  void aPackThatDoesNotOpenWithTheManifestsIndex_isRefused() throws Exception {
    refused(entries("blobs/a", A, DeltaPack.INDEX, index), "does not open with index.json");
    refused(entries(), "does not open with index.json");
    byte[] other = new String(index, StandardCharsets.UTF_8).replace("app/", "evil/").getBytes();
    refused(entries(DeltaPack.INDEX, other), "the manifest says");
    byte[] same = index.clone();
    same[same.length - 2] = ' ';
    refused(entries(DeltaPack.INDEX, same), "not the one the manifest names");
  }

  @Test
  void aBlobThatIsNotTheIndexs_isRefused() throws Exception {
    refused(entries(DeltaPack.INDEX, index, "blobs/a", B), "the index says " + A.length);
    byte[] wrong = A.clone();
    wrong[0] ^= 1;
    refused(entries(DeltaPack.INDEX, index, "blobs/a", wrong), "does not match its SHA-256");
  }

  @Test
  void notATar_failsAsAnIoErrorOrACorruptPack() throws Exception {
    Path p = Files.write(tmp.resolve("p.pack"), "not a tar at all".repeat(64).getBytes());
    Exception e = assertThrows(Exception.class, () -> read(p));
    assertTrue(e instanceof IOException || e instanceof UpdateException, e.toString());
  }

  /**
   * Every byte of a pack with a long (pax) name flipped in turn, and random bytes written over it:
   * the reader either returns what the index vouches for or refuses with {@code ARCHIVE_CORRUPT} or
   * an I/O error; never another exception, never a blob that is not the index's.
   */
  @Test
  void damagedAnywhere_isRefusedOrStillExactlyTheIndexs() throws Exception {
    String url = "blobs/" + "x".repeat(120);
    index =
        new FileIndex(List.of(FileIndex.Entry.file("b", false, B.length, sha(B), blob(url, B))))
            .toJson();
    Path p = pack(entries(DeltaPack.INDEX, index, url, B));
    byte[] good = Files.readAllBytes(p);
    java.util.Random random = new java.util.Random(16);
    int limit = Math.min(good.length, 4096); // the headers, the index and the blob all lie here
    for (int i = 0; i < limit + 300; i++) {
      byte[] bad = good.clone();
      if (i < limit) {
        bad[i] ^= (byte) (1 << (i % 8));
      } else {
        int at = random.nextInt(limit);
        for (int j = at; j < Math.min(limit, at + 16); j++) bad[j] = (byte) random.nextInt(256);
      }
      Files.write(p, bad);
      try {
        DeltaPack.Contents c = read(p);
        for (var b : c.blobs().entrySet()) {
          try (var in = b.getValue().open()) {
            assertArrayEquals(B, in.readAllBytes(), "byte " + i);
          }
        }
      } catch (UpdateException e) {
        assertEquals(Reason.ARCHIVE_CORRUPT, e.reason(), "byte " + i + ": " + e.getMessage());
      } catch (IOException e) {
        // refused as unreadable: as good as corrupt
      }
    }
  }
}
