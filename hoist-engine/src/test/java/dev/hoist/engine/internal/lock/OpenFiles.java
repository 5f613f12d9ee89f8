package dev.hoist.engine.internal.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The files this JVM has open, from {@code /proc/self/fd}: proves that no descriptor leaks. */
final class OpenFiles {
  private static final Path FDS = Path.of("/proc/self/fd");

  private OpenFiles() {}

  /** The targets of this process's descriptors that lie in {@code dir} (deleted ones included). */
  static List<String> under(Path dir) throws IOException {
    String prefix = dir.toRealPath() + "/";
    List<String> found = new ArrayList<>();
    try (Stream<Path> fds = Files.list(FDS)) {
      for (Path fd : fds.toList()) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed meanwhile (e.g. the descriptor that listed the directory)
        }
        if (target.startsWith(prefix)) {
          found.add(target.substring(prefix.length()));
        }
      }
    }
    return found;
  }
}
