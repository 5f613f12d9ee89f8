package dev.hoist.engine.internal.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A test's temp directory laid out as {@code archives/}, {@code staging/} (the destination) and
 * {@code outside/}, a sibling that hostile archives aim at and that must stay empty.
 */
final class Sandbox {
  final Path archives;
  final Path staging;
  final Path outside;
  private final Path root;

  Sandbox(Path root) throws IOException {
    this.root = root;
    this.archives = Files.createDirectory(root.resolve("archives"));
    this.staging = Files.createDirectory(root.resolve("staging"));
    this.outside = Files.createDirectory(root.resolve("outside"));
  }

  Path write(ArchiveBuilder builder, String fileName) throws IOException {
    return builder.write(archives.resolve(fileName));
  }

  /** Extracts with the default limits and returns the install root. */
  Path extract(ArchiveBuilder builder, String fileName) throws Exception {
    return extraction(builder, fileName).root();
  }

  /** Extracts with the default limits and returns what the extraction produced. */
  ArchiveExtractor.Extraction extraction(ArchiveBuilder builder, String fileName) throws Exception {
    return new ArchiveExtractor(ArchiveExtractor.Limits.defaults())
        .extract(write(builder, fileName), fileName, staging);
  }

  /** Asserts that extraction with the default limits fails for {@code reason}, harmlessly. */
  UpdateException refused(ArchiveBuilder builder, String fileName, Reason reason)
      throws IOException {
    return refused(
        new ArchiveExtractor(ArchiveExtractor.Limits.defaults()),
        write(builder, fileName),
        fileName,
        reason);
  }

  /**
   * Asserts that extraction fails for {@code reason} with a one-line message, and that nothing was
   * written outside the staging directory.
   */
  UpdateException refused(ArchiveExtractor extractor, Path archive, String fileName, Reason reason)
      throws IOException {
    UpdateException e =
        assertThrows(UpdateException.class, () -> extractor.extract(archive, fileName, staging));
    assertEquals(reason, e.reason(), () -> "wrong reason; message: " + e.getMessage());
    assertFalse(e.getMessage().isBlank());
    assertFalse(e.getMessage().contains("\n"), () -> "not one line: " + e.getMessage());
    assertNothingOutsideStaging(archive);
    return e;
  }

  /** Fails if anything but the archive, the staging tree and the three directories exists. */
  void assertNothingOutsideStaging(Path archive) throws IOException {
    List<Path> stray;
    try (Stream<Path> all = Files.walk(root)) {
      stray =
          all.filter(p -> !p.startsWith(staging))
              .filter(p -> !List.of(root, archives, outside, archive).contains(p))
              .toList();
    }
    if (!stray.isEmpty()) {
      fail("written outside the staging directory: " + stray);
    }
  }
}
