package dev.hoist.engine.internal.app;

import dev.hoist.engine.internal.app.AppDescriptor.BadDescriptor;
import dev.hoist.engine.internal.version.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the fields of one app descriptor (or distribution file), with errors that name it. */
record DescriptorReader(Path file, Map<String, Object> root, Path userHome) {
  BadDescriptor bad(String what) {
    return new BadDescriptor(file + ": " + what);
  }

  Optional<String> text(String field) throws BadDescriptor {
    Object v = root.get(field);
    if (v == null) return Optional.empty();
    if (!(v instanceof String text) || text.isBlank()) {
      throw bad("\"" + field + "\" must be a non-empty string");
    }
    return Optional.of(text.strip());
  }

  List<String> strings(Object v, String field) throws BadDescriptor {
    if (!(v instanceof List<?> list)) throw bad("\"" + field + "\" must be an array of strings");
    List<String> out = new ArrayList<>();
    for (Object e : list) {
      if (!(e instanceof String text)) {
        throw bad("\"" + field + "\" must be an array of strings");
      }
      out.add(text);
    }
    return out;
  }

  /** A path field: {@code ~/} is the user's home, relative paths the descriptor's directory. */
  Optional<Path> path(String field) throws BadDescriptor {
    Optional<String> v = text(field);
    if (v.isEmpty()) return Optional.empty();
    return Optional.of(resolve(v.get()));
  }

  Path resolve(String p) {
    if (p.equals("~")) return userHome;
    if (p.startsWith("~/")) return userHome.resolve(p.substring(2)).normalize();
    return file.getParent().resolve(p).toAbsolutePath().normalize();
  }

  Map<String, String> platforms() throws BadDescriptor {
    Object v = root.get("platforms");
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) return out;
    if (!(v instanceof Map<?, ?> map)) {
      throw bad("\"platforms\" must map platforms to names, e.g. {\"linux-x64\": \"linux-amd64\"}");
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = (String) e.getKey();
      if (!key.matches("[a-z0-9_]+-[a-z0-9_]+")) {
        throw bad(
            "\"platforms\": '"
                + key
                + "' is not a platform such as linux-x64, macos-arm64 or windows-x64");
      }
      if (!(e.getValue() instanceof String name) || !name.matches("[A-Za-z0-9._-]+")) {
        throw bad("\"platforms\": the name for " + key + " must be letters, digits, . _ -");
      }
      out.put(key, name);
    }
    return out;
  }

  /**
   * Replaces the platform placeholders and makes a local path absolute. A platform the descriptor
   * does not map keeps Hoist's spelling ({@code linux-x64}, {@code linux}, {@code x64}); {@code
   * {os}} and {@code {arch}} are the two halves of the mapped name.
   */
  String registry(String value, Platform platform, Map<String, String> platforms)
      throws BadDescriptor {
    String mapped = platforms.getOrDefault(platform.id(), platform.id());
    int dash = mapped.indexOf('-');
    String os = dash < 0 ? mapped : mapped.substring(0, dash);
    String arch = dash < 0 ? platform.arch() : mapped.substring(dash + 1);
    String v = value.replace("{platform}", mapped).replace("{os}", os).replace("{arch}", arch);
    if (v.matches(".*\\{[a-z]+\\}.*")) {
      throw bad(
          "\"registry\": unknown placeholder in '" + value + "' (known: {platform}, {os}, {arch})");
    }
    boolean hasScheme = v.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    return hasScheme ? v : resolve(v).toString();
  }
}
