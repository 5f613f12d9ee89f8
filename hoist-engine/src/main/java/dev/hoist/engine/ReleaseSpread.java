package dev.hoist.engine;

import dev.hoist.engine.internal.auto.InstallId;
import dev.hoist.engine.internal.auto.Rollout;
import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.json.JsonTree;
import dev.hoist.engine.internal.registry.RegistryClient.Validators;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The release spread of unattended runs: a changed manifest is taken up (its signature fetched, its
 * release installed) only from this install's own moment within the spread after it first saw it,
 * so that a million installs do not all fetch the signature and the archive in the hours after a
 * release (docs/benchmarks.md, the fleet). The moment is {@code bucket × spread / 100}, the bucket
 * {@link Rollout#bucket} of the install id and the manifest's SHA-256: another share of installs
 * goes first for every manifest. A person's run takes a new manifest at once.
 *
 * <p>Until then the manifest's bytes wait unread in {@code state/held-manifest.json}, with their
 * validators, first sight and SHA-256 in {@code state/held.json}; the next checks ask with those
 * validators (an unchanged registry still costs one 304) and answer from the verified cache. Held
 * bytes get no trust: they are checked against their recorded SHA-256 when read back, and verified
 * and parsed only when taken, exactly as a fresh download would be.
 */
final class ReleaseSpread {
  static final String HELD = "held.json";
  static final String HELD_BYTES = "held-manifest.json";

  private final Path stateDir;
  private final Duration spread;
  private final Clock clock;

  ReleaseSpread(Path stateDir, Duration spread, Clock clock) {
    this.stateDir = stateDir;
    this.spread = spread;
    this.clock = clock;
  }

  boolean applies() {
    return !spread.isZero() && !spread.isNegative();
  }

  /**
   * A manifest held back: its bytes, the validators it came with, when it was first seen, and when
   * the first of the manifests held one after the other (each replacing the last) was.
   */
  record Held(byte[] bytes, Validators validators, Instant since, Instant chainSince) {}

  /** The manifest held back for {@code registry}, if there is one and it reads back intact. */
  Optional<Held> held(URI registry) {
    try {
      Map<String, Object> rec =
          JsonTree.readObject(Files.readAllBytes(stateDir.resolve(HELD))).orElse(Map.of());
      byte[] bytes = Files.readAllBytes(stateDir.resolve(HELD_BYTES));
      if (!registry.toString().equals(rec.get("url"))
          || !(rec.get("sha256") instanceof String sha)
          || !sha.equals(Digest.sha256Hex(bytes))
          || !(rec.get("since") instanceof String since)) {
        clear();
        return Optional.empty();
      }
      Instant first = Instant.parse(since);
      Instant chain = rec.get("chainSince") instanceof String c ? Instant.parse(c) : first;
      return Optional.of(
          new Held(
              bytes,
              new Validators(JsonTree.string(rec, "etag"), JsonTree.string(rec, "lastModified")),
              first,
              chain));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | DateTimeParseException e) {
      clear();
      return Optional.empty();
    }
  }

  /**
   * Whether a changed manifest, first seen at {@code since}, is still to wait; if so it is held
   * (written unless already held). Its moment is {@code since + bucket × spread / 100}, but never
   * later than two spreads after {@code chainSince}, the first sighting of the manifests held one
   * after the other: a publisher releasing every few hours cannot keep an install waiting. A
   * sighting in the future (a clock that was ahead and has been set back) counts as now. False when
   * the moment has come, or when this install has no id to place it in the spread (then it is taken
   * at once, as before the spread existed).
   */
  boolean hold(
      URI registry, byte[] bytes, Validators validators, Instant since, Instant chainSince) {
    if (!applies()) return false;
    Instant now = clock.instant();
    boolean skewed = since.isAfter(now) || chainSince.isAfter(now);
    if (since.isAfter(now)) since = now;
    if (chainSince.isAfter(now)) chainSince = now;
    String sha = Digest.sha256Hex(bytes);
    Instant due;
    try {
      int bucket = Rollout.bucket(InstallId.of(stateDir), "manifest:" + sha);
      due = since.plus(spread.multipliedBy(bucket).dividedBy(100));
    } catch (IOException e) {
      return false;
    }
    Instant latest = chainSince.plus(spread.multipliedBy(2));
    if (due.isAfter(latest)) due = latest;
    if (!now.isBefore(due)) return false;
    try {
      Optional<Held> already = held(registry);
      if (skewed || already.isEmpty() || !Digest.sha256Hex(already.get().bytes()).equals(sha)) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("url", registry.toString());
        validators.etag().ifPresent(v -> rec.put("etag", v));
        validators.lastModified().ifPresent(v -> rec.put("lastModified", v));
        rec.put("since", since.toString());
        rec.put("chainSince", chainSince.toString());
        rec.put("sha256", sha);
        rec.put("due", due.toString()); // for people reading the file; not read back
        Durable.writeAtomically(stateDir.resolve(HELD_BYTES), bytes);
        Durable.writeAtomically(stateDir.resolve(HELD), JsonTree.write(rec));
      }
      return true;
    } catch (IOException e) {
      return false; // nowhere to keep it: take it now rather than fetch it again every time
    }
  }

  /** Forgets the held manifest: it was taken, or a newer one replaced it. */
  void clear() {
    forget(stateDir);
  }

  /** Forgets what {@code stateDir} holds back, if anything: a run took a manifest. */
  static void forget(Path stateDir) {
    try {
      Files.deleteIfExists(stateDir.resolve(HELD));
      Files.deleteIfExists(stateDir.resolve(HELD_BYTES));
    } catch (IOException e) {
      // A stale one is dropped when read back: its SHA-256 or URL no longer fits.
    }
  }
}
