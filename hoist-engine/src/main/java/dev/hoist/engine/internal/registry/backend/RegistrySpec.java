package dev.hoist.engine.internal.registry.backend;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A registry setting that names a backend rather than a manifest URL: {@code
 * <kind>:<coordinates>[?<option>=<value>&...]}, for example {@code npm:@scope/tool}, {@code
 * maven:org.example:tool:linux-x64:tar.gz?repository=https://mirror.example/maven2} or {@code
 * github:owner/repo?api=https://ghe.example/api/v3}. See docs/registries.md.
 *
 * @param kind {@code npm}, {@code maven} or {@code github}
 * @param coordinates what follows the kind, before any {@code ?}
 * @param options the options after {@code ?}, in order
 */
public record RegistrySpec(String kind, String coordinates, Map<String, String> options) {
  /** The kinds this client knows. */
  public static final List<String> KINDS = List.of("npm", "maven", "github");

  public RegistrySpec {
    options = Map.copyOf(options);
  }

  /** True when {@code uri}'s scheme names a backend (not a manifest URL). */
  public static boolean names(URI uri) {
    return uri.getScheme() != null && KINDS.contains(uri.getScheme().toLowerCase(Locale.ROOT));
  }

  /**
   * Parses a backend setting.
   *
   * @throws IllegalArgumentException naming what is wrong, when {@code uri} is not a valid backend
   *     setting
   */
  public static RegistrySpec parse(URI uri) {
    if (!names(uri)) {
      throw new IllegalArgumentException("'" + uri + "' does not name a registry backend");
    }
    String kind = uri.getScheme().toLowerCase(Locale.ROOT);
    String rest = uri.getRawSchemeSpecificPart();
    if (uri.getRawFragment() != null) rest += "#" + uri.getRawFragment();
    int q = rest.indexOf('?');
    String coordinates = q < 0 ? rest : rest.substring(0, q);
    Map<String, String> options = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : rest.substring(q + 1).split("&")) {
        if (pair.isEmpty()) continue;
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "option '" + pair + "' in '" + uri + "' must be written name=value");
        }
        options.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    if (coordinates.isBlank()) {
      throw new IllegalArgumentException("'" + uri + "' names no " + kind + " package");
    }
    return new RegistrySpec(kind, coordinates.strip(), options);
  }

  /**
   * The base URL given by option {@code name}, else {@code fallback}; always ends with {@code /} so
   * that relative paths resolve beneath it.
   *
   * @throws IllegalArgumentException when the option is not an absolute URL
   */
  public URI base(String name, String fallback) {
    String v = Optional.ofNullable(options.get(name)).orElse(fallback);
    if (!v.endsWith("/")) v += "/";
    try {
      URI uri = new URI(v);
      if (!uri.isAbsolute() || uri.isOpaque()) throw new URISyntaxException(v, "not absolute");
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "option " + name + "=" + v + " must be an absolute URL such as " + fallback);
    }
  }

  /** Refuses options this backend does not know, so that a typo is not silently ignored. */
  void allowOptions(String... known) {
    for (String name : options.keySet()) {
      if (!List.of(known).contains(name)) {
        throw new IllegalArgumentException(
            "unknown option '"
                + name
                + "' for a "
                + kind
                + " registry (known: "
                + String.join(", ", known)
                + ")");
      }
    }
  }
}
