package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.testing.Releases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a fresh JVM loads: building the picocli command tree must not build a Jackson {@code
 * ObjectMapper} (tens of milliseconds at every start-up), {@code --version} and {@code update}
 * build only the commands they need, and the no-op {@code hoist update} (up to date, the registry
 * answers 304) must not load Jackson databind at all: its config file, state files, cached manifest
 * and log line are read and written with jackson-core alone.
 */
class StartupClassesTest {
  private static final String DATABIND = "com.fasterxml.jackson.databind.";

  /** Loaded only when picocli builds the model of {@code hoist release} and its subcommands. */
  private static final String RELEASE_KEYGEN = "dev.hoist.cli.ReleaseCommand$Keygen ";

  @StartStop final MockWebServer registry = new MockWebServer();
  @TempDir Path tmp;

  @Test
  void theWholeCommandTree_buildsNoObjectMapper() throws Exception {
    String log = runMain("--help");
    assertTrue(log.contains(RELEASE_KEYGEN), "the command tree was built");
    assertTrue(
        log.contains("dev.hoist.engine.internal.auto.LogEntry "),
        "LogEntry is referenced by the tree");
    assertFalse(
        log.contains("com.fasterxml.jackson.databind.ObjectMapper "),
        "hoist --help loaded Jackson's ObjectMapper");
  }

  @Test
  void versionBuildsNoSubcommand() throws Exception {
    String log = runMain("--version");
    assertTrue(log.contains("dev.hoist.cli.HoistCommand "), log);
    assertFalse(log.contains(RELEASE_KEYGEN), "the command tree was built");
  }

  @Test
  void noOpUpdate_loadsNoDatabind() throws Exception {
    String manifest = upToDate();
    registry.enqueue(new MockResponse.Builder().body(manifest).addHeader("ETag", "\"m1\"").build());
    registry.enqueue(new MockResponse.Builder().code(304).build());
    Path home = tmp.resolve("home");
    Path dir = installed(home);
    List<String> update =
        List.of(
            "-Dhoist.install.dir=" + dir,
            "-Duser.home=" + tmp,
            Main.class.getName(),
            "update",
            "--registry",
            registry.url("/manifest.json").toString());

    String first = run(update); // 200: the manifest is fetched and cached
    String noOp = run(update); // 304: the cached copy is read again

    RecordedRequest r1 = registry.takeRequest(10, TimeUnit.SECONDS);
    RecordedRequest r2 = registry.takeRequest(10, TimeUnit.SECONDS);
    assertEquals(null, r1.getHeaders().get("If-None-Match"));
    assertEquals("\"m1\"", r2.getHeaders().get("If-None-Match"), "the second run was conditional");
    for (String log : List.of(first, noOp)) {
      assertTrue(log.contains("hoist 1.0.0 is up to date"), log);
      assertTrue(
          log.contains("dev.hoist.engine.internal.registry.ManifestParser "),
          "the manifest was parsed");
      assertTrue(log.contains("dev.hoist.engine.internal.auto.UpdateLog "), "the run was logged");
      assertFalse(log.contains(RELEASE_KEYGEN), "only update's model was built");
      assertEquals(
          List.of(),
          log.lines().filter(l -> l.contains(DATABIND)).toList(),
          "databind classes loaded by a no-op hoist update");
    }
    assertTrue(
        Files.readString(home.resolve("state/last-check.json")).contains("\"etag\":\"\\\"m1\\\"\""),
        "the validators were saved with jackson-core");
  }

  @Test
  void quickNoOpUpdate_loadsNoHttpLibraryNoJsonAndNoPicocli() throws Exception {
    String manifest = upToDate();
    registry.enqueue(new MockResponse.Builder().body(manifest).addHeader("ETag", "\"m1\"").build());
    registry.enqueue(new MockResponse.Builder().code(304).build());
    registry.enqueue(new MockResponse.Builder().code(304).build());
    Path home = tmp.resolve("home");
    Path dir = installed(home);
    List<String> update = List.of("-Dhoist.install.dir=" + dir, Main.class.getName(), "update");
    Map<String, String> env = Map.of("HOIST_REGISTRY", registry.url("/manifest.json").toString());

    run(update, env); // 200: fetched
    Thread.sleep(300); // past the racy window of the files it wrote
    String full = run(update, env); // 304 through the full path, which stores the verdict
    String quick = run(update, env); // 304 through the quick path

    assertEquals(3, registry.getRequestCount());
    assertTrue(full.contains("picocli.CommandLine "), "the full path builds the command line");
    assertTrue(quick.contains("hoist 1.0.0 is up to date"), quick);
    assertTrue(quick.contains("dev.hoist.engine.internal.download.ConditionalGet "), quick);
    assertEquals(
        List.of(),
        quick
            .lines()
            .filter(
                l ->
                    l.contains(" picocli.")
                        || l.contains(" okhttp3.")
                        || l.contains(" okio.")
                        || l.contains(" kotlin.")
                        || l.contains(" com.fasterxml.")
                        || l.contains(" java.net.URL$2 ")
                        || l.contains(" sun.net.www.protocol.http."))
            .toList(),
        "the quick path loads no library, no URL handler lookup and no command-line model");
  }

  /** The manifest of 1.0.0 alone. */
  private static String upToDate() {
    return Releases.manifest()
        .channel("stable", "1.0.0")
        .release("1.0.0", "any", "hoist-1.0.0.tar.gz", 10, "a".repeat(64))
        .json();
  }

  /** A home with 1.0.0 installed and current; returns its install directory. */
  private static Path installed(Path home) throws IOException {
    Path dir = home.resolve("versions/1.0.0");
    Files.createDirectories(dir.resolve(".hoist"));
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve(".hoist/complete.json"), "{}");
    Files.writeString(dir.resolve("VERSION"), "1.0.0\n");
    Files.writeString(dir.resolve("conf/hoist.json"), "{\"channel\": \"stable\"}\n");
    Files.createSymbolicLink(home.resolve("current"), Path.of("versions/1.0.0"));
    return dir;
  }

  private String run(List<String> args) throws IOException, InterruptedException {
    return run(args, Map.of());
  }

  /**
   * Runs a fresh JVM on the test class path with {@code args}; returns its output and class log.
   */
  private String run(List<String> args, Map<String, String> vars)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(java(), "-Xshare:off", "-Xlog:class+load=info"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("HOIST_") || k.equals("CI"));
    env.put("HOME", tmp.toString());
    env.putAll(vars);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM finished");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  private static String java() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
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
