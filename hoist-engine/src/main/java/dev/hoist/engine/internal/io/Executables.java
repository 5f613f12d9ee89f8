package dev.hoist.engine.internal.io;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finding a command as a shell would: the first executable of that name on a {@code PATH}. */
public final class Executables {
  private Executables() {}

  /** The first executable {@code name} in the directories of {@code path} (may be null). */
  public static Optional<Path> onPath(String name, String path) {
    if (path == null) return Optional.empty();
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }
}
