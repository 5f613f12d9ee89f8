package dev.hoist.engine;

import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.io.PrivateDirectory;
import dev.hoist.engine.internal.json.JsonTree;
import dev.hoist.engine.internal.trust.TrustedKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The highest manifest serial accepted from each registry URL and signing key ({@code
 * state/serials.json}: {@code "<url> <key fingerprint>"} or {@code "<url> unsigned"}), so that
 * checking another registry, or another key's manifests, never makes an older manifest of the first
 * acceptable again.
 */
final class Serials {
  private static final String FILE = "serials.json";

  private final Path stateDir;
  private final Map<String, Object> highest;

  private Serials(Path stateDir, Map<String, Object> highest) {
    this.stateDir = stateDir;
    this.highest = highest;
  }

  static Serials read(Path stateDir) {
    Map<String, Object> m;
    try {
      m =
          new LinkedHashMap<>(
              JsonTree.readObject(Files.readAllBytes(stateDir.resolve(FILE))).orElse(Map.of()));
    } catch (IOException e) {
      m = new LinkedHashMap<>();
    }
    return new Serials(stateDir, m);
  }

  static String key(URI registry, TrustedKeys.Key signer) {
    return registry + " " + (signer == null ? "unsigned" : signer.fingerprint());
  }

  /** The highest serial accepted under {@code key}, or -1. */
  long highest(String key) {
    return serial(highest, key);
  }

  /** Records {@code serial} under {@code key} when it is new; a read-only state dir is no error. */
  void accept(String key, long serial) {
    if (serial < 0 || serial == highest(key)) return;
    highest.put(key, serial);
    try {
      PrivateDirectory.create(stateDir);
      Durable.writeAtomically(stateDir.resolve(FILE), JsonTree.write(highest));
    } catch (IOException e) {
      // As for last-check.json: the record only protects later checks.
    }
  }

  /**
   * The highest serial accepted before under {@code key}, or -1: a number (narrowed as databind's
   * {@code asLong} did) or a string of digits; anything else counts as none.
   */
  static long serial(Map<String, Object> record, String key) {
    if (record == null) return -1;
    Object v = record.get(key);
    if (v instanceof Number n) return n.longValue();
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        return -1; // as databind's asLong(-1) for text that is not a number
      }
    }
    return -1;
  }
}
