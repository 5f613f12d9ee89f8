package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Default paths come from {@code $HOME}, never from Java's {@code user.home}: a real {@code hoist}
 * JVM without {@code HOME} refuses to guess, and with {@code HOME} in a temp directory it writes
 * nowhere else.
 */
class HomeVariableTest {
  @TempDir Path tmp;

  private record Run(int exit, String output) {}

  private Run hoist(Optional<String> home, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).directory(tmp.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("HOIST_") || k.startsWith("XDG_"));
    pb.environment().remove("HOME");
    home.ifPresent(h -> pb.environment().put("HOME", h));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM finished");
    return new Run(p.exitValue(), out);
  }

  @Test
  void withoutHome_hoistRefusesToGuess_asAUsageError() throws Exception {
    Run r = hoist(Optional.empty(), "status");
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().startsWith("hoist: error: HOME is not set"), r.output());
    Run relative = hoist(Optional.of("relative/dir"), "status");
    assertEquals(2, relative.exit(), relative.output());
    assertTrue(relative.output().contains("HOME is not an absolute path"), relative.output());
  }

  @Test
  void withHomeInATempDirectory_nothingIsWrittenElsewhere() throws Exception {
    Path home = Files.createDirectory(tmp.resolve("home"));
    Path registry = Files.writeString(tmp.resolve("m.json"), "{}");
    for (String[] args :
        List.of(
            new String[] {"--version"},
            new String[] {"status"},
            new String[] {"history"},
            new String[] {"update", "--check", "--registry", registry.toString()},
            new String[] {"hook", "print", "--shell", "bash"})) {
      hoist(Optional.of(home.toString()), args);
    }
    try (Stream<Path> all = Files.list(tmp)) {
      assertEquals(
          List.of(home, registry), all.sorted().toList(), "only HOME and the registry exist");
    }
  }

  @Test
  void theEnvironmentReadsHome_asGiven() {
    assertEquals(Path.of("/home/x"), dev.hoist.picocli.internal.Environment.home("/home/x"));
    assertThrows(
        IllegalArgumentException.class, () -> dev.hoist.picocli.internal.Environment.home(" "));
  }
}
