package dev.hoist.engine.internal.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Archive bombs: each limit is enforced on the bytes actually decompressed. */
class ArchiveLimitsTest {
  private static final long MIB = 1 << 20;

  @TempDir Path temp;
  private Sandbox sandbox;

  @BeforeEach
  void setUp() throws Exception {
    sandbox = new Sandbox(temp);
  }

  private UpdateException refused(
      ArchiveExtractor.Limits limits, ArchiveBuilder archive, String name) throws Exception {
    return sandbox.refused(
        new ArchiveExtractor(limits), sandbox.write(archive, name), name, Reason.ARCHIVE_LIMITS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"big.tar.gz", "big.tar.xz", "big.zip"})
  void moreBytesThanTheTotalLimit_isRefusedWhileStreaming(String fileName) throws Exception {
    ArchiveBuilder archive = new ArchiveBuilder().zeros("app/blob", 3 * MIB);

    UpdateException e = refused(new ArchiveExtractor.Limits(MIB, 100, 1000), archive, fileName);

    assertTrue(e.getMessage().contains("more than " + MIB + " bytes"), e.getMessage());
    // Stopped at the limit, not after writing the whole entry.
    assertTrue(Files.size(sandbox.staging.resolve("app/blob")) <= MIB);
  }

  @ParameterizedTest
  @ValueSource(strings = {"many.tar.gz", "many.zip"})
  void moreEntriesThanTheLimit_isRefused(String fileName) throws Exception {
    ArchiveBuilder archive =
        new ArchiveBuilder().file("a", "1").file("b", "2").file("c", "3").file("d", "4");

    UpdateException e = refused(new ArchiveExtractor.Limits(MIB, 3, 1000), archive, fileName);

    assertTrue(e.getMessage().contains("more than 3 entries"), e.getMessage());
  }

  @Test
  void exactlyTheEntryLimit_isAccepted() throws Exception {
    Path archive =
        sandbox.write(new ArchiveBuilder().file("a", "1").file("b", "2").file("c", "3"), "3.zip");

    new ArchiveExtractor(new ArchiveExtractor.Limits(MIB, 3, 1000))
        .extract(archive, "3.zip", sandbox.staging);

    assertEquals("3", Files.readString(sandbox.staging.resolve("c")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bomb.tar.gz", "bomb.zip"})
  void compressionRatioOverTheLimit_isRefusedWithDefaultLimits(String fileName) throws Exception {
    // 24 MiB of zeros compress ~1000:1; the default ratio limit is 200 beyond 16 MiB of output.
    ArchiveBuilder archive = new ArchiveBuilder().zeros("app/blob", 24 * MIB);

    UpdateException e = refused(ArchiveExtractor.Limits.defaults(), archive, fileName);

    assertTrue(e.getMessage().contains("200 times its size"), e.getMessage());
  }

  @Test
  void smallButHighlyCompressibleArchive_isAcceptedBelowTheRatioFloor() throws Exception {
    Path root = sandbox.extract(new ArchiveBuilder().zeros("app/blob", 8 * MIB), "small.tar.gz");

    assertEquals(8 * MIB, Files.size(root.resolve("blob")));
  }

  @Test
  void hugeTarHeader_isRefusedBeforeItIsBuffered() throws Exception {
    ArchiveBuilder archive = new ArchiveBuilder().gnuLongName(2 * MIB).file("app/x", "x");

    UpdateException e = refused(ArchiveExtractor.Limits.defaults(), archive, "longname.tar.gz");

    assertTrue(e.getMessage().contains("header"), e.getMessage());
  }

  @Test
  void hardLinkCopies_countTowardTheTotal() throws Exception {
    ArchiveBuilder archive =
        new ArchiveBuilder()
            .zeros("app/blob", 400 * 1024)
            .hardLink("app/copy1", "app/blob")
            .hardLink("app/copy2", "app/blob");

    refused(new ArchiveExtractor.Limits(MIB, 100, 1000), archive, "links.tar.gz");
  }

  @Test
  void zerosAfterTheEndOfTheTar_countTowardTheTotal() throws Exception {
    Path archive = sandbox.archives.resolve("padded.tar.gz");
    try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(archive))) {
      out.write(new ArchiveBuilder().file("app/VERSION", "1").tar());
      byte[] zeros = new byte[64 * 1024];
      for (int i = 0; i < 64; i++) {
        out.write(zeros);
      }
    }

    sandbox.refused(
        new ArchiveExtractor(new ArchiveExtractor.Limits(MIB, 100, 100_000)),
        archive,
        "padded.tar.gz",
        Reason.ARCHIVE_LIMITS);
  }
}
