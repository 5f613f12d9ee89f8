package dev.hoist.engine.internal.install;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.io.Executables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Installs a staged npm package's {@code dependencies} with the machine's own npm, in the staging
 * directory, before the smoke test: the safe {@code npm install -g}. npm resolves, downloads and
 * verifies the dependencies against the package's shrinkwrap or the registry as it always does,
 * with the user's own {@code .npmrc} (registry, proxy, credentials); Hoist never reimplements that.
 * What Hoist adds is where and when: under the update lock, into a staged copy that only becomes
 * the install by the atomic flip once its smoke test passed, so racing runs install once and a kill
 * during npm's step leaves the old version on PATH (the sweep removes the half-filled staging).
 *
 * <p>Two steps, both with {@code --omit=dev --no-audit --no-fund --no-update-notifier}: {@code npm
 * install --ignore-scripts}, then, unless scripts are turned off, {@code npm rebuild}, which runs
 * the install scripts ({@code preinstall}, {@code install}, {@code postinstall}) of the package and
 * of its dependencies, as {@code npm install -g} runs them. One {@code npm install} with scripts
 * would also run the package's {@code prepare}, as in a development checkout (cowsay 1.5.0's runs
 * rollup, which it does not ship, and fails). Afterwards every name in {@code dependencies} must be
 * in {@code node_modules/}; a package npm could not place (a platform package it would not pick,
 * say) fails here, naming it, not later in the smoke test.
 */
public final class NpmDependencies {
  static final int QUOTED_LINES = 3;
  private static final int MAX_OUTPUT = 256 * 1024;

  /**
   * How dependencies are installed.
   *
   * @param scripts whether npm runs the packages' install scripts (npm's default: yes)
   * @param timeout how long npm may take
   * @param npm the npm to run; empty to look for {@code npm} on {@code PATH}
   */
  public record Settings(boolean scripts, Duration timeout, Optional<Path> npm) {
    public static Settings defaults() {
      return new Settings(true, Duration.ofMinutes(10), Optional.empty());
    }
  }

  private final Settings settings;
  private final Map<String, String> environment;

  /**
   * @param environment variables to set for npm over this process's own (and to look for npm in,
   *     when it sets {@code PATH})
   */
  public NpmDependencies(Settings settings, Map<String, String> environment) {
    this.settings = settings;
    // What a child would inherit (ProcessBuilder's copy of this process's environment), plus ours.
    Map<String, String> merged = new ProcessBuilder().environment();
    merged.putAll(environment);
    this.environment = Map.copyOf(merged);
  }

  /** The install scripts npm install -g runs for a package. */
  private static final List<String> INSTALL_SCRIPTS =
      List.of("preinstall", "install", "postinstall");

  /** The names in the package's {@code dependencies}, in the order written. */
  public static List<String> declared(Path root) throws UpdateException {
    return names(NpmPackage.packageJson(root).get("dependencies"));
  }

  /**
   * Whether the package needs npm at all: it has {@code dependencies}, {@code optionalDependencies}
   * (esbuild's build for each platform, of which npm picks this one) or an install script.
   */
  public static boolean needed(Path root) throws UpdateException {
    return needed(NpmPackage.packageJson(root));
  }

  private static boolean needed(Map<String, Object> pkg) {
    if (!names(pkg.get("dependencies")).isEmpty()) return true;
    if (!names(pkg.get("optionalDependencies")).isEmpty()) return true;
    return pkg.get("scripts") instanceof Map<?, ?> scripts
        && INSTALL_SCRIPTS.stream().anyMatch(scripts::containsKey);
  }

  /** A step that announces npm's work and may stop the run there (an interrupt). */
  @FunctionalInterface
  public interface Announce {
    void run() throws UpdateException;
  }

  /**
   * Makes the staged package at {@code root} what {@code npm install -g} leaves: its bin files
   * executable, its dependencies installed when it needs npm ({@code beforeNpm} announcing that
   * first), and {@code command}, if given, linked at {@code .hoist/bin/}.
   */
  public void prepare(Path root, Optional<String> command, Path log, Announce beforeNpm)
      throws UpdateException {
    NpmPackage.markBinsExecutable(root);
    Map<String, Object> pkg = NpmPackage.packageJson(root);
    if (needed(pkg)) {
      beforeNpm.run();
      runNpm(root, log, names(pkg.get("dependencies")));
    }
    if (command.isPresent()) NpmPackage.linkLauncher(root, command.get());
  }

  private static List<String> names(Object deps) {
    List<String> names = new ArrayList<>();
    if (deps instanceof Map<?, ?> map) {
      for (Object k : map.keySet()) names.add((String) k);
    }
    return names;
  }

  /**
   * Installs the dependencies of the package at {@code root}, if it declares any, npm's output
   * going to {@code log} (in staging, removed with it).
   *
   * @return the dependencies installed (npm is not run for a package that has no dependencies,
   *     optional ones or install scripts)
   * @throws UpdateException {@code DEPENDENCIES_FAILED} when no npm is found, npm fails, times out
   *     or leaves a dependency out; {@code INTERRUPTED} when interrupted
   */
  public List<String> install(Path root, Path log) throws UpdateException {
    Map<String, Object> pkg = NpmPackage.packageJson(root);
    List<String> names = names(pkg.get("dependencies"));
    return needed(pkg) ? runNpm(root, log, names) : names;
  }

  private List<String> runNpm(Path root, Path log, List<String> names) throws UpdateException {
    Path npm =
        settings
            .npm()
            .or(() -> Executables.onPath("npm", environment.get("PATH")))
            .orElseThrow(
                () ->
                    fail(
                        "the package needs "
                            + (names.isEmpty()
                                ? "npm to run its install scripts"
                                : "its dependencies (" + summary(names) + ") installed by npm")
                            + ", and no npm is on PATH; install Node.js with npm and run the"
                            + " update again"));
    List<String> flags = List.of("--omit=dev", "--no-audit", "--no-fund", "--no-update-notifier");
    // Scripts never run in the first step: in a package's own directory npm would also run its
    // "prepare" (a build from sources it does not ship). The second step runs the install scripts
    // npm install -g runs, the package's own and its dependencies', and never prepare.
    run(npm, root, log, "install", flags, List.of("--ignore-scripts"));
    if (settings.scripts())
      run(npm, root, log.resolveSibling("npm-rebuild.log"), "rebuild", flags, List.of());
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      Path installed = root.resolve("node_modules").resolve(name).resolve("package.json");
      if (!Files.isRegularFile(installed, LinkOption.NOFOLLOW_LINKS)) missing.add(name);
    }
    if (!missing.isEmpty()) {
      throw fail(
          "npm install finished but left out "
              + summary(missing)
              + " (a package for another platform, or one npm could not place?): "
              + lastLines(log));
    }
    return names;
  }

  /** Runs {@code npm <verb> <flags> <more>} in {@code root}; fails unless it exits 0 in time. */
  private void run(
      Path npm, Path root, Path log, String verb, List<String> flags, List<String> more)
      throws UpdateException {
    List<String> command = new ArrayList<>(List.of(npm.toString(), verb));
    command.addAll(flags);
    command.addAll(more);
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
    pb.environment().clear();
    pb.environment().putAll(environment);
    Process p;
    try {
      p = Children.start(pb, log);
    } catch (IOException e) {
      throw fail("cannot run " + npm + ": " + e.getMessage());
    }
    try {
      if (!p.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw fail(
            "npm "
                + verb
                + " did not finish within "
                + settings.timeout()
                + "; its last words: "
                + lastLines(log));
      }
      if (p.exitValue() != 0) {
        throw fail("npm " + verb + " exited " + p.exitValue() + ": " + lastLines(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpdateException(
          Reason.INTERRUPTED, "interrupted while npm installed the dependencies", e);
    } finally {
      Children.killTree(p);
    }
  }

  private static String summary(List<String> names) {
    return UpdateException.firstFew(names.stream().map(UpdateException::printable).toList());
  }

  /** The last three non-blank lines npm printed (its errors come last), quoted, or nothing. */
  static String lastLines(Path log) {
    String text;
    try (InputStream in = Files.newInputStream(log)) {
      long size = Files.size(log);
      if (size > MAX_OUTPUT) in.skipNBytes(size - MAX_OUTPUT);
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(its output cannot be read: " + e.getMessage() + ")";
    }
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (lines.isEmpty()) return "nothing";
    List<String> last = lines.subList(Math.max(0, lines.size() - QUOTED_LINES), lines.size());
    return String.join(
        " / ", last.stream().map(l -> "'" + UpdateException.printable(l) + "'").toList());
  }

  private static UpdateException fail(String message) {
    return new UpdateException(Reason.DEPENDENCIES_FAILED, message);
  }
}
