package dev.hoist.picocli.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Hoist reads from the process environment, captured once in the entry point ({@code
 * dev.hoist.cli.Main} for hoist): environment variables, the install directory the launcher passed,
 * and the few system properties used.
 *
 * @param variables the environment variables
 * @param installDir the directory of the running distribution ({@code -Dhoist.install.dir}, set by
 *     {@code bin/hoist}); empty for a development build
 * @param userHome the user's home directory
 * @param osName {@code os.name}
 * @param osArch {@code os.arch}
 * @param javaHome {@code java.home} of the running JVM
 * @param interactive true when a person is at a terminal: stderr is one (where progress, prompts
 *     and notices go; stdout may be piped to a file or {@code jq})
 * @param prefix what the running app's own variables start with: {@code HOIST} for {@code
 *     HOIST_HOME}, {@code GREET} for an app named greet ({@link #prefixOf})
 */
public record Environment(
    Map<String, String> variables,
    Optional<Path> installDir,
    Path userHome,
    String osName,
    String osArch,
    Path javaHome,
    boolean interactive,
    String prefix) {

  /**
   * This process's environment: its variables, {@code -Dhoist.install.dir} (set by the launcher),
   * the user's home from {@code $HOME}, the OS, the JVM and whether stderr is a terminal. Read only
   * by the entry points: {@code Main} and {@link dev.hoist.picocli.UpdateCommand}.
   *
   * @throws IllegalArgumentException when {@code HOME} is unset, blank or relative: every default
   *     path comes from it, and Java's {@code user.home} (from the password file, blind to {@code
   *     $HOME}) would send a run with a changed {@code HOME} to another user's files
   */
  public static Environment capture() {
    Map<String, String> variables = System.getenv();
    String installDir = System.getProperty("hoist.install.dir");
    return new Environment(
        variables,
        Optional.ofNullable(installDir).filter(s -> !s.isBlank()).map(Path::of),
        home(variables.get("HOME")),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        Path.of(System.getProperty("java.home")),
        ProgressBar.Terminal.stderrIsTerminal());
  }

  /** The user's home as {@code HOME} gives it. */
  public static Path home(String home) {
    if (home == null || home.isBlank()) {
      throw new IllegalArgumentException(
          "HOME is not set (Hoist's default paths, ~/.local/bin and ~/.local/share, come from"
              + " it: set HOME to your home directory)");
    }
    Path p = Path.of(home);
    if (!p.isAbsolute()) {
      throw new IllegalArgumentException(
          "HOME is not an absolute path: '" + home + "' (set HOME to your home directory)");
    }
    return p;
  }

  /** Hoist's own prefix. */
  public static final String HOIST = "HOIST";

  public Environment {
    variables = Map.copyOf(variables);
    if (!prefix.matches("[A-Z][A-Z0-9_]*")) throw new IllegalArgumentException("prefix " + prefix);
  }

  /** The environment of Hoist itself, whose variables start with {@code HOIST_}. */
  public Environment(
      Map<String, String> variables,
      Optional<Path> installDir,
      Path userHome,
      String osName,
      String osArch,
      Path javaHome,
      boolean interactive) {
    this(variables, installDir, userHome, osName, osArch, javaHome, interactive, HOIST);
  }

  /**
   * The variable prefix of an app: its name in upper case, every character that cannot be in a
   * shell variable name made {@code _} ({@code my-tool} reads {@code MY_TOOL_HOME}).
   */
  public static String prefixOf(String appName) {
    // By hand, not with a regex: this runs on the quick no-op path, before anything else.
    char[] c = appName.toUpperCase(java.util.Locale.ROOT).toCharArray();
    for (int i = 0; i < c.length; i++) {
      if (!((c[i] >= 'A' && c[i] <= 'Z') || (c[i] >= '0' && c[i] <= '9'))) c[i] = '_';
    }
    String p = new String(c);
    return p.isEmpty() || !Character.isLetter(p.charAt(0)) ? "APP_" + p : p;
  }

  /** The full name of the app's own variable {@code suffix}, e.g. {@code HOIST_HOME}. */
  public String name(String suffix) {
    return prefix + "_" + suffix;
  }

  /** The app's own variable {@code suffix} ({@link #name}), empty when unset or blank. */
  public Optional<String> app(String suffix) {
    return get(name(suffix));
  }

  /** The same environment for the app whose variables start with {@code p}. */
  public Environment withPrefix(String p) {
    return new Environment(
        variables, installDir, userHome, osName, osArch, javaHome, interactive, p);
  }

  /** The variable's value, empty when unset or blank. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
  }

  public Environment withVariable(String name, String value) {
    var copy = new java.util.HashMap<>(variables);
    copy.put(name, value);
    return new Environment(
        copy, installDir, userHome, osName, osArch, javaHome, interactive, prefix);
  }

  public Environment withInstallDir(Path dir) {
    return new Environment(
        variables,
        Optional.ofNullable(dir),
        userHome,
        osName,
        osArch,
        javaHome,
        interactive,
        prefix);
  }
}
