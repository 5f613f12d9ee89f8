package dev.hoist.picocli.internal;

import dev.hoist.engine.PublisherKeys;
import dev.hoist.engine.internal.json.JsonTree;
import dev.hoist.engine.internal.trust.TrustedKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which publisher keys this copy trusts, highest precedence first: {@code HOIST_TRUSTED_KEYS} (a
 * key file or a directory of {@code *.pub} files), {@code "trustedKeys"} in {@code
 * $HOIST_HOME/config.json} (the same, relative to that file), then the distribution's {@code
 * conf/keys/*.pub}, baked in by {@code packaging/build.sh --public-key}. The first source present
 * replaces the later ones; it does not add to them.
 *
 * <p>An override that names a missing path or holds no key is a configuration error, never a silent
 * fall-back to unsigned manifests: a typo must not switch signature checks off.
 */
public final class TrustSettings {
  /** The environment variable an administrator sets to replace the distribution's keys. */
  /** The suffix of the override variable, {@code HOIST_TRUSTED_KEYS} for Hoist. */
  public static final String ENV = "TRUSTED_KEYS";

  /** The directory of a distribution that holds its trusted keys. */
  public static final String DISTRIBUTION_KEYS = "conf/keys";

  private TrustSettings() {}

  /** A configuration error, reported as a usage error (exit 2) by the root command. */
  public static final class BadTrustConfig extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadTrustConfig(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The engine's keys, from the first source present; none (checksums only) without one. */
  public static PublisherKeys resolve(Environment env, Optional<Path> home) {
    return source(env, home)
        .map(s -> s.load(PublisherKeys::load, PublisherKeys::isEmpty))
        .orElse(PublisherKeys.none());
  }

  /** The same keys, for the publisher tools that verify a release themselves. */
  public static TrustedKeys resolveTrusted(Environment env, Optional<Path> home) {
    return source(env, home)
        .map(s -> s.load(TrustedKeys::load, TrustedKeys::isEmpty))
        .orElse(TrustedKeys.NONE);
  }

  /**
   * The keys an app descriptor names for its publisher's manifests, else none (checksums only).
   * Hoist's own keys never apply to another publisher's app.
   */
  public static PublisherKeys forApp(dev.hoist.engine.internal.app.AppDescriptor d) {
    return d.trustedKeys()
        .map(p -> new Source(p, d.file() + " trustedKeys", true))
        .map(s -> s.load(PublisherKeys::load, PublisherKeys::isEmpty))
        .orElse(PublisherKeys.none());
  }

  private static Optional<Source> source(Environment env, Optional<Path> home) {
    Optional<String> fromEnv = env.app(ENV);
    if (fromEnv.isPresent())
      return Optional.of(new Source(Path.of(fromEnv.get()), env.name(ENV), true));
    if (home.isPresent()) {
      Path config = home.get().resolve("config.json");
      Optional<String> fromConfig = configured(config);
      if (fromConfig.isPresent()) {
        return Optional.of(
            new Source(
                config.getParent().resolve(fromConfig.get()), config + " trustedKeys", true));
      }
    }
    if (env.installDir().isPresent()) {
      Path dir = env.installDir().get().resolve(DISTRIBUTION_KEYS);
      return Optional.of(new Source(dir, dir.toString(), false));
    }
    return Optional.empty();
  }

  /** Reads keys from a file or directory. */
  private interface Loader<T> {
    T load(Path path) throws IOException;
  }

  /**
   * Where the keys are read from.
   *
   * @param override a setting that replaces the distribution's keys: it must name keys
   */
  private record Source(Path path, String name, boolean override) {
    <T> T load(Loader<T> loader, java.util.function.Predicate<T> isEmpty) {
      if (override && !Files.exists(path)) {
        throw new BadTrustConfig(name + " names " + path + ", which does not exist", null);
      }
      T keys;
      try {
        keys = loader.load(path);
      } catch (IOException | IllegalArgumentException e) {
        throw new BadTrustConfig("cannot read trusted keys (" + name + "): " + e.getMessage(), e);
      }
      if (override && isEmpty.test(keys)) {
        throw new BadTrustConfig(
            name + " names " + path + ", which holds no *.pub key; refusing to trust nothing",
            null);
      }
      return keys;
    }
  }

  private static Optional<String> configured(Path config) {
    if (!Files.isRegularFile(config)) return Optional.empty();
    try {
      Object v =
          JsonTree.readObject(Files.readAllBytes(config))
              .map(m -> m.get("trustedKeys"))
              .orElse(null);
      return v instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    } catch (IOException e) {
      throw new BadTrustConfig(config + " is not valid JSON", e);
    }
  }
}
