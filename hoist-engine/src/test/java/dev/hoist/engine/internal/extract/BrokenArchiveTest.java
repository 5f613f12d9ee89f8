package dev.hoist.engine.internal.extract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unsupported, truncated and damaged archives: a clear failure, never a partial success. */
class BrokenArchiveTest {
  @TempDir Path temp;
  private Sandbox sandbox;

  @BeforeEach
  void setUp() throws Exception {
    sandbox = new Sandbox(temp);
  }

  private static ArchiveBuilder release() {
    ArchiveBuilder builder = new ArchiveBuilder().dir("app/");
    for (int i = 0; i < 20; i++) {
      builder.file("app/lib/file" + i, ("content of file " + i + " ").repeat(200 + i));
    }
    return builder.file("app/VERSION", "1.1.0\n");
  }

  private UpdateException corrupt(Path archive, String fileName) throws Exception {
    return sandbox.refused(
        new ArchiveExtractor(ArchiveExtractor.Limits.defaults()),
        archive,
        fileName,
        Reason.ARCHIVE_CORRUPT);
  }

  private Path truncated(String fileName, double keep) throws Exception {
    Path archive = sandbox.write(release(), fileName);
    byte[] bytes = Files.readAllBytes(archive);
    int length = keep < 1 ? (int) (bytes.length * keep) : bytes.length - (int) keep;
    Files.write(archive, Arrays.copyOf(bytes, length));
    return archive;
  }

  @ParameterizedTest
  @ValueSource(strings = {"x.rar", "x.tar.bz2", "x.tar", "x.gz", "x"})
  void unknownExtension_isUnsupported(String fileName) throws Exception {
    Path archive = sandbox.write(release(), "real.tar.gz");

    sandbox.refused(
        new ArchiveExtractor(ArchiveExtractor.Limits.defaults()),
        archive,
        fileName,
        Reason.UNSUPPORTED_ARCHIVE);

    try (Stream<Path> staged = Files.list(sandbox.staging)) {
      assertTrue(staged.findAny().isEmpty());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"g.tar.gz", "g.tgz", "g.tar.xz", "g.zip"})
  void garbage_isCorrupt(String fileName) throws Exception {
    Path archive = sandbox.archives.resolve(fileName);
    Files.writeString(archive, "this is not an archive at all\n".repeat(100));

    corrupt(archive, fileName);
  }

  @ParameterizedTest
  @ValueSource(strings = {"e.tar.gz", "e.tar.xz", "e.zip"})
  void emptyFile_isCorrupt(String fileName) throws Exception {
    corrupt(Files.createFile(sandbox.archives.resolve(fileName)), fileName);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.1, 0.5, 0.9, 8, 1})
  void truncatedTarGz_isCorrupt(double keep) throws Exception {
    corrupt(truncated("t.tar.gz", keep), "t.tar.gz");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.9, 1})
  void truncatedTarXz_isCorrupt(double keep) throws Exception {
    corrupt(truncated("t.tar.xz", keep), "t.tar.xz");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.9, 1})
  void truncatedZip_isCorrupt(double keep) throws Exception {
    corrupt(truncated("t.zip", keep), "t.zip");
  }

  @ParameterizedTest
  @ValueSource(strings = {"t.tar.gz", "t.tar.xz", "t.zip"})
  void trailingGarbage_isCorrupt(String fileName) throws Exception {
    Path archive = sandbox.write(release(), fileName);
    Files.writeString(archive, "GARBAGE", StandardOpenOption.APPEND);

    corrupt(archive, fileName);
  }

  @Test
  void tarCutAtAnEntryBoundaryInsideAValidGzip_isCorrupt() throws Exception {
    byte[] tar = new ArchiveBuilder().file("app/a", "a").tar();
    // Cut off the zero records that end the tar: it just stops after its last entry.
    int end = tar.length;
    while (tar[end - 1] == 0) {
      end--;
    }
    byte[] cut = Arrays.copyOf(tar, (end + 511) / 512 * 512);

    UpdateException e = corrupt(gzip(cut, "cut.tar.gz"), "cut.tar.gz");

    assertTrue(e.getMessage().contains("end-of-archive marker"), e.getMessage());
  }

  @Test
  void dataAfterTheTarEndInsideAValidGzip_isCorrupt() throws Exception {
    byte[] tar = new ArchiveBuilder().file("app/a", "a").tar();
    byte[] padded = Arrays.copyOf(tar, tar.length + 512);
    padded[tar.length + 100] = 'X';

    UpdateException e = corrupt(gzip(padded, "extra.tar.gz"), "extra.tar.gz");

    assertTrue(e.getMessage().contains("after the last tar entry"), e.getMessage());
  }

  @Test
  void concatenatedGzipMembers_areOneValidStream() throws Exception {
    byte[] tar = release().tar();
    Path archive = sandbox.archives.resolve("multi.tar.gz");
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(gzipBytes(Arrays.copyOf(tar, 4096)));
    both.write(gzipBytes(Arrays.copyOfRange(tar, 4096, tar.length)));
    Files.write(archive, both.toByteArray());

    new ArchiveExtractor(ArchiveExtractor.Limits.defaults())
        .extract(archive, "multi.tar.gz", sandbox.staging);

    assertTrue(Files.isRegularFile(sandbox.staging.resolve("app/VERSION")));
  }

  @Test
  void zipEntryWithDamagedData_failsItsCrc() throws Exception {
    String content = "PAYLOAD-".repeat(64);
    Path archive =
        sandbox.write(new ArchiveBuilder().stored().file("app/data", content), "crc.zip");
    byte[] bytes = Files.readAllBytes(archive);
    byte[] needle = content.getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(bytes, needle);
    bytes[at + 10] ^= 0x20;
    Files.write(archive, bytes);

    UpdateException e = corrupt(archive, "crc.zip");

    assertTrue(e.getMessage().contains("CRC"), e.getMessage());
  }

  private Path gzip(byte[] content, String fileName) throws Exception {
    return Files.write(sandbox.archives.resolve(fileName), gzipBytes(content));
  }

  private static byte[] gzipBytes(byte[] content) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GzipCompressorOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("needle not found");
  }
}
