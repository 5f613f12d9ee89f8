package dev.hoist.engine.internal.trust;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code /usr/bin/openssl} for interoperability tests. */
final class OpenSsl {
  static final Path BINARY = Path.of("/usr/bin/openssl");

  /** What a run printed and how it ended. */
  record Run(int exit, String output) {}

  private OpenSsl() {}

  static Run run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(BINARY.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl finished");
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Runs openssl and fails the test unless it exits 0. */
  static String ok(Path dir, String... args) throws IOException, InterruptedException {
    Run r = run(dir, args);
    assertTrue(r.exit() == 0, "openssl " + String.join(" ", args) + " failed: " + r.output());
    return r.output();
  }
}
