package dev.hoist.engine.internal.app;

import dev.hoist.engine.internal.version.Version;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The application an engine keeps up to date: its name (for messages), the launcher inside each
 * release archive, and how to ask that launcher for its version. The engine runs the version
 * command on a staged release before activating it (the smoke test) and through the active install
 * after the flip (the health check); both must report the version being installed.
 *
 * @param name what the application is called in messages, e.g. {@code hoist}
 * @param launcher the launcher's path inside an extracted release, e.g. {@code bin/hoist}
 * @param versionArgs the arguments that make the launcher print its version
 * @param versionPattern found in a line of the output; its first group (else the whole match) is
 *     the reported version
 */
public record App(String name, String launcher, List<String> versionArgs, Pattern versionPattern) {

  /**
   * Where Hoist links an npm package's {@code bin} command in each version when a descriptor names
   * no launcher: {@code .hoist/bin/<command>}, inside the directory only Hoist writes.
   */
  public static final String NPM_BIN_DIR = ".hoist/bin/";

  /** Hoist itself: {@code bin/hoist --version} prints {@code hoist <version>}. */
  public static final App HOIST =
      new App("hoist", "bin/hoist", List.of("--version"), Pattern.compile("^hoist (\\S+)$"));

  /** The pattern used when a descriptor names none: the first thing that looks like a version. */
  public static final String DEFAULT_VERSION_PATTERN =
      "(?<![\\w.])v?(\\d+\\.\\d+(?:\\.\\d+)?(?:-[0-9A-Za-z.-]+)?)";

  /**
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public App {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(launcher, "launcher");
    versionArgs = List.copyOf(versionArgs);
    Objects.requireNonNull(versionPattern, "versionPattern");
    if (name.isBlank()) throw new IllegalArgumentException("the name must not be empty");
    checkLauncher(launcher);
  }

  /**
   * The npm {@code bin} command Hoist links as this launcher ({@code .hoist/bin/<command>}, the
   * default of an {@code npm:} descriptor without one), or empty for a launcher the release has.
   */
  public Optional<String> npmCommand() {
    return launcher.startsWith(NPM_BIN_DIR)
        ? Optional.of(launcher.substring(NPM_BIN_DIR.length()))
        : Optional.empty();
  }

  /** The command the launcher is linked as on PATH: its file name, e.g. {@code greet}. */
  public String command() {
    return Path.of(launcher).getFileName().toString();
  }

  /** Compiles a version pattern, with a message fit for a user who wrote it. */
  public static Pattern pattern(String regex) {
    try {
      Pattern p = Pattern.compile(regex);
      if (p.matcher("").groupCount() > 1) {
        throw new IllegalArgumentException(
            "the version pattern '"
                + regex
                + "' has more than one group; keep one group around the version and write the"
                + " others as (?:...)");
      }
      return p;
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "the version pattern '"
              + regex
              + "' is not a valid regular expression: "
              + e.getDescription(),
          e);
    }
  }

  /**
   * A line of a version command's output that the pattern matched, and the version read from it.
   *
   * @param line the whole line, stripped
   */
  public record VersionLine(String line, String version) {}

  /**
   * The first line of {@code output} in which the version pattern is found, with the version it
   * read there: the pattern's first group, or else the whole match.
   */
  public Optional<VersionLine> versionLine(String output) {
    for (String line : (Iterable<String>) output.lines()::iterator) {
      String l = line.strip();
      Matcher m = versionPattern.matcher(l);
      if (m.find()) {
        return Optional.of(
            new VersionLine(l, m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group()));
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code reported} names {@code expected}: the same text, or (after a leading {@code v})
   * a version of the same precedence, in Maven's order when either is not a SemVer version: {@code
   * v2.0.0+abc} answers for {@code 2.0.0}, Gradle's {@code 8.10} for {@code 8.10.0}, and {@code
   * 1.1.0} for a Maven registry's {@code 1.1}.
   */
  public static boolean sameVersion(String reported, String expected) {
    if (reported.equals(expected)) return true;
    String r =
        reported.startsWith("v") || reported.startsWith("V") ? reported.substring(1) : reported;
    Optional<Version> e = Version.readAny(expected);
    if (e.isEmpty()) return false;
    Optional<Version> v = Version.readAny(r).or(() -> Version.lenient(r));
    return v.filter(x -> x.samePrecedence(e.get())).isPresent();
  }

  /** The command line that asks the launcher of the install at {@code root} for its version. */
  public List<String> versionCommand(Path root) {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(root.resolve(launcher).toString());
    cmd.addAll(versionArgs);
    return cmd;
  }

  /** How the version command reads, for messages: {@code bin/tool --version}. */
  public String describeVersionCommand() {
    return String.join(" ", versionCommand(Path.of(""))).strip();
  }

  private static void checkLauncher(String launcher) {
    Path p = Path.of(launcher);
    if (launcher.isBlank()
        || p.isAbsolute()
        || launcher.contains("\\")
        || !p.normalize().equals(p)
        || p.startsWith("..")
        || launcher.endsWith("/")) {
      throw new IllegalArgumentException(
          "the launcher '"
              + launcher
              + "' must be a relative path inside the release, such as bin/tool");
    }
  }
}
