package dev.hoist.engine.internal.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.version.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppDescriptorTest {
  private static final Platform LINUX_X64 = Platform.of("Linux", "amd64");
  private static final Platform MAC_ARM = Platform.of("Mac OS X", "aarch64");

  @TempDir Path tmp;

  private Path write(String json) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("conf"));
    return Files.writeString(dir.resolve("tool.json"), json);
  }

  private AppDescriptor read(String json) throws Exception {
    return AppDescriptor.read(write(json), tmp.resolve("user"), LINUX_X64);
  }

  private String error(String json) throws IOException {
    Path f = write(json);
    AppDescriptor.BadDescriptor e =
        assertThrows(
            AppDescriptor.BadDescriptor.class,
            () -> AppDescriptor.read(f, tmp.resolve("user"), LINUX_X64));
    return e.getMessage();
  }

  @Test
  void minimal_getsTheDocumentedDefaults() throws Exception {
    AppDescriptor d =
        read(
            """
            {"name": "mvn", "registry": "maven:org.apache.maven:apache-maven:bin:tar.gz",
             "launcher": "bin/mvn"}
            """);

    assertEquals("mvn", d.app().name());
    assertEquals("bin/mvn", d.app().launcher());
    assertEquals(List.of("--version"), d.app().versionArgs());
    assertEquals(App.DEFAULT_VERSION_PATTERN, d.app().versionPattern().pattern());
    assertEquals("maven:org.apache.maven:apache-maven:bin:tar.gz", d.registry());
    assertEquals("stable", d.channel());
    assertEquals(Optional.empty(), d.home());
    assertEquals(Optional.of(new AppDescriptor.Link(Optional.empty(), "mvn")), d.link());
    assertEquals(Optional.empty(), d.trustedKeys());
    assertEquals(tmp.resolve("conf/tool.json"), d.file());
    assertTrue(d.npmScripts(), "npm's own default");
  }

  @Test
  void anNpmPackageWithoutALauncher_runsItsBinCommand_linkedByHoist() throws Exception {
    AppDescriptor d = read("{\"name\": \"cowsay\", \"registry\": \"npm:cowsay\"}");
    assertEquals(".hoist/bin/cowsay", d.app().launcher());
    assertEquals("cowsay", d.link().orElseThrow().command());
    AppDescriptor named =
        read("{\"name\": \"cow\", \"registry\": \"npm:cowsay\", \"command\": \"cowthink\"}");
    assertEquals(".hoist/bin/cowthink", named.app().launcher());
    assertEquals("cowthink", named.link().orElseThrow().command());
  }

  @Test
  void npmScripts_canBeTurnedOff_forAnNpmRegistry() throws Exception {
    AppDescriptor d =
        read(
            """
            {"name": "tsc", "registry": "npm:typescript", "launcher": "bin/tsc",
             "npm": {"scripts": false}}
            """);
    assertFalse(d.npmScripts());
  }

  @Test
  void everyField_isRead_andPathsResolveAgainstTheDescriptorOrHome() throws Exception {
    AppDescriptor d =
        read(
            """
            {"name": "tool", "registry": "releases/manifest.json", "channel": "beta",
             "launcher": "bin/tool-cli", "version": {"args": ["version", "--short"],
             "pattern": "^(\\\\S+)$"}, "home": "~/apps/tool", "command": "tool",
             "binDir": "../bin", "trustedKeys": "keys/tool.pub"}
            """);

    assertEquals(tmp.resolve("conf/releases/manifest.json").toString(), d.registry());
    assertEquals("beta", d.channel());
    assertEquals(List.of("version", "--short"), d.app().versionArgs());
    assertEquals("^(\\S+)$", d.app().versionPattern().pattern());
    assertEquals(Optional.of(tmp.resolve("user/apps/tool")), d.home());
    assertEquals(
        Optional.of(new AppDescriptor.Link(Optional.of(tmp.resolve("bin")), "tool")), d.link());
    assertEquals(Optional.of(tmp.resolve("conf/keys/tool.pub")), d.trustedKeys());
  }

  @Test
  void linkFalse_putsNothingOnPath() throws Exception {
    AppDescriptor d =
        read(
            "{\"name\": \"t\", \"registry\": \"https://x.example/m.json\", \"launcher\": \"t\","
                + " \"link\": false}");
    assertEquals(Optional.empty(), d.link());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "maven:g:a:{platform}:tar.gz|maven:g:a:linux-x86_64:tar.gz|maven:g:a:osx-aarch_64:tar.gz",
        "https://x.example/{os}/{arch}/m.json|https://x.example/linux/x86_64/m.json"
            + "|https://x.example/osx/aarch_64/m.json",
      })
  void placeholders_spellThePlatformAsTheAppDoes(String registry, String linux, String mac)
      throws Exception {
    Path f =
        write(
            "{\"name\": \"t\", \"launcher\": \"bin/t\", \"registry\": \""
                + registry
                + "\", \"platforms\": {\"linux-x64\": \"linux-x86_64\","
                + " \"macos-arm64\": \"osx-aarch_64\"}}");
    assertEquals(linux, AppDescriptor.read(f, tmp, LINUX_X64).registry());
    assertEquals(mac, AppDescriptor.read(f, tmp, MAC_ARM).registry());
  }

  @Test
  void unmappedPlatform_keepsHoistsSpelling() throws Exception {
    AppDescriptor d =
        read("{\"name\": \"t\", \"launcher\": \"bin/t\", \"registry\": \"maven:g:a:{platform}\"}");
    assertEquals("maven:g:a:linux-x64", d.registry());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"registry\": \"r\", \"launcher\": \"t\"}|\"name\" is required",
        "{\"name\": \"t\", \"launcher\": \"t\"}|\"registry\" is required",
        "{\"name\": \"t\", \"registry\": \"r\"}|\"launcher\" is required",
        "{\"name\": \"a b\", \"registry\": \"r\", \"launcher\": \"t\"}|\"name\": 'a b' must be",
        "{\"name\": \"t\", \"registry\": \"r\", \"launcher\": \"t\", \"lancher\": 1}"
            + "|unknown field \"lancher\" (did you mean \"launcher\"? known:",
        "{\"name\": \"t\", \"registry\": \"r\", \"launcher\": \"/bin/t\"}"
            + "|relative path inside the release",
        "{\"name\": \"t\", \"registry\": \"r\", \"launcher\": \"t\", \"version\": \"-v\"}"
            + "|\"version\" must be an object",
        "{\"name\": \"t\", \"registry\": \"r\", \"launcher\": \"t\", \"version\": {\"arg\": []}}"
            + "|unknown field \"version.arg\"",
        "{\"name\": \"t\", \"registry\": \"r\", \"launcher\": \"t\", \"version\": {\"args\": \"-v\"}}"
            + "|\"version.args\" must be an array of strings",
        "{\"name\": \"t\", \"registry\": \"r\", \"launcher\": \"t\", \"version\": {\"pattern\": \"(\"}}"
            + "|not a valid regular expression",
        "{\"name\": \"t\", \"registry\": \"r/{cpu}\", \"launcher\": \"t\"}|unknown placeholder",
        "{\"name\": \"t\", \"registry\": \"r\", \"launcher\": \"t\", \"link\": \"yes\"}"
            + "|\"link\" must be true or false",
        "{\"name\": \"t\", \"registry\": \"r\", \"launcher\": \"t\", \"command\": \"a/b\"}"
            + "|is not a plain command name",
        "{\"name\": \"t\", \"registry\": \"r\", \"launcher\": \"t\", \"platforms\": {\"linux\": \"x\"}}"
            + "|is not a platform such as linux-x64",
        "{\"name\": \"t\", \"registry\": 7, \"launcher\": \"t\"}|\"registry\" must be a non-empty",
        "[1, 2]|must hold a JSON object",
        "{\"name\": |is not valid JSON",
        "{\"name\": \"t\", \"registry\": \"npm:t\", \"launcher\": \"t\", \"npm\": false}"
            + "|\"npm\" must be an object",
        "{\"name\": \"t\", \"registry\": \"npm:t\", \"launcher\": \"t\", \"npm\": {\"script\": 1}}"
            + "|unknown field \"npm.script\" (known: scripts)",
        "{\"name\": \"t\", \"registry\": \"npm:t\", \"launcher\": \"t\", \"npm\": {\"scripts\": 0}}"
            + "|\"npm.scripts\" must be true or false",
        "{\"name\": \"t\", \"registry\": \"maven:g:a\", \"launcher\": \"t\", \"npm\": {}}"
            + "|\"npm\" applies only to an npm: registry",
      })
  void mistakes_areNamedWithTheFile(String json, String message) throws Exception {
    String e = error(json);
    assertTrue(e.startsWith(tmp.resolve("conf/tool.json").toString()), e);
    assertTrue(e.contains(message), e);
  }

  @Test
  void missingFile_saysSo() {
    AppDescriptor.BadDescriptor e =
        assertThrows(
            AppDescriptor.BadDescriptor.class,
            () -> AppDescriptor.read(tmp.resolve("nope.json"), tmp, LINUX_X64));
    assertEquals("no app descriptor at " + tmp.resolve("nope.json"), e.getMessage());
  }

  @Test
  void hugeFile_isRefusedBeforeParsing() throws Exception {
    String e = error("{\"name\": \"" + "x".repeat(70_000) + "\"}");
    assertTrue(e.contains("at most 65536 bytes"), e);
  }

  /** The worked example of docs/apps.md (run for real by LiveAppTest) stays valid. */
  @Test
  void docsExamples_npmClis_readTheirRealVersionLines() throws Exception {
    // What each prints for --version, as the real packages print it (LiveAppTest runs them).
    String[][] printed = {
      {"cowsay", "1.6.0\n", "1.6.0"},
      {"http-server", "v14.1.1\n", "14.1.1"},
      {"uglifyjs", "uglify-js 3.19.3\n", "3.19.3"},
      {"esbuild", "0.28.2\n", "0.28.2"}
    };
    for (String[] e : printed) {
      AppDescriptor d =
          AppDescriptor.read(
              Path.of("docs/examples/" + e[0] + ".json"), tmp.resolve("user"), LINUX_X64);
      assertTrue(d.registry().startsWith("npm:"), d.registry());
      assertEquals(
          Optional.of(e[2]), d.app().versionLine(e[1]).map(App.VersionLine::version), e[0]);
      assertEquals(e[0], d.link().orElseThrow().command(), "the command on PATH");
    }
    assertFalse(
        AppDescriptor.read(Path.of("docs/examples/http-server.json"), tmp.resolve("u"), LINUX_X64)
            .npmScripts());
  }

  @Test
  void docsExample_apacheMaven_isValid() throws Exception {
    AppDescriptor d =
        AppDescriptor.read(Path.of("docs/examples/mvn.json"), tmp.resolve("user"), LINUX_X64);
    assertEquals("maven:org.apache.maven:apache-maven:bin:tar.gz", d.registry());
    assertEquals(
        Optional.of("3.9.9"),
        d.app()
            .versionLine("Apache Maven 3.9.9 (8e8579a9e76f7d015ee5ec7bfcdc97d260186937)\n")
            .map(App.VersionLine::version));
    assertEquals(Optional.of(new AppDescriptor.Link(Optional.empty(), "mvn")), d.link());
  }
}
