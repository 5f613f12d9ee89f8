package dev.hoist.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.app.App;
import dev.hoist.engine.internal.app.AppDescriptor;
import dev.hoist.picocli.internal.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packager's output, read back the way the engine and a user's tar read it. */
class PackagerTest {
  @TempDir Path tmp;

  private Distribution greet(Optional<String> registry, List<Path> keys) throws IOException {
    Path jar = Files.writeString(tmp.resolve("greet-1.0.0.jar"), "not really a jar");
    Path dep = Files.writeString(tmp.resolve("picocli-4.7.7.jar"), "nor this");
    return new Distribution(
        "greet",
        "1.0.0",
        "org.example.Greet",
        List.of(jar, dep),
        registry,
        Optional.empty(),
        keys,
        List.of("--version"),
        Optional.of("^greet (\\S+)$"));
  }

  @Test
  void theLauncherNamesTheAppsAndHoistsJarsFirst_whenItRunsWithoutAStartupArchive()
      throws Exception {
    List<Path> jars = new java.util.ArrayList<>();
    for (String n :
        List.of(
            "greet-1.0.0.jar",
            "commons-io-2.20.0.jar",
            "hoist-engine-1.2.0.jar",
            "hoist-picocli-1.2.0.jar",
            "hoist-engine-$(touch x).jar")) {
      jars.add(Files.writeString(tmp.resolve(n), "jar"));
    }
    Distribution d =
        new Distribution(
            "greet",
            "1.0.0",
            "org.example.Greet",
            jars,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            List.of("--version"),
            Optional.empty());
    assertEquals(
        "$INSTALL/lib/greet-1.0.0.jar:$INSTALL/lib/hoist-engine-1.2.0.jar:"
            + "$INSTALL/lib/hoist-picocli-1.2.0.jar:",
        Packager.firstJars(d),
        "the app's jar and Hoist's, never a name the shell could misread");
    String launcher = Packager.launcher(d);
    assertTrue(launcher.contains("cp=\"" + Packager.firstJars(d) + "$INSTALL/lib/*\"\n"), launcher);
    Path dist = Packager.layout(d, tmp.resolve("work"));
    assertEquals(
        "lib/greet-1.0.0.jar:lib/hoist-engine-1.2.0.jar:lib/hoist-picocli-1.2.0.jar:lib/*\n",
        Files.readString(dist.resolve("conf/classpath")),
        "the same class path for the start-up archive's dump");
  }

  @Test
  void theArchiveHasOneTopDirectorySortedEntriesAndNormalisedOwnersAndModes() throws Exception {
    Path dist = Packager.layout(greet(Optional.empty(), List.of()), tmp.resolve("work"));
    Path archive = Packager.archive(dist, tmp.resolve("out"), "", 1_700_000_000L);

    Map<String, TarArchiveEntry> entries = read(archive);
    List<String> names = new ArrayList<>(entries.keySet());
    assertEquals(names.stream().sorted().toList(), names, "sorted by name");
    assertEquals("greet-1.0.0/", names.get(0));
    for (TarArchiveEntry e : entries.values()) {
      assertTrue(e.getName().startsWith("greet-1.0.0/"), e.getName());
      assertEquals(0, e.getLongUserId(), e.getName());
      assertEquals(0, e.getLongGroupId(), e.getName());
      assertEquals(1_700_000_000_000L, e.getModTime().getTime(), e.getName());
      int mode = e.getMode() & 07777;
      assertEquals(e.isDirectory() || e.getName().endsWith("/bin/greet") ? 0755 : 0644, mode);
    }
    assertTrue(entries.containsKey("greet-1.0.0/lib/greet-1.0.0.jar"));
    assertTrue(entries.containsKey("greet-1.0.0/lib/picocli-4.7.7.jar"));
    assertEquals(
        sha256(archive) + "  greet-1.0.0.tar.gz\n",
        Files.readString(tmp.resolve("out/greet-1.0.0.tar.gz.sha256")));
  }

  /**
   * What a publisher uploads is world-readable whatever their umask (issue 15, item 11): the
   * archive and its checksum, made by a real JVM under {@code umask 077}, are 0644 all the same.
   */
  @Test
  void underAStrictUmask_theArchiveAndItsChecksumAreStillWorldReadable() throws Exception {
    Path dist = Packager.layout(greet(Optional.empty(), List.of()), tmp.resolve("work"));
    Path out = tmp.resolve("out");
    String jvm = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                "sh",
                "-c",
                "umask 077 && exec \"$0\" -cp \"$1\" dev.hoist.maven.PackagerMain archive --dist"
                    + " \"$2\" --out \"$3\" --mtime 0",
                jvm,
                System.getProperty("java.class.path"),
                dist.toString(),
                out.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), said);
    for (String f : List.of("greet-1.0.0.tar.gz", "greet-1.0.0.tar.gz.sha256")) {
      assertEquals(
          "rw-r--r--",
          java.nio.file.attribute.PosixFilePermissions.toString(
              Files.getPosixFilePermissions(out.resolve(f))),
          f);
    }
  }

  @Test
  void linksAreArchivedAsLinksAndNeverFollowed() throws Exception {
    // A jlinked runtime's legal/ notices are links to java.base's; some point nowhere.
    Path dist = Packager.layout(greet(Optional.empty(), List.of()), tmp.resolve("work"));
    Path legal = Files.createDirectories(dist.resolve("runtime/legal/java.logging"));
    Files.createDirectories(dist.resolve("runtime/legal/java.base"));
    Files.writeString(dist.resolve("runtime/legal/java.base/LICENSE"), "the license\n");
    Files.createSymbolicLink(legal.resolve("LICENSE"), Path.of("../java.base/LICENSE"));
    Files.createSymbolicLink(legal.resolve("GONE"), Path.of("/nonexistent/notice"));

    Map<String, TarArchiveEntry> entries =
        read(Packager.archive(dist, tmp.resolve("out"), "-linux-x64", 0));

    TarArchiveEntry link = entries.get("greet-1.0.0/runtime/legal/java.logging/LICENSE");
    assertTrue(link.isSymbolicLink());
    assertEquals("../java.base/LICENSE", link.getLinkName());
    assertEquals(0, link.getSize());
    assertEquals(
        "/nonexistent/notice",
        entries.get("greet-1.0.0/runtime/legal/java.logging/GONE").getLinkName());
    assertEquals(12, entries.get("greet-1.0.0/runtime/legal/java.base/LICENSE").getSize());
  }

  @Test
  void theSameInputsGiveTheSameBytes() throws Exception {
    Distribution d = greet(Optional.of("https://example.org/m.json"), List.of());
    Path a = Packager.archive(Packager.layout(d, tmp.resolve("a")), tmp.resolve("oa"), "", 5);
    Path b = Packager.archive(Packager.layout(d, tmp.resolve("b")), tmp.resolve("ob"), "", 5);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    Path c = Packager.archive(Packager.layout(d, tmp.resolve("c")), tmp.resolve("oc"), "", 6);
    assertFalse(sha256(a).equals(sha256(c)), "the time is part of the archive");
  }

  @Test
  void theEngineReadsTheAppTheSettingsName() throws Exception {
    Path dist =
        Packager.layout(
            greet(Optional.of("maven:org.example:greet:bin:tar.gz"), List.of()),
            tmp.resolve("work"));
    Optional<App> app = AppDescriptor.distributionApp(dist.resolve("conf/hoist.json"));
    assertEquals("greet", app.get().name());
    assertEquals("bin/greet", app.get().launcher());
    assertEquals(List.of("--version"), app.get().versionArgs());
    assertEquals(
        Optional.of("1.0.0"), app.get().versionLine("greet 1.0.0\n").map(App.VersionLine::version));
    String conf = Files.readString(dist.resolve("conf/hoist.json"));
    assertTrue(conf.contains("\"registry\": \"maven:org.example:greet:bin:tar.gz\""), conf);
    assertTrue(conf.contains("\"channel\": \"stable\""), conf);
  }

  @Test
  void theLauncherIsTheTemplateWithTheAppsNamePrefixAndMainClass() throws Exception {
    Path dist = Packager.layout(greet(Optional.empty(), List.of()), tmp.resolve("work"));
    String launcher = Files.readString(dist.resolve("bin/greet"));
    assertTrue(launcher.startsWith("#!/bin/sh\n"));
    assertFalse(launcher.matches("(?s).*@[A-Z_]+@.*"), "a placeholder is left");
    assertTrue(launcher.contains(" 'org.example.Greet' \"$@\""), "runs the main class, quoted");
    assertTrue(launcher.contains("${GREET_JAVA_OPTS:-}"));
    assertTrue(launcher.contains("d_run=$d_home/current/bin/greet"));
    assertFalse(launcher.contains("HOIST_"), "no variable of Hoist's");
    assertTrue(Files.isExecutable(dist.resolve("bin/greet")));
  }

  @Test
  void aNestedMainClassIsPassedWhole() throws Exception {
    // A binary name holds '$', which an unquoted shell word would expand.
    Path jar = Files.writeString(tmp.resolve("a.jar"), "jar");
    Distribution d =
        new Distribution(
            "x",
            "1.0.0",
            "org.example.Outer$Main",
            List.of(jar),
            none(),
            none(),
            List.of(),
            List.of(),
            none());
    String launcher = Files.readString(Packager.layout(d, tmp.resolve("w")).resolve("bin/x"));
    assertTrue(launcher.contains(" 'org.example.Outer$Main' \"$@\""), launcher);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Distribution(
                "x",
                "1.0.0",
                "a.B'; rm -rf /",
                List.of(jar),
                none(),
                none(),
                List.of(),
                List.of(),
                none()));
  }

  @Test
  void aNameThatBorrowsAnotherToolsVariables_isNamed() throws Exception {
    Path jar = Files.writeString(tmp.resolve("a.jar"), "jar");
    java.util.function.Function<String, Distribution> named =
        n ->
            new Distribution(
                n, "1.0.0", "a.B", List.of(jar), none(), none(), List.of(), List.of(), none());
    assertEquals(
        List.of("GRADLE_HOME", "GRADLE_JAVA_OPTS", "GRADLE_REGISTRY", "GRADLE_CA_BUNDLE"),
        named.apply("gradle").borrowedVariables());
    assertEquals(
        List.of("JAVA_HOME", "JAVA_JAVA_OPTS", "JAVA_REGISTRY", "JAVA_CA_BUNDLE"),
        named.apply("java").borrowedVariables());
    assertEquals(List.of(), named.apply("greet").borrowedVariables());
    assertEquals(List.of(), named.apply("gradle-lint").borrowedVariables());
  }

  @Test
  void theVariablePrefixIsTheEnginesForEveryKindOfName() {
    for (String name : List.of("greet", "my-tool", "x.y_z", "Tool2", "7zip", "hoist")) {
      assertEquals(
          Environment.prefixOf(name),
          new Distribution(
                  name,
                  "1.0.0",
                  "a.B",
                  List.of(tmp),
                  Optional.empty(),
                  Optional.empty(),
                  List.of(),
                  List.of(),
                  Optional.empty())
              .prefix(),
          name);
    }
  }

  @Test
  void theVersionRuleIsTheEnginesSemVer() {
    // The plugin stands alone, so it has its own copy of the rule; it must accept what the
    // engine accepts, and nothing else, except that a publisher's version has no surrounding
    // blanks (the engine tolerates them: a VERSION file ends in a newline).
    for (String v :
        List.of(
            "1.0.0",
            "0.1.0-SNAPSHOT",
            "1.2.3-beta.1",
            "1.0.0+build.7",
            "10.20.30-rc.1+x",
            "1.0",
            "v1.0.0",
            "01.0.0",
            "1.0.0-",
            "1.0.0-01",
            "1.0.0+",
            "1.0.0 ",
            "1.0.0-a..b")) {
      boolean engine;
      try {
        dev.hoist.engine.internal.version.Version.parse(v);
        engine = v.equals(v.strip());
      } catch (IllegalArgumentException e) {
        engine = false;
      }
      boolean plugin;
      try {
        new Distribution("x", v, "a.B", List.of(tmp), none(), none(), List.of(), List.of(), none());
        plugin = true;
      } catch (IllegalArgumentException e) {
        plugin = false;
      }
      assertEquals(engine, plugin, v);
    }
  }

  @Test
  void publicKeysAreShippedAndAPrivateKeyIsRefused() throws Exception {
    Path pub =
        Files.writeString(
            tmp.resolve("k.pub"),
            "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
                + "-----END PUBLIC KEY-----\n");
    Path raw =
        Files.writeString(tmp.resolve("r.pub"), "Gb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=");
    Path dist = Packager.layout(greet(Optional.empty(), List.of(pub, raw)), tmp.resolve("work"));
    assertEquals(Files.readString(pub), Files.readString(dist.resolve("conf/keys/01.pub")));
    assertEquals(Files.readString(raw), Files.readString(dist.resolve("conf/keys/02.pub")));

    Path secret =
        Files.writeString(
            tmp.resolve("k.key"),
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAw\n-----END PRIVATE KEY-----\n");
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Packager.layout(greet(Optional.empty(), List.of(secret)), tmp.resolve("w2")));
    assertTrue(e.getMessage().contains("must never be shipped"), e.getMessage());

    // A public key file that also carries the private one is refused too.
    Path both =
        Files.writeString(
            tmp.resolve("both.pem"), Files.readString(pub) + Files.readString(secret));
    assertThrows(
        IllegalArgumentException.class,
        () -> Packager.layout(greet(Optional.empty(), List.of(both)), tmp.resolve("w3")));
  }

  @Test
  void aVersionPatternTheEngineWouldRefuseIsRefusedAtBuildTime() {
    for (String bad : List.of("(a)(b)", " ", "([")) {
      assertThrows(
          IllegalArgumentException.class,
          () ->
              new Distribution(
                  "x",
                  "1.0.0",
                  "a.B",
                  List.of(tmp),
                  none(),
                  none(),
                  List.of(),
                  List.of(),
                  Optional.of(bad)),
          bad);
      assertThrows(
          IllegalArgumentException.class, () -> App.pattern(bad.isBlank() ? "(a)(b)" : bad));
    }
  }

  @Test
  void badParametersAreRefusedWithTheirName() {
    Path jar = tmp;
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Distribution(
                "../x",
                "1.0.0",
                "a.B",
                List.of(jar),
                none(),
                none(),
                List.of(),
                List.of(),
                none()));
    var v =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Distribution(
                    "x",
                    "v1.0",
                    "a.B",
                    List.of(jar),
                    none(),
                    none(),
                    List.of(),
                    List.of(),
                    none()));
    assertTrue(v.getMessage().startsWith("version 'v1.0'"), v.getMessage());
    var r =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Distribution(
                    "x",
                    "1.0.0",
                    "a.B",
                    List.of(jar),
                    Optional.of("https://e.org/\"m.json"),
                    none(),
                    List.of(),
                    List.of(),
                    none()));
    assertTrue(r.getMessage().startsWith("registry "), r.getMessage());
  }

  @Test
  void theCommandLineFormLaysOutAndArchives() throws Exception {
    Path jar = Files.writeString(tmp.resolve("app.jar"), "jar");
    Path dist =
        PackagerMain.run(
            List.of(
                "layout",
                "--work",
                tmp.resolve("w").toString(),
                "--name",
                "greet",
                "--version",
                "2.0.0",
                "--main-class",
                "a.B",
                "--channel",
                "beta",
                jar.toString()));
    assertEquals(tmp.resolve("w/greet-2.0.0"), dist);
    assertTrue(Files.readString(dist.resolve("conf/hoist.json")).contains("\"beta\""));
    Path archive =
        PackagerMain.run(
            List.of(
                "archive",
                "--dist",
                dist.toString(),
                "--out",
                tmp.resolve("o").toString(),
                "--suffix",
                "-linux-x64",
                "--mtime",
                "0"));
    assertEquals(tmp.resolve("o/greet-2.0.0-linux-x64.tar.gz"), archive);
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> PackagerMain.run(List.of("layout", "--name")));
    assertEquals("--name needs a value", e.getMessage());
  }

  @Test
  void hoistsOwnInstallerIsTheTemplateEveryAppGets() throws Exception {
    // packaging/install.sh is committed so users can fetch it alone; it must not drift.
    assertEquals(
        Packager.installer("hoist"),
        Files.readString(Path.of("packaging/install.sh")),
        "regenerate packaging/install.sh from the plugin's install.sh template");
    Path greet = Packager.installer("greet", tmp.resolve("out"));
    String script = Files.readString(greet);
    assertTrue(Files.isExecutable(greet));
    assertTrue(script.contains("set -- update --self-install"), "installs through the app");
    assertTrue(script.contains("registry=${GREET_REGISTRY:-}"));
    assertTrue(script.contains("\"$dist/bin/greet\" \"$@\""));
    assertFalse(script.matches("(?s).*@[A-Z_]+@.*"), "a placeholder is left");
    assertFalse(script.contains("HOIST_"), "no variable of Hoist's");
  }

  private static Optional<String> none() {
    return Optional.empty();
  }

  private static Map<String, TarArchiveEntry> read(Path archive) throws IOException {
    Map<String, TarArchiveEntry> out = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) out.put(e.getName(), e);
    }
    return out;
  }

  private static String sha256(Path f) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }
}
