package dev.hoist.cli;

import dev.hoist.engine.PublisherKeys;
import dev.hoist.engine.internal.registry.backend.Backends;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Settings;
import dev.hoist.picocli.internal.TrustSettings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code registry} part of {@code hoist status}: the configured registry setting, the backend
 * it selects and the trust level that applies to what it downloads. Contacts nothing.
 */
final class RegistryStatus {
  private RegistryStatus() {}

  /**
   * {@code {"setting": ..., "backend": ..., "trust": ...}}; null when no registry is configured,
   * and {@code {"error": ...}} when the setting is malformed.
   */
  static Map<String, Object> of(Context context) {
    Optional<URI> registry;
    Map<String, Object> m = new LinkedHashMap<>();
    try {
      registry =
          Settings.resolve(context.env(), context.home(), Optional.empty(), Optional.empty())
              .registry();
    } catch (Settings.BadSetting e) {
      m.put("error", e.getMessage());
      return m;
    }
    if (registry.isEmpty()) return null;
    return describe(registry.get(), () -> TrustSettings.resolve(context.env(), context.home()));
  }

  /** The same for a registry whose publisher keys are {@code keys}. */
  static Map<String, Object> describe(URI registry, Supplier<PublisherKeys> keys) {
    Map<String, Object> m = new LinkedHashMap<>();
    String backend = Backends.kind(registry);
    m.put("setting", registry.toString());
    m.put("backend", backend);
    m.put("trust", trust(keys, registry, backend));
    return m;
  }

  /** With publisher keys, a manifest is signature-checked and any other backend is refused. */
  private static String trust(Supplier<PublisherKeys> keys, URI registry, String backend) {
    boolean signed;
    try {
      signed = !keys.get().isEmpty();
    } catch (TrustSettings.BadTrustConfig e) {
      return "none (broken trust configuration: " + e.getMessage() + ")";
    }
    if (!signed) return Backends.trust(registry);
    return backend.equals("manifest")
        ? "signed manifest (Ed25519), then checksums from manifest (sha256)"
        : "refused: publisher keys are configured and a "
            + backend
            + " registry cannot carry a"
            + " signature";
  }
}
