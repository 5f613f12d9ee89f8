package dev.hoist.engine.internal.install;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The child processes Hoist runs on a staged release (its launcher, npm): started without input,
 * their output to a file in staging, and killed with everything they started.
 */
final class Children {
  private Children() {}

  /** Starts {@code pb} with stdout and stderr into {@code output} and an already closed stdin. */
  static Process start(ProcessBuilder pb, Path output) throws IOException {
    pb.redirectErrorStream(true);
    pb.redirectOutput(output.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process p = pb.start();
    p.getOutputStream().close(); // no input for the child
    return p;
  }

  /**
   * Kills {@code p} and everything it started: a launcher that forks (a wrapper script, a daemon),
   * or npm's scripts, would otherwise leave one more orphan each time a hook retries. The
   * descendants are listed while {@code p} still lives, before they are re-parented.
   */
  static void killTree(Process p) {
    p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }
}
