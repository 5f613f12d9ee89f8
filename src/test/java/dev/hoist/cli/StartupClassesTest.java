package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a fresh JVM loads for a command that needs no JSON: building the picocli command tree must
 * not build a Jackson {@code ObjectMapper} (tens of milliseconds at every start-up).
 */
class StartupClassesTest {

  @Test
  void versionLoadsNoObjectMapper() throws Exception {
    String log = runMain("--version");
    assertTrue(log.contains("dev.hoist.cli.HistoryCommand"), "the command tree was built");
    assertTrue(log.contains("dev.hoist.auto.LogEntry"), "LogEntry is referenced by the tree");
    assertFalse(
        log.contains("com.fasterxml.jackson.databind.ObjectMapper "),
        "hoist --version loaded Jackson's ObjectMapper");
  }

  private static String runMain(String... args) throws IOException, InterruptedException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java,
                "-Xshare:off",
                "-Xlog:class+load=info",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM finished");
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
