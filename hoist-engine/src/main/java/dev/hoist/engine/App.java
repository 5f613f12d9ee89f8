package dev.hoist.engine;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The application an engine keeps up to date: its name (for messages and its home's marker), the
 * launcher inside each release archive, and how to ask that launcher for its version. The engine
 * runs the version command on a staged release before activating it (the smoke test) and through
 * the active install after the flip (the health check); both must report the version being
 * installed.
 *
 * <pre>{@code
 * App greet = new App("greet", "bin/greet", List.of("--version"), App.pattern("^greet (\\S+)$"));
 * }</pre>
 *
 * @param name what the application is called, e.g. {@code greet}
 * @param launcher the launcher's path inside an extracted release, e.g. {@code bin/greet}
 * @param versionArgs the arguments that make the launcher print its version
 * @param versionPattern found in a line of the output; its first group (else the whole match) is
 *     the reported version
 */
public record App(String name, String launcher, List<String> versionArgs, Pattern versionPattern) {

  /** Hoist itself: {@code bin/hoist --version} prints {@code hoist <version>}. */
  public static final App HOIST = of(dev.hoist.engine.internal.app.App.HOIST);

  /**
   * @throws IllegalArgumentException naming the field that is wrong: an empty name, or a launcher
   *     that is not a relative path inside the release
   */
  public App {
    versionArgs = List.copyOf(versionArgs);
    new dev.hoist.engine.internal.app.App(name, launcher, versionArgs, versionPattern);
  }

  /**
   * Compiles a version pattern, with a message fit for a user who wrote it.
   *
   * @throws IllegalArgumentException when it is not a regular expression or has more than one group
   */
  public static Pattern pattern(String regex) {
    return dev.hoist.engine.internal.app.App.pattern(regex);
  }

  static App of(dev.hoist.engine.internal.app.App a) {
    return new App(a.name(), a.launcher(), a.versionArgs(), a.versionPattern());
  }

  dev.hoist.engine.internal.app.App internal() {
    return new dev.hoist.engine.internal.app.App(name, launcher, versionArgs, versionPattern);
  }
}
