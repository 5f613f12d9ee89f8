package dev.hoist.engine.internal.extract;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The archive formats Hoist installs from, recognised by file name (DESIGN §4). */
enum ArchiveFormat {
  TAR_GZ(".tar.gz", ".tgz"),
  TAR_XZ(".tar.xz"),
  ZIP(".zip");

  private final List<String> suffixes;

  ArchiveFormat(String... suffixes) {
    this.suffixes = List.of(suffixes);
  }

  /** The format whose suffix ends {@code fileName}, ignoring case; empty for anything else. */
  static Optional<ArchiveFormat> of(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    for (ArchiveFormat format : values()) {
      for (String suffix : format.suffixes) {
        if (name.endsWith(suffix) && name.length() > suffix.length()) {
          return Optional.of(format);
        }
      }
    }
    return Optional.empty();
  }
}
