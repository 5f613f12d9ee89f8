package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.e2e.Distributions.Duration;
import dev.hoist.e2e.Distributions.Run;
import dev.hoist.engine.testing.Releases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A registry offering real 1.0.0 and 1.1.0 distributions of an app, and a pristine home with 1.0.0
 * installed as its users install it, copied afresh for every trial so trials do not share state.
 * The app is Hoist ({@link #create}: built by {@code packaging/build.sh}, installed by {@code self
 * install}) or the example app greet ({@link #example}: built by Maven from {@code examples/greet}
 * as an outside project, installed by its {@code greet-install.sh}); the proofs that run on both
 * hold for any app the plugin packages.
 */
final class InstalledHoist {
  final String name;
  final Path registry;
  final Path manifest;

  /**
   * The same releases, 1.1.0 with its file index, blobs and delta pack from 1.0.0 for a delta
   * update, as {@code hoist release manifest} publishes them.
   */
  final Path deltaManifest;

  private final Path template;
  private final Path inPlaceTemplate; // null: the app's installer makes versioned homes only

  private InstalledHoist(
      String name, Path registry, Path manifest, Path template, Path inPlaceTemplate)
      throws IOException {
    this.name = name;
    this.registry = registry;
    this.manifest = manifest;
    Path v1 = registry.resolve(name + "-1.0.0.tar.gz");
    Path v2 = registry.resolve(name + "-1.1.0.tar.gz");
    this.deltaManifest =
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release("1.0.0", v1)
            .release("1.1.0", v2)
            .indexed(v2)
            .packedFrom("1.0.0", v1, v2)
            .writeTo(registry.resolve("manifest-delta.json"));
    this.template = template;
    this.inPlaceTemplate = inPlaceTemplate;
  }

  /**
   * Builds both releases, publishes them (stable: 1.1.0) and installs 1.0.0 into two template
   * homes, one per install strategy.
   */
  static InstalledHoist create(Path dir) throws Exception {
    Path registry = Files.createDirectories(dir.resolve("registry"));
    Path v1 = Distributions.build("1.0.0", registry);
    Path v2 = Distributions.build("1.1.0", registry);
    Path manifest =
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release("1.0.0", v1)
            .release("1.1.0", v2)
            .writeTo(registry.resolve("manifest.json"));
    Path extracted = Distributions.extract(v1, dir.resolve("download"), "1.0.0");
    Path template = selfInstall(dir, extracted, "versioned");
    Path inPlace = selfInstall(dir, extracted, "in-place");
    return new InstalledHoist("hoist", registry, manifest, template, inPlace);
  }

  /** The app by {@code name}: {@link #create} for {@code hoist}, else {@link #example}. */
  static InstalledHoist of(String name, Path dir) throws Exception {
    return name.equals("hoist") ? create(dir) : example(dir);
  }

  /**
   * greet, the example app: both releases as its CI build made them ({@code examples/greet}, built
   * twice by hoist-maven-plugin's invoker run), 1.0.0 installed with its own installer.
   */
  static InstalledHoist example(Path dir) throws Exception {
    Path built = Distributions.project().resolve("hoist-maven-plugin/target/it/greet/target");
    Path registry = Files.createDirectories(dir.resolve("registry"));
    for (String f : List.of("greet-1.0.0.tar.gz", "greet-1.1.0.tar.gz", "greet-install.sh")) {
      assertTrue(
          Files.isRegularFile(built.resolve(f)),
          built.resolve(f) + " is missing: hoist-maven-plugin's invoker run builds examples/greet");
      Files.copy(built.resolve(f), registry.resolve(f));
    }
    Path manifest =
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release("1.0.0", registry.resolve("greet-1.0.0.tar.gz"))
            .release("1.1.0", registry.resolve("greet-1.1.0.tar.gz"))
            .writeTo(registry.resolve("manifest.json"));
    Path template = dir.resolve("template-versioned");
    Run r =
        Distributions.run(
            dir,
            Map.of("HOME", Files.createDirectories(dir.resolve("user")).toString()),
            Duration.COMMAND,
            "sh",
            registry.resolve("greet-install.sh").toString(),
            "--archive",
            registry.resolve("greet-1.0.0.tar.gz").toString(),
            "--home",
            template.toString(),
            "--bin-dir",
            dir.resolve("bin-versioned").toString());
    assertEquals(0, r.code(), r.describe());
    assertTrue(r.out().contains("installed greet 1.0.0 into " + template), r.describe());
    return new InstalledHoist("greet", registry, manifest, template, null);
  }

  /** The install strategies this app's installer offers. */
  List<String> strategies() {
    return inPlaceTemplate == null ? List.of("versioned") : List.of("versioned", "in-place");
  }

  private static Path selfInstall(Path dir, Path extracted, String strategy) throws Exception {
    Path home = dir.resolve("template-" + strategy);
    Distributions.selfInstall(
        extracted, home, dir.resolve("bin-" + strategy), "--strategy", strategy);
    return home;
  }

  /** A fresh copy of the installed home at {@code home}. */
  Path freshHome(Path home) throws Exception {
    return freshHome(home, "versioned");
  }

  /** A fresh copy of the home of {@code strategy} ({@code versioned} or {@code in-place}). */
  Path freshHome(Path home, String strategy) throws Exception {
    Path from = strategy.equals("in-place") ? inPlaceTemplate : template;
    assertTrue(from != null, name + " has no " + strategy + " home");
    Run r =
        Distributions.run(
            from.getParent(),
            Map.of(),
            Duration.COMMAND,
            "cp",
            "-a",
            from.toString(),
            home.toString());
    assertEquals(0, r.code(), r.describe());
    return home;
  }

  /** The launcher a user runs: {@code <home>/current/bin/hoist}, or {@code install/} in place. */
  static String launcher(Path home) {
    return launcher(home, "hoist");
  }

  /** This app's launcher in {@code home}. */
  String launcherIn(Path home) {
    return launcher(home, name);
  }

  private static String launcher(Path home, String name) {
    boolean inPlace =
        Files.isDirectory(home.resolve("install"))
            || Files.isDirectory(home.resolve("install.backup"));
    return home.resolve((inPlace ? "install/bin/" : "current/bin/") + name).toString();
  }

  /** The app's registry, in the app's own variable ({@code HOIST_REGISTRY}, {@code GREET_...}). */
  Map<String, String> env() {
    return Map.of(
        name.toUpperCase(java.util.Locale.ROOT) + "_REGISTRY", manifest.toUri().toString());
  }

  /** {@link #env()} with the registry that offers 1.1.0 as a delta update. */
  Map<String, String> deltaEnv() {
    return Map.of(
        name.toUpperCase(java.util.Locale.ROOT) + "_REGISTRY", deltaManifest.toUri().toString());
  }

  /** {@link #assertHealthyAndClean(Path, String...)} for this app. */
  String healthyAndClean(Path home, String... versions) throws Exception {
    String running = runs(home, versions);
    assertEquals(List.of(), orphans(home), "orphans in " + home);
    return running;
  }

  /** {@link #assertRuns(Path, String...)} for this app. */
  String runs(Path home, String... versions) throws Exception {
    return assertRuns(home, name, versions);
  }

  /**
   * Asserts the home is healthy and clean: {@code current} runs and answers one of {@code
   * versions}, every version directory is complete, and no staging directory, temp link, lock or
   * lock temp file is left.
   *
   * @return the version {@code hoist --version} reported
   */
  static String assertHealthyAndClean(Path home, String... versions) throws Exception {
    String running = assertRuns(home, versions);
    assertEquals(List.of(), orphans(home), "orphans in " + home);
    return running;
  }

  /** Asserts {@code current/bin/hoist --version} answers one of {@code versions}. */
  static String assertRuns(Path home, String... versions) throws Exception {
    return assertRuns(home, "hoist", versions);
  }

  private static String assertRuns(Path home, String name, String... versions) throws Exception {
    Run v = Distributions.run(home, Map.of(), Duration.COMMAND, launcher(home, name), "--version");
    assertEquals(0, v.code(), v.describe());
    String out = v.out().strip();
    assertTrue(
        Stream.of(versions).anyMatch(x -> out.equals(name + " " + x)),
        name + " --version said '" + out + "'");
    return out.substring((name + " ").length());
  }

  /** Everything a crashed run may leave behind that a healthy home does not hold. */
  static List<Path> orphans(Path home) throws IOException {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> s = Files.list(home.resolve("staging"))) {
      s.forEach(found::add);
    }
    try (Stream<Path> s = Files.list(home)) {
      s.filter(p -> p.getFileName().toString().startsWith(".current-")).forEach(found::add);
    }
    if (Files.isDirectory(home.resolve("versions"))) {
      try (Stream<Path> s = Files.list(home.resolve("versions"))) {
        s.filter(p -> !Files.exists(p.resolve(".hoist/complete.json"), LinkOption.NOFOLLOW_LINKS))
            .forEach(found::add);
      }
    }
    if (Files.exists(home.resolve("install.backup"), LinkOption.NOFOLLOW_LINKS)) {
      found.add(home.resolve("install.backup"));
    }
    try (Stream<Path> s = Files.list(home.resolve("state"))) {
      s.filter(p -> p.getFileName().toString().startsWith("update.lock")).forEach(found::add);
    }
    return found;
  }
}
