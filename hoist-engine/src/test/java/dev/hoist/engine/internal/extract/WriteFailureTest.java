package dev.hoist.engine.internal.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Failures of the staging side: a full disk, other IO errors, a wrong destination. */
class WriteFailureTest {
  @TempDir Path temp;
  private Sandbox sandbox;

  @BeforeEach
  void setUp() throws Exception {
    sandbox = new Sandbox(temp);
  }

  private static ArchiveBuilder release() {
    return new ArchiveBuilder().file("app/bin/hoist", "launcher", 0755);
  }

  @ParameterizedTest
  @ValueSource(strings = {"full.tar.gz", "full.zip"})
  void noSpaceLeftOnDevice_isDiskFull(String fileName) throws Exception {
    Path archive = sandbox.write(release(), fileName);
    ArchiveExtractor extractor =
        new ArchiveExtractor(
            ArchiveExtractor.Limits.defaults(), new FailingFileOps("No space left on device"));

    UpdateException e = sandbox.refused(extractor, archive, fileName, Reason.DISK_FULL);

    assertTrue(e.getMessage().contains("'app/bin/hoist'"), e.getMessage());
  }

  @Test
  void otherWriteError_isInstallFailed() throws Exception {
    Path archive = sandbox.write(release(), "io.tar.gz");
    ArchiveExtractor extractor =
        new ArchiveExtractor(
            ArchiveExtractor.Limits.defaults(), new FailingFileOps("Input/output error"));

    UpdateException e = sandbox.refused(extractor, archive, "io.tar.gz", Reason.INSTALL_FAILED);

    assertEquals(
        "cannot extract archive entry 'app/bin/hoist': Input/output error", e.getMessage());
  }

  @Test
  void nonEmptyDestination_isRefusedUntouched() throws Exception {
    Path archive = sandbox.write(release(), "r.tar.gz");
    Files.writeString(sandbox.staging.resolve("leftover"), "keep");

    sandbox.refused(
        new ArchiveExtractor(ArchiveExtractor.Limits.defaults()),
        archive,
        "r.tar.gz",
        Reason.INSTALL_FAILED);

    assertEquals("keep", Files.readString(sandbox.staging.resolve("leftover")));
    assertTrue(Files.notExists(sandbox.staging.resolve("app")));
  }

  @Test
  void missingDestination_isInstallFailed() throws Exception {
    Path archive = sandbox.write(release(), "r.tar.gz");
    Files.delete(sandbox.staging);

    UpdateException e =
        sandbox.refused(
            new ArchiveExtractor(ArchiveExtractor.Limits.defaults()),
            archive,
            "r.tar.gz",
            Reason.INSTALL_FAILED);

    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void missingArchive_isInstallFailed() throws Exception {
    sandbox.refused(
        new ArchiveExtractor(ArchiveExtractor.Limits.defaults()),
        sandbox.archives.resolve("gone.tar.gz"),
        "gone.tar.gz",
        Reason.INSTALL_FAILED);
  }
}
