package dev.hoist.picocli.internal;

import dev.hoist.engine.UpdateEngine;
import dev.hoist.engine.internal.json.JsonTree;
import dev.hoist.engine.internal.registry.ReleaseSelector;
import dev.hoist.engine.internal.registry.backend.Backends;
import dev.hoist.engine.internal.registry.backend.RegistrySpec;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the registry and channel come from, in order of precedence (DESIGN §5): a flag, then {@code
 * HOIST_REGISTRY} / {@code HOIST_CHANNEL}, then the user's {@code $HOIST_HOME/config.json}, then
 * the distribution's {@code conf/hoist.json} baked in at build time.
 *
 * @param registry the manifest URL or registry backend setting (docs/registries.md), if configured
 * @param channel the channel to follow
 * @param checkInterval the least time between unattended checks ({@code HOIST_CHECK_INTERVAL}, then
 *     {@code checkInterval} in a config file, e.g. {@code "5m"}: a second or more, or {@code "0s"}
 *     to check every time), if configured
 * @param releaseSpread the window over which unattended runs take up a new release ({@code
 *     HOIST_RELEASE_SPREAD}, then {@code releaseSpread}, e.g. {@code "6h"}; {@code "0s"}: at once),
 *     if configured
 */
public record Settings(
    Optional<URI> registry,
    String channel,
    Optional<Duration> checkInterval,
    Optional<Duration> releaseSpread) {

  /** How unattended runs are paced: the engine settings that come from the user's settings. */
  public record Pacing(Duration checkInterval, Duration releaseSpread) {
    public static final Pacing DEFAULT =
        new Pacing(UpdateEngine.DEFAULT_CHECK_INTERVAL, UpdateEngine.DEFAULT_RELEASE_SPREAD);

    /** Applies it to an engine being built. */
    public UpdateEngine.Builder applyTo(UpdateEngine.Builder b) {
      return b.checkInterval(checkInterval).releaseSpread(releaseSpread);
    }
  }

  /** These settings' pacing, the defaults where none is set. */
  public Pacing pacing() {
    return new Pacing(
        checkInterval.orElse(UpdateEngine.DEFAULT_CHECK_INTERVAL),
        releaseSpread.orElse(UpdateEngine.DEFAULT_RELEASE_SPREAD));
  }

  /** Reads the settings once, on first use, for the run's registry, channel and engine. */
  public static final class Once {
    private final Environment env;
    private final Optional<Path> home;
    private Settings settings;

    public Once(Environment env, Optional<Path> home) {
      this.env = env;
      this.home = home;
    }

    public synchronized Settings get() throws BadSetting {
      if (settings == null) settings = resolve(env, home, Optional.empty(), Optional.empty());
      return settings;
    }
  }

  public static Settings resolve(
      Environment env,
      Optional<Path> home,
      Optional<String> flagRegistry,
      Optional<String> flagChannel)
      throws BadSetting {
    List<Map<String, Object>> files = new ArrayList<>();
    if (home.isPresent()) read(home.get().resolve("config.json")).ifPresent(files::add);
    if (env.installDir().isPresent()) {
      read(env.installDir().get().resolve("conf/hoist.json")).ifPresent(files::add);
    }
    Optional<String> registry =
        flagRegistry.or(() -> env.app("REGISTRY")).or(() -> fromFiles(files, "registry"));
    String channel =
        flagChannel
            .or(() -> env.app("CHANNEL"))
            .or(() -> fromFiles(files, "channel"))
            .orElse(ReleaseSelector.DEFAULT_CHANNEL);
    return new Settings(
        registry.isPresent() ? Optional.of(toUri(registry.get())) : Optional.empty(),
        channel,
        duration(env, files, "CHECK_INTERVAL", "checkInterval"),
        duration(env, files, "RELEASE_SPREAD", "releaseSpread"));
  }

  /** A duration setting: the variable {@code <PREFIX>_<suffix>}, else {@code key} in a file. */
  private static Optional<Duration> duration(
      Environment env, List<Map<String, Object>> files, String suffix, String key)
      throws BadSetting {
    Optional<String> value = env.app(suffix).or(() -> fromFiles(files, key));
    if (value.isEmpty()) return Optional.empty();
    try {
      return Optional.of(interval(value.get()));
    } catch (IllegalArgumentException e) {
      // From a config file it passed the check of read(): the variable is what is wrong.
      throw new BadSetting(env.name(suffix) + ": " + e.getMessage());
    }
  }

  /** A malformed setting, reported as a usage error. */
  public static final class BadSetting extends Exception {
    private static final long serialVersionUID = 1L;

    BadSetting(String message) {
      super(message);
    }
  }

  /**
   * Accepts a URL, or a local path (made a {@code file:} URL) so that {@code --registry
   * ./manifest.json} works.
   */
  public static URI toUri(String value) throws BadSetting {
    String v = value.strip();
    if (v.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !v.matches("^[a-zA-Z]:\\\\.*")) {
      try {
        URI uri = new URI(v);
        if (RegistrySpec.names(uri)) return backend(uri, value);
        if (uri.getScheme().equals("file") || uri.getHost() != null) return uri;
      } catch (URISyntaxException e) {
        throw new BadSetting("invalid registry URL '" + value + "': " + e.getReason());
      }
      throw new BadSetting("invalid registry URL '" + value + "': it names no host");
    }
    return Path.of(v).toAbsolutePath().normalize().toUri();
  }

  /** A backend setting ({@code npm:}, {@code maven:}, {@code github:}), checked offline. */
  private static URI backend(URI uri, String value) throws BadSetting {
    try {
      Backends.validate(uri);
      return uri;
    } catch (IllegalArgumentException e) {
      throw new BadSetting("invalid registry '" + value + "': " + e.getMessage());
    }
  }

  private static Optional<String> fromFiles(List<Map<String, Object>> files, String key) {
    for (Map<String, Object> f : files) {
      if (f.get(key) instanceof String v && !v.isBlank()) return Optional.of(v);
    }
    return Optional.empty();
  }

  /**
   * A config file's object, empty when the file does not exist. Read with jackson-core alone
   * ({@link JsonTree}): every {@code hoist update} reads the distribution's {@code
   * conf/hoist.json}.
   */
  public static Optional<Map<String, Object>> read(Path file) throws BadSetting {
    if (!Files.isRegularFile(file)) return Optional.empty();
    Optional<Map<String, Object>> n;
    try {
      n = JsonTree.readObject(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new BadSetting(
          file + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (n.isEmpty()) throw new BadSetting(file + " must hold a JSON object");
    check(file, n.get());
    return n;
  }

  /**
   * A check interval as a setting gives it: {@code 0s} (check every time) or a second or more. A
   * negative one made the engine refuse to start on every run, and one under a millisecond divided
   * by zero in every unattended run; under a second, it is a typo for something else.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code value}
   */
  static Duration interval(String value) {
    Duration d;
    try {
      d = Durations.parse(value);
    } catch (picocli.CommandLine.TypeConversionException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    String form = "write 0s to check every time, or e.g. 30s, 5m or 1h";
    if (d.isNegative()) {
      throw new IllegalArgumentException("'" + value + "' is negative; " + form);
    }
    if (!d.isZero() && d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("'" + value + "' is under a second; " + form);
    }
    return d;
  }

  private static boolean isInterval(String text) {
    try {
      interval(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The JSON type a config key must have, as a message says it. */
  private enum Kind {
    STRING("a string"),
    INTERVAL("a duration of 1s or more such as \"5m\" or \"1h30m\", or \"0s\""),
    BOOLEAN("true or false"),
    AUTO_UPDATE("true, false or \"check-only\""),
    OBJECT("an object");

    private final String said;

    Kind(String said) {
      this.said = said;
    }

    boolean fits(Object v) {
      return switch (this) {
        case STRING -> v instanceof String text && !text.isBlank();
        case AUTO_UPDATE -> v instanceof Boolean || AutoPolicy.CHECK_ONLY.equals(v);
        case INTERVAL -> v instanceof String text && isInterval(text);
        case BOOLEAN -> v instanceof Boolean;
        case OBJECT -> v instanceof Map<?, ?>;
      };
    }
  }

  /** The keys a config file may hold, with the JSON type each must have. */
  private static final Map<String, Kind> KEYS =
      new java.util.TreeMap<>(
          Map.of(
              "registry", Kind.STRING,
              "channel", Kind.STRING,
              "trustedKeys", Kind.STRING,
              "autoUpdate", Kind.AUTO_UPDATE,
              "autoUpdateInCI", Kind.BOOLEAN,
              "checkInterval", Kind.INTERVAL,
              "releaseSpread", Kind.INTERVAL,
              "app", Kind.OBJECT));

  /**
   * Refuses a key no reader knows (a typo would otherwise be ignored in silence: {@code
   * "autoupdate": false} would leave updates on) and a value of the wrong type, naming the file,
   * the key and what was expected.
   */
  private static void check(Path file, Map<String, Object> config) throws BadSetting {
    for (Map.Entry<String, Object> e : config.entrySet()) {
      String key = e.getKey();
      Kind type = KEYS.get(key);
      if (type == null) {
        String near = dev.hoist.engine.internal.failure.Suggestions.didYouMean(key, KEYS.keySet());
        throw new BadSetting(
            file
                + ": unknown key \""
                + key
                + "\" ("
                + near
                + "known: "
                + String.join(", ", KEYS.keySet())
                + ")");
      }
      Object v = e.getValue();
      boolean ok = type.fits(v);
      if (!ok) {
        throw new BadSetting(
            file + ": \"" + key + "\" must be " + type.said + ", not " + describe(v));
      }
    }
  }

  private static String describe(Object v) {
    if (v instanceof String text) return "\"" + text + "\"";
    if (v instanceof Map<?, ?>) return "an object";
    if (v instanceof List<?>) return "an array";
    return String.valueOf(v);
  }
}
