package dev.hoist.picocli.internal;

import dev.hoist.engine.HandOff;
import dev.hoist.engine.HttpConfig;
import dev.hoist.engine.UpdateEngine;
import dev.hoist.engine.internal.app.App;
import dev.hoist.engine.internal.app.AppDescriptor;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.Provenance;
import dev.hoist.engine.internal.version.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What every command receives: the captured environment, the clock, the signal guard, and the app
 * the running copy is ({@link App#HOIST} for the hoist tool, else what the distribution's {@code
 * conf/hoist.json} names); the environment's variable prefix is the app's.
 */
public record Context(Environment env, Clock clock, SignalGuard guard, App app) {

  /** The context of the hoist tool. */
  public Context(Environment env, Clock clock, SignalGuard guard) {
    this(env, clock, guard, App.HOIST);
  }

  public Context {
    String prefix = Environment.prefixOf(app.name());
    if (!prefix.equals(env.prefix())) env = env.withPrefix(prefix);
  }

  /**
   * The context of an app's own {@code update} command: the app its distribution's {@code
   * conf/hoist.json} names, else (no distribution, or none named) the app called {@code name} with
   * launcher {@code bin/<name>} answering {@code --version}.
   *
   * @throws IllegalArgumentException when {@code conf/hoist.json} names the app wrongly
   */
  public static Context ofDistribution(
      Environment env, Clock clock, SignalGuard guard, String name) {
    Optional<App> named = Optional.empty();
    if (env.installDir().isPresent()) {
      try {
        named = AppDescriptor.distributionApp(env.installDir().get().resolve("conf/hoist.json"));
      } catch (AppDescriptor.BadDescriptor e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    App app =
        named.orElseGet(
            () ->
                new App(
                    name,
                    "bin/" + name,
                    java.util.List.of("--version"),
                    App.pattern(App.DEFAULT_VERSION_PATTERN)));
    return new Context(env, clock, guard, app);
  }

  /**
   * The version of the running copy: the {@code VERSION} file of its distribution, else the jar's
   * implementation version (a development build), else {@code 0.0.0-dev}.
   */
  public String runningVersion() {
    if (env.installDir().isPresent()) {
      Path file = env.installDir().get().resolve("VERSION");
      try {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        // Fall through: a distribution without VERSION reports the build's own version.
      }
    }
    String v = Context.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.0.0-dev";
  }

  /** {@code HOIST_HOME}, when set. */
  public Optional<Path> homeOverride() {
    return env.app("HOME").map(Path::of);
  }

  /**
   * The Hoist home this copy belongs to ({@code <home>/versions/<v>}), else {@code HOIST_HOME};
   * used to find the user's config file.
   */
  public Optional<Path> home() {
    Optional<Path> fromLayout =
        env.installDir()
            .map(Path::toAbsolutePath)
            .map(Path::normalize)
            .filter(d -> d.getParent() != null && d.getParent().getFileName() != null)
            .filter(d -> d.getParent().getFileName().toString().equals("versions"))
            .map(d -> d.getParent().getParent());
    return fromLayout.or(this::homeOverride);
  }

  /**
   * The default home for {@code self install}: {@code HOIST_HOME}, else {@code
   * $XDG_DATA_HOME/hoist} or {@code ~/.local/share/hoist}; on macOS {@code ~/Library/Application
   * Support/hoist}.
   */
  public Path defaultHome() {
    return homeOverride().orElseGet(() -> dataDir(app.name()));
  }

  /** {@code name} in the user's data directory: the XDG one, or macOS's Application Support. */
  private Path dataDir(String name) {
    if (env.osName().toLowerCase(java.util.Locale.ROOT).startsWith("mac")) {
      return env.userHome().resolve("Library/Application Support").resolve(name);
    }
    return env.get("XDG_DATA_HOME")
        .map(Path::of)
        .orElse(env.userHome().resolve(".local/share"))
        .resolve(name);
  }

  /**
   * {@code $XDG_DATA_HOME}, else {@code ~/.local/share}, on every system: where shells and {@code
   * man} look for a user's completions and man pages (macOS's tools look there too).
   */
  public Path xdgDataHome() {
    return env.get("XDG_DATA_HOME").map(Path::of).orElse(env.userHome().resolve(".local/share"));
  }

  /** The default directory for the {@code hoist} link on PATH. */
  public Path defaultBinDir() {
    return env.userHome().resolve(".local/bin");
  }

  /**
   * The home of this self-managed copy, else {@code HOIST_HOME}: where the update log, the pause
   * sentinel and the schedule live. Empty for an unmanaged copy without {@code HOIST_HOME}.
   */
  public Optional<HoistHome> hoistHome() {
    if (Provenance.of(env.installDir(), homeOverride()) instanceof Provenance.SelfManaged m) {
      return Optional.of(m.home());
    }
    return homeOverride().map(HoistHome::new);
  }

  /**
   * The engine for this copy.
   *
   * @throws TrustSettings.BadTrustConfig when the trusted keys are misconfigured
   */
  public UpdateEngine engine() {
    return engine(HttpSettings.config(env));
  }

  /** The engine for this copy, reaching registries as {@code http} says. */
  public UpdateEngine engine(HttpConfig http) {
    return engine(http, HandOff.NONE);
  }

  /** The same, offering each install to {@code handOff} before the lock. */
  public UpdateEngine engine(HttpConfig http, HandOff handOff) {
    return engine(http, handOff, Settings.Pacing.DEFAULT);
  }

  /** The same, with the check interval and release spread the settings give. */
  public UpdateEngine engine(HttpConfig http, HandOff handOff, Settings.Pacing pacing) {
    return pacing
        .applyTo(engineBuilder(http))
        .trustedKeys(TrustSettings.resolve(env, home()))
        .handOff(handOff)
        .build();
  }

  /**
   * What every engine of this process shares: where it runs, the clock, the platform, the smoke
   * test's environment, the GitHub token and the HTTP client. Trust is added by the caller.
   */
  public UpdateEngine.Builder engineBuilder(HttpConfig http) {
    return UpdateEngine.builder()
        .app(api(app))
        .installDir(env.installDir())
        .homeOverride(homeOverride())
        .runningVersion(runningVersion())
        .clock(clock)
        .platform(env.osName(), env.osArch())
        .smokeTestEnvironment(Map.of("JAVA_HOME", env.javaHome().toString()))
        .githubToken(env.app("GITHUB_TOKEN").or(() -> env.get("GITHUB_TOKEN")))
        .http(http);
  }

  /** The engine's form of an app. */
  public static dev.hoist.engine.App api(App a) {
    return new dev.hoist.engine.App(a.name(), a.launcher(), a.versionArgs(), a.versionPattern());
  }

  public Platform platform() {
    return Platform.of(env.osName(), env.osArch());
  }

  /**
   * Where the homes of apps managed with {@code --app} live unless a descriptor names one: {@code
   * $XDG_DATA_HOME/hoist-apps} or {@code ~/.local/share/hoist-apps} (macOS: {@code
   * ~/Library/Application Support/hoist-apps}); beside Hoist's own home, never inside it.
   */
  public Path defaultAppsDir() {
    return dataDir("hoist-apps");
  }
}
