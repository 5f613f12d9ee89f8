package dev.hoist.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.version.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Builds real distributions with {@code packaging/build.sh} from {@code target/} (failsafe runs
 * this after {@code package}) and exercises the archive, the {@code bin/hoist} launcher and {@code
 * packaging/install.sh} as a user would, through processes.
 */
class PackagingIT {
  private static final String REGISTRY = "https://releases.example.com/hoist/manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;

  private static Path project;
  private static Path dist;
  private static Path stable;
  private static Path beta;
  private static String buildOutput;

  @TempDir Path tmp;

  @BeforeAll
  static void buildArchives() throws Exception {
    String dir = System.getProperty("hoist.project.dir");
    assertNotNull(dir, "system property hoist.project.dir (set by failsafe) is missing");
    project = Path.of(dir).toRealPath();
    dist = Files.createDirectory(shared.resolve("dist"));
    Result r =
        run(
            project,
            e -> {},
            build(),
            "--version",
            "1.0.0",
            "--out",
            dist.toString(),
            "--registry",
            REGISTRY,
            "--skip-build");
    assertEquals(0, r.code, r.describe());
    buildOutput = r.out;
    stable = dist.resolve("hoist-1.0.0.tar.gz");
    Result b =
        run(
            project,
            e -> {},
            build(),
            "--version=1.1.0-beta.1",
            "--out",
            dist.toString(),
            "--channel",
            "beta",
            "--skip-build");
    assertEquals(0, b.code, b.describe());
    beta = dist.resolve("hoist-1.1.0-beta.1.tar.gz");
  }

  // ---------------------------------------------------------------- build.sh

  @Test
  void buildPrintsTheArchivePathAndWritesItsChecksum() throws Exception {
    assertEquals(stable.toString(), buildOutput.strip());
    assertTrue(Files.isRegularFile(stable));
    String expected = sha256(stable) + "  hoist-1.0.0.tar.gz\n";
    assertEquals(
        expected,
        Files.readString(dist.resolve("hoist-1.0.0.tar.gz.sha256"), StandardCharsets.UTF_8));
  }

  @Test
  void stableArchiveHasTheDistributionLayout() throws Exception {
    Map<String, Entry> entries = readTar(stable);
    assertLayout(entries, "1.0.0");
    JsonNode conf = JSON.readTree(entries.get("hoist-1.0.0/conf/hoist.json").content);
    assertEquals(REGISTRY, conf.path("registry").asText());
    assertEquals("stable", conf.path("channel").asText());
  }

  @Test
  void preReleaseArchiveHasTheLayoutAndNoRegistryWhenNoneWasGiven() throws Exception {
    Map<String, Entry> entries = readTar(beta);
    assertLayout(entries, "1.1.0-beta.1");
    JsonNode conf = JSON.readTree(entries.get("hoist-1.1.0-beta.1/conf/hoist.json").content);
    assertFalse(conf.has("registry"), conf.toString());
    assertEquals("beta", conf.path("channel").asText());
  }

  @Test
  void sameInputsGiveTheSameArchiveBytes() throws Exception {
    Path again = Files.createDirectory(tmp.resolve("again"));
    Result r =
        run(
            project,
            e -> {},
            build(),
            "--version",
            "1.0.0",
            "--out",
            again.toString(),
            "--registry",
            REGISTRY,
            "--skip-build");
    assertEquals(0, r.code, r.describe());
    assertEquals(sha256(stable), sha256(again.resolve("hoist-1.0.0.tar.gz")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0", "v1.0.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "1.0.0 "})
  void buildRejectsAnInvalidVersionWithUsageError(String version) throws Exception {
    Path out = tmp.resolve("out");
    Result r =
        run(
            project,
            e -> {},
            build(),
            "--version",
            version,
            "--out",
            out.toString(),
            "--skip-build");
    assertEquals(2, r.code, r.describe());
    assertTrue(r.err.contains("not a Semantic Versioning 2.0.0 version"), r.describe());
    assertFalse(Files.exists(out), "nothing is written on a usage error");
  }

  @Test
  void buildUsageErrors() throws Exception {
    Result missingOut = run(project, e -> {}, build(), "--version", "1.0.0");
    assertEquals(2, missingOut.code, missingOut.describe());
    assertTrue(missingOut.err.contains("--out is required"), missingOut.describe());
    Result unknown = run(project, e -> {}, build(), "--frobnicate");
    assertEquals(2, unknown.code, unknown.describe());
    Result help = run(project, e -> {}, build(), "--help");
    assertEquals(0, help.code, help.describe());
    assertTrue(help.out.contains("--skip-build") && help.out.contains("--registry"), help.out);
  }

  // ---------------------------------------------------------------- bin/hoist

  @Test
  void extractedLauncherPrintsTheVersion() throws Exception {
    Path install = extract(stable, tmp.resolve("x"));
    Result r = run(tmp, realJava(), install.resolve("bin/hoist").toString(), "--version");
    assertEquals(0, r.code, r.describe());
    assertEquals("hoist 1.0.0", r.out.strip());
  }

  @Test
  void launcherWorksThroughATwoLevelSymlinkChainFromAnotherDirectory() throws Exception {
    Layout l = installedLayout();
    Result abs = run(l.elsewhere, realJava(), l.link.toString(), "--version");
    assertEquals(0, abs.code, abs.describe());
    assertEquals("hoist 1.0.0", abs.out.strip());
    // Invoked by a relative path too (the link is ../bin/hoist from `elsewhere`).
    Result rel = run(l.elsewhere, realJava(), "../bin/hoist", "--version");
    assertEquals(0, rel.code, rel.describe());
    assertEquals("hoist 1.0.0", rel.out.strip());
  }

  @Test
  void launcherPassesThePhysicalInstallDirFlagsAndArgumentsToJava() throws Exception {
    Layout l = installedLayout();
    Path jdk = fakeJdk(tmp.resolve("jdk17"), "17.0.99", "ARGS");
    Path tools = toolsOnlyPath();
    Result r =
        run(
            l.elsewhere,
            env -> {
              env.put("PATH", tools.toString());
              env.put("JAVA_HOME", jdk.toString());
              env.put("HOIST_JAVA_OPTS", " -Dx=1\t-Dy=* ");
            },
            l.link.toString(),
            "--version",
            "a b",
            "*",
            "");
    assertEquals(0, r.code, r.describe());
    String real = l.version.toRealPath().toString();
    assertFalse(real.contains("current"), real);
    // No start-up archive here: the app's and Hoist's jars come before lib/* (Packager.firstJars).
    StringBuilder first = new StringBuilder();
    for (String prefix : List.of("hoist-cli-", "hoist-engine-", "hoist-picocli-")) {
      try (var jars = Files.list(l.version.resolve("lib"))) {
        String jar =
            jars.map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith(prefix) && n.endsWith(".jar"))
                .findFirst()
                .orElseThrow();
        first.append(real).append("/lib/").append(jar).append(':');
      }
    }
    List<String> expected =
        List.of(
            "ARGS",
            "-Dhoist.install.dir=" + real,
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-XX:-UsePerfData",
            "-Xshare:auto",
            "-Dx=1",
            "-Dy=*",
            "-cp",
            first + real + "/lib/*",
            "dev.hoist.cli.Main",
            "--version",
            "a b",
            "*",
            "");
    assertEquals(expected, lines(r.out));
  }

  @Test
  void bundledRuntimeWinsOverJavaHome() throws Exception {
    Layout l = installedLayout();
    fakeJdk(l.version.resolve("runtime"), "21.0.1", "RUNTIME");
    Path jdk = fakeJdk(tmp.resolve("jdk17"), "17.0.99", "JAVA_HOME");
    Result r =
        run(
            l.elsewhere,
            env -> {
              env.put("PATH", toolsOnlyPath().toString());
              env.put("JAVA_HOME", jdk.toString());
            },
            l.link.toString(),
            "--version");
    assertEquals(0, r.code, r.describe());
    assertEquals("RUNTIME", lines(r.out).get(0));
  }

  @Test
  void startupArchiveIsPassedOnlyToTheBundledRuntime() throws Exception {
    Layout l = installedLayout();
    Path archive = l.version.resolve(".hoist/startup.jsa");
    Files.createDirectories(archive.getParent());
    Files.writeString(archive, "not a real archive; -Xshare:auto would ignore it");
    String flag = "-XX:SharedArchiveFile=" + l.version.toRealPath().resolve(".hoist/startup.jsa");
    Path jdk = fakeJdk(tmp.resolve("jdk17"), "17.0.99", "JAVA_HOME");
    Consumer<Map<String, String>> env =
        e -> {
          e.put("PATH", toolsOnlyPath().toString());
          e.put("JAVA_HOME", jdk.toString());
        };
    // Dumped by another JVM than JAVA_HOME's: never passed to it.
    Result viaJavaHome = run(l.elsewhere, env, l.link.toString(), "--version");
    assertEquals(0, viaJavaHome.code, viaJavaHome.describe());
    assertFalse(lines(viaJavaHome.out).contains(flag), viaJavaHome.out);
    fakeJdk(l.version.resolve("runtime"), "17.0.99", "RUNTIME");
    Result viaRuntime = run(l.elsewhere, env, l.link.toString(), "--version");
    assertEquals(0, viaRuntime.code, viaRuntime.describe());
    assertEquals("RUNTIME", lines(viaRuntime.out).get(0));
    assertTrue(lines(viaRuntime.out).contains(flag), viaRuntime.out);
  }

  @Test
  void javaOnPathIsJudgedByTheReleaseFileOfTheJdkItLinksTo() throws Exception {
    Layout l = installedLayout();
    // The fake exits 99 if asked for -version: it must be judged by its release file.
    Path jdk = fakeJdk(tmp.resolve("jdk"), "17.0.2", "PATHJAVA");
    Path pathDir = toolsOnlyPath();
    Path alternatives = Files.createDirectory(tmp.resolve("alternatives"));
    Files.createSymbolicLink(alternatives.resolve("java"), jdk.resolve("bin/java"));
    Files.createSymbolicLink(pathDir.resolve("java"), alternatives.resolve("java"));
    Result r =
        run(
            l.elsewhere,
            env -> env.put("PATH", pathDir.toString()),
            l.link.toString(),
            "--version");
    assertEquals(0, r.code, r.describe());
    assertEquals("PATHJAVA", lines(r.out).get(0));
  }

  @Test
  void javaWithoutReleaseFileIsJudgedByJavaDashVersion() throws Exception {
    Layout l = installedLayout();
    Path modern = fakeJdkWithoutRelease(tmp.resolve("modern"), "openjdk version \"21.0.2\"", "NEW");
    Result ok =
        run(
            l.elsewhere,
            env -> {
              env.put("PATH", toolsOnlyPath().toString());
              env.put("JAVA_HOME", modern.toString());
            },
            l.link.toString(),
            "--version");
    assertEquals(0, ok.code, ok.describe());
    assertEquals("NEW", lines(ok.out).get(0));

    Path java8 = fakeJdkWithoutRelease(tmp.resolve("java8"), "java version \"1.8.0_402\"", "OLD");
    Result old =
        run(
            l.elsewhere,
            env -> {
              env.put("PATH", toolsOnlyPath().toString());
              env.put("JAVA_HOME", java8.toString());
            },
            l.link.toString(),
            "--version");
    assertEquals(127, old.code, old.describe());
    assertFalse(old.out.contains("OLD"), old.describe());
    assertTrue(old.err.contains("Java 1.8.0_402 is older than 17"), old.describe());
  }

  @Test
  void noJavaAnywhereExits127WithAClearMessage() throws Exception {
    Path install = extract(stable, tmp.resolve("x"));
    Path tools = toolsOnlyPath();
    Result r =
        run(
            tmp,
            env -> env.put("PATH", tools.toString()),
            install.resolve("bin/hoist").toString(),
            "--version");
    assertEquals(127, r.code, r.describe());
    assertEquals("", r.out);
    String real = install.toRealPath().toString();
    assertTrue(
        r.err.contains(
            "hoist: no Java 17 or newer found (looked in "
                + real
                + "/runtime, JAVA_HOME, PATH); install a JDK 17+ or set JAVA_HOME"),
        r.describe());
  }

  @Test
  void javaHomeOlderThan17IsRejected() throws Exception {
    Path install = extract(stable, tmp.resolve("x"));
    Path jdk11 = fakeJdk(tmp.resolve("jdk11"), "11.0.2", "RAN");
    Result r =
        run(
            tmp,
            env -> {
              env.put("PATH", toolsOnlyPath().toString());
              env.put("JAVA_HOME", jdk11.toString());
            },
            install.resolve("bin/hoist").toString(),
            "--version");
    assertEquals(127, r.code, r.describe());
    assertFalse(r.out.contains("RAN"), "the old java must not be run: " + r.describe());
    assertTrue(r.err.contains("no Java 17 or newer found"), r.describe());
    assertTrue(r.err.contains("JAVA_HOME (" + jdk11 + "/bin/java): Java 11.0.2"), r.describe());
  }

  // ---------------------------------------------------------------- install.sh

  @Test
  void installFromArchiveVerifiesExtractsInstallsThroughTheLauncherAndCleansUp() throws Exception {
    Path archive = fakeDistribution(tmp.resolve("a"), "9.9.9", "any");
    writeSha256File(archive, sha256(archive));
    Path record = tmp.resolve("record.txt");
    Path tmpdir = Files.createDirectory(tmp.resolve("tmpdir"));
    Result r =
        run(
            tmp,
            env -> {
              env.put("RECORD", record.toString());
              env.put("TMPDIR", tmpdir.toString());
            },
            install(),
            "--archive",
            archive.toString(),
            "--home",
            "/h o/me",
            "--bin-dir",
            "/b");
    assertEquals(0, r.code, r.describe());
    assertEquals(
        List.of("any", "update", "--self-install", "--home", "/h o/me", "--bin-dir", "/b"),
        lines(Files.readString(record)));
    assertEmptyDir(tmpdir);
  }

  @Test
  void installRefusesAnArchiveWhoseChecksumDoesNotMatch() throws Exception {
    Path archive = fakeDistribution(tmp.resolve("a"), "9.9.9", "any");
    writeSha256File(archive, "0".repeat(64));
    Path record = tmp.resolve("record.txt");
    Path tmpdir = Files.createDirectory(tmp.resolve("tmpdir"));
    Result r =
        run(
            tmp,
            env -> {
              env.put("RECORD", record.toString());
              env.put("TMPDIR", tmpdir.toString());
            },
            install(),
            "--archive",
            archive.toString());
    assertEquals(1, r.code, r.describe());
    assertTrue(r.err.contains("checksum mismatch"), r.describe());
    assertFalse(Files.exists(record), "nothing may run from an unverified archive");
    assertEmptyDir(tmpdir);
  }

  @Test
  void installRefusesAnArchiveWithAPathOutsideItsDirectory() throws Exception {
    Path archive = tmp.resolve("evil.tar.gz");
    writeTar(
        archive,
        Map.of(
            "hoist-9.9.9/bin/hoist", recorderScript("evil"),
            "hoist-9.9.9/VERSION", "9.9.9\n",
            "hoist-9.9.9/../../escaped", "x"));
    Path record = tmp.resolve("record.txt");
    Result r =
        run(
            tmp,
            env -> env.put("RECORD", record.toString()),
            install(),
            "--archive",
            archive.toString());
    assertEquals(1, r.code, r.describe());
    assertTrue(r.err.contains("unsafe path"), r.describe());
    assertFalse(Files.exists(record));
    assertFalse(Files.exists(tmp.getParent().resolve("escaped")));
  }

  @Test
  void installFromRegistryPicksTheChannelReleaseAndThePlatformAsset() throws Exception {
    Path reg = Files.createDirectory(tmp.resolve("registry"));
    String platform =
        Platform.of(System.getProperty("os.name"), System.getProperty("os.arch")).id();
    Path any = fakeDistribution(reg.resolve("any"), "2.0.0", "any");
    Path specific = fakeDistribution(reg.resolve("specific"), "2.0.0", platform);
    Path older = fakeDistribution(reg.resolve("older"), "1.0.0", "older");
    String manifest =
        """
        {"schema": 1, "app": "hoist", "serial": 3,
         "channels": {"stable": "2.0.0", "beta": "3.0.0-beta.1"},
         "releases": [
           {"version": "1.0.0", "notes": "first \\"one\\" \\u00e9",
            "assets": [{"platform": "any", "url": "older/hoist-1.0.0.tar.gz", "size": %d, "sha256": "%s"}]},
           {"version": "2.0.0", "rollout": 100,
            "assets": [
              {"platform": "any", "url": "any/hoist-2.0.0.tar.gz", "size": %d, "sha256": "%s"},
              {"platform": "%s", "url": "specific/hoist-2.0.0.tar.gz", "size": %d, "sha256": "%s"}]}]}
        """
            .formatted(
                Files.size(older),
                sha256(older),
                Files.size(any),
                sha256(any),
                platform,
                Files.size(specific),
                sha256(specific).toUpperCase(java.util.Locale.ROOT));
    Files.writeString(reg.resolve("manifest.json"), manifest);
    Path record = tmp.resolve("record.txt");
    String url = "file:" + reg.resolve("manifest.json");

    Result r = run(tmp, env -> env.put("RECORD", record.toString()), install(), "--registry", url);
    assertEquals(0, r.code, r.describe());
    assertEquals(List.of(platform, "update", "--self-install"), lines(Files.readString(record)));

    Result pinned =
        run(
            tmp,
            env -> env.put("RECORD", record.toString()),
            install(),
            "--registry",
            url,
            "--version",
            "1.0.0");
    assertEquals(0, pinned.code, pinned.describe());
    assertEquals("older", lines(Files.readString(record)).get(0));

    Result missing = run(tmp, e -> {}, install(), "--registry", url, "--channel", "beta");
    assertEquals(1, missing.code, missing.describe());
    assertTrue(missing.err.contains("release 3.0.0-beta.1 is not in the manifest"), missing.err);
  }

  @Test
  void installFromRegistryRefusesAChecksumMismatchAndPlainHttp() throws Exception {
    Path reg = Files.createDirectory(tmp.resolve("registry"));
    Path any = fakeDistribution(reg, "2.0.0", "any");
    Files.writeString(
        reg.resolve("manifest.json"),
        """
        {"channels": {"stable": "2.0.0"},
         "releases": [{"version": "2.0.0", "assets": [
           {"platform": "any", "url": "hoist-2.0.0.tar.gz", "size": %d, "sha256": "%s"}]}]}
        """
            .formatted(Files.size(any), "ab".repeat(32)));
    Path record = tmp.resolve("record.txt");
    Result r =
        run(
            tmp,
            env -> env.put("RECORD", record.toString()),
            install(),
            "--registry",
            "file://" + reg.resolve("manifest.json"));
    assertEquals(1, r.code, r.describe());
    assertTrue(r.err.contains("checksum mismatch"), r.describe());
    assertFalse(Files.exists(record));

    Result http = run(tmp, e -> {}, install(), "--registry", "http://example.com/manifest.json");
    assertEquals(2, http.code, http.describe());
    assertTrue(http.err.contains("refusing registry URL"), http.describe());

    // Loopback in appearance only: the host is what follows the '@'.
    Result disguised =
        run(tmp, e -> {}, install(), "--registry", "http://127.0.0.1:1@example.invalid/m.json");
    assertEquals(2, disguised.code, disguised.describe());
    assertTrue(disguised.err.contains("refusing registry URL"), disguised.describe());
  }

  // ---------------------------------------------------------------- helpers

  private record Result(int code, String out, String err) {
    String describe() {
      return "exit " + code + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
  }

  private record Entry(TarArchiveEntry header, byte[] content) {}

  /** versions/1.0.0, current -> versions/1.0.0, bin/hoist -> ../home/current/bin/hoist. */
  private record Layout(Path version, Path link, Path elsewhere) {}

  private Layout installedLayout() throws Exception {
    Path home = tmp.resolve("home");
    Path versions = Files.createDirectories(home.resolve("versions"));
    Path extracted = extract(stable, tmp.resolve("x"));
    Path version = Files.move(extracted, versions.resolve("1.0.0"));
    Files.createSymbolicLink(home.resolve("current"), Path.of("versions/1.0.0"));
    Path bin = Files.createDirectory(tmp.resolve("bin"));
    Path link =
        Files.createSymbolicLink(bin.resolve("hoist"), Path.of("../home/current/bin/hoist"));
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    return new Layout(version, link, elsewhere);
  }

  private static String build() {
    return project.resolve("packaging/build.sh").toString();
  }

  private static String install() {
    return project.resolve("packaging/install.sh").toString();
  }

  private static Result run(Path cwd, Consumer<Map<String, String>> env, String... command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(shared, "out", ".txt");
    Path err = Files.createTempFile(shared, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(cwd.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> e = pb.environment();
    e.remove("JAVA_HOME");
    e.remove("HOIST_JAVA_OPTS");
    e.remove("JDK_JAVA_OPTIONS");
    e.remove("HOIST_REGISTRY");
    e.remove("HOIST_CHANNEL");
    env.accept(e);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + String.join(" ", command));
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The JDK running the tests (17+) as JAVA_HOME. */
  private static Consumer<Map<String, String>> realJava() {
    return env -> env.put("JAVA_HOME", System.getProperty("java.home"));
  }

  /** A directory with only the tools the launcher needs besides its shell: no java. */
  private Path toolsOnlyPath() {
    Path dir = tmp.resolve("tools");
    if (Files.isDirectory(dir)) {
      return dir;
    }
    try {
      Files.createDirectory(dir);
      for (String tool : List.of("sh", "readlink", "dirname", "cat")) {
        for (String prefix : List.of("/usr/bin/", "/bin/")) {
          Path p = Path.of(prefix + tool);
          if (Files.isExecutable(p)) {
            Files.createSymbolicLink(dir.resolve(tool), p);
            break;
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertTrue(Files.exists(dir.resolve("readlink")), "readlink not found on this machine");
    return dir;
  }

  /**
   * A fake JDK whose release file says {@code version} and whose bin/java prints {@code marker} and
   * then its arguments, one per line; asked for {@code -version} it exits 99.
   */
  private static Path fakeJdk(Path home, String version, String marker) throws IOException {
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(
        home.resolve("release"),
        "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\nOS_NAME=\"Linux\"\n");
    writeExecutable(
        home.resolve("bin/java"),
        "#!/bin/sh\n"
            + "[ \"${1:-}\" = -version ] && exit 99\n"
            + "printf '%s\\n' "
            + marker
            + "\n"
            + "for a; do printf '%s\\n' \"$a\"; done\n");
    return home;
  }

  /** A fake JDK without release file; its java answers -version with {@code versionLine}. */
  private static Path fakeJdkWithoutRelease(Path home, String versionLine, String marker)
      throws IOException {
    Files.createDirectories(home.resolve("bin"));
    writeExecutable(
        home.resolve("bin/java"),
        "#!/bin/sh\n"
            + "if [ \"${1:-}\" = -version ]; then\n"
            + "  printf '%s\\n' '"
            + versionLine
            + " 2024-01-16' 'Some Runtime' >&2\n"
            + "  exit 0\n"
            + "fi\n"
            + "printf '%s\\n' "
            + marker
            + "\n");
    return home;
  }

  /** Writes a shell script with mode 0755. */
  private static void writeExecutable(Path file, String script) throws IOException {
    Files.writeString(file, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** A bin/hoist that writes {@code marker} and its arguments to $RECORD. */
  private static String recorderScript(String marker) {
    return "#!/bin/sh\n"
        + "{ printf '%s\\n' '"
        + marker
        + "'; for a; do printf '%s\\n' \"$a\"; done; } > \"$RECORD\"\n";
  }

  /** dir/hoist-V.tar.gz whose bin/hoist records its arguments, tagged with {@code marker}. */
  private static Path fakeDistribution(Path dir, String version, String marker) throws IOException {
    Files.createDirectories(dir);
    Path archive = dir.resolve("hoist-" + version + ".tar.gz");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("hoist-" + version + "/bin/hoist", recorderScript(marker));
    files.put("hoist-" + version + "/VERSION", version + "\n");
    files.put("hoist-" + version + "/lib/hoist.jar", "not really a jar");
    writeTar(archive, files);
    return archive;
  }

  private static void writeTar(Path archive, Map<String, String> files) throws IOException {
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(archive)))) {
      for (var f : files.entrySet()) {
        byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(f.getKey(), true);
        entry.setSize(data.length);
        entry.setMode(f.getKey().endsWith("/bin/hoist") ? 0100755 : 0100644);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
      }
    }
  }

  private static void writeSha256File(Path archive, String hex) throws IOException {
    Files.writeString(
        archive.resolveSibling(archive.getFileName() + ".sha256"),
        hex + "  " + archive.getFileName() + "\n");
  }

  /** Extracts with the system tar (as a user would) and returns the single top directory. */
  private static Path extract(Path archive, Path into) throws Exception {
    Files.createDirectories(into);
    Result r = run(into, e -> {}, "tar", "-xzf", archive.toString());
    assertEquals(0, r.code, r.describe());
    try (Stream<Path> s = Files.list(into)) {
      List<Path> top = s.toList();
      assertEquals(1, top.size(), top.toString());
      return top.get(0);
    }
  }

  private static Map<String, Entry> readTar(Path archive) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(archive)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        if (e.isFile()) {
          tar.transferTo(content);
        }
        entries.put(e.getName(), new Entry(e, content.toByteArray()));
      }
    }
    return entries;
  }

  private static void assertLayout(Map<String, Entry> entries, String version) {
    String top = "hoist-" + version + "/";
    for (String name : entries.keySet()) {
      assertTrue(name.startsWith(top), "outside " + top + ": " + name);
    }
    List<String> names = new ArrayList<>(entries.keySet());
    assertEquals(names.stream().sorted().toList(), names, "entries are sorted by name");
    long mtime = entries.get(top).header.getModTime().getTime();
    for (Entry e : entries.values()) {
      assertEquals(0, e.header.getLongUserId(), e.header.getName());
      assertEquals(0, e.header.getLongGroupId(), e.header.getName());
      assertEquals(mtime, e.header.getModTime().getTime(), "fixed mtime: " + e.header.getName());
      assertFalse(e.header.isSymbolicLink() || e.header.isLink(), e.header.getName());
    }

    Entry launcher = entries.get(top + "bin/hoist");
    assertNotNull(launcher, "bin/hoist");
    assertEquals(0755, launcher.header.getMode() & 07777, "bin/hoist mode");
    assertTrue(
        new String(launcher.content, StandardCharsets.UTF_8).startsWith("#!/bin/sh\n"),
        "bin/hoist is the sh launcher");

    List<String> lib =
        names.stream()
            .filter(n -> n.startsWith(top + "lib/") && n.endsWith(".jar"))
            .map(n -> n.substring((top + "lib/").length()))
            .toList();
    assertTrue(lib.stream().anyMatch(n -> n.matches("hoist-.*\\.jar")), "app jar in " + lib);
    assertTrue(lib.stream().anyMatch(n -> n.startsWith("picocli-")), "dependencies in " + lib);
    for (String jar : lib) {
      assertEquals(0644, entries.get(top + "lib/" + jar).header.getMode() & 07777, jar);
    }

    assertEquals(
        version + "\n", new String(entries.get(top + "VERSION").content, StandardCharsets.UTF_8));
    assertNotNull(entries.get(top + "conf/hoist.json"), "conf/hoist.json");
  }

  private static void assertEmptyDir(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(), s.toList(), "temporary files left in " + dir);
    }
  }

  private static List<String> lines(String text) {
    return text.lines().toList();
  }

  private static String sha256(Path file) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
