package dev.hoist.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** What every command receives: the captured environment and the clock. */
record Context(Environment env, Clock clock) {

  /**
   * The version of the running copy: the {@code VERSION} file of its distribution, else the jar's
   * implementation version (a development build), else {@code 0.0.0-dev}.
   */
  String runningVersion() {
    if (env.installDir().isPresent()) {
      Path file = env.installDir().get().resolve("VERSION");
      try {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        // Fall through: a distribution without VERSION reports the build's own version.
      }
    }
    String v = Main.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.0.0-dev";
  }
}
