package dev.hoist.engine;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.io.PrivateDirectory;
import dev.hoist.engine.internal.json.JsonTree;
import dev.hoist.engine.internal.registry.Asset;
import dev.hoist.engine.internal.registry.Manifest;
import dev.hoist.engine.internal.registry.Release;
import dev.hoist.engine.internal.registry.ReleaseSelector;
import dev.hoist.engine.internal.registry.ReleaseSelector.Choice;
import dev.hoist.engine.internal.version.Platform;
import dev.hoist.engine.internal.version.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Listed is not published: resolves the channel to the newest release that can really be installed.
 * A registry's listing may name versions whose artifact for this platform, or whose checksum, was
 * never published (Maven's metadata lists versions before, or without, their artifacts). A release
 * that would be installed is made verifiable first (its backend fetches the checksum now); one that
 * cannot be is passed over for the next newest, at most {@value #MAX_PROBES} times, and said so in
 * the result's warnings. A missing artifact is remembered in {@code state/unpublished.json} for
 * {@link #RECHECK_AFTER}, so later checks skip it without asking again. A version named by {@code
 * --to} is never replaced: it fails, naming what is missing.
 */
final class Installable {
  static final int MAX_PROBES = 5;
  static final Duration RECHECK_AFTER = Duration.ofHours(6);
  private static final String FILE = "unpublished.json";

  /** The release to act on (its asset verifiable when it is wanted), and what was passed over. */
  record Resolved(Choice choice, List<String> passedOver) {}

  /** Makes a chosen asset verifiable: its backend may fetch the checksum (and probe the file). */
  interface Verifier {
    Asset verifiable(Choice choice) throws UpdateException;
  }

  private final Verifier check;
  private final Path stateDir;
  private final Clock clock;

  Installable(Verifier check, Path stateDir, Clock clock) {
    this.check = check;
    this.stateDir = stateDir;
    this.clock = clock;
  }

  /**
   * @param wanted whether a version would be installed (newer than the installed one, or the one
   *     named): only such a release is probed, so an up-to-date check asks the registry nothing
   *     more
   */
  Resolved resolve(
      Manifest manifest,
      String channel,
      Optional<Version> pinned,
      Platform platform,
      Predicate<Version> wanted)
      throws UpdateException {
    if (pinned.isPresent()) {
      Choice c = ReleaseSelector.select(manifest, channel, pinned, platform);
      if (!wanted.test(c.version())) return new Resolved(c, List.of());
      return new Resolved(verified(c), List.of());
    }
    // Up to date (the session-start no-op): nothing is probed, nothing more is read.
    Release top = ReleaseSelector.channelRelease(manifest, channel);
    if (!wanted.test(top.version())) {
      return new Resolved(new Choice(top, ReleaseSelector.asset(top, platform)), List.of());
    }
    Map<String, Object> known = load();
    Manifest m = withoutKnownUnpublished(manifest, known, platform);
    List<String> passedOver = new ArrayList<>();
    UpdateException last = null;
    for (int probes = 0; probes < MAX_PROBES; probes++) {
      Release r;
      try {
        r = ReleaseSelector.channelRelease(m, channel);
      } catch (UpdateException e) {
        if (last != null && e.reason() == Reason.NO_SUCH_VERSION) throw last;
        throw e;
      }
      boolean wantedOne = wanted.test(r.version());
      try {
        Choice c = new Choice(r, ReleaseSelector.asset(r, platform));
        return new Resolved(wantedOne ? verified(c) : c, passedOver);
      } catch (UpdateException e) {
        if (!wantedOne) throw e;
        if (e.reason() != Reason.NO_ASSET_FOR_PLATFORM && e.reason() != Reason.CHECKSUM_MISSING) {
          throw e;
        }
        last = e;
        passedOver.add("passed over " + r.version() + ": " + e.getMessage());
        if (e.reason() == Reason.NO_ASSET_FOR_PLATFORM) {
          assetUrl(r, platform).ifPresent(url -> remember(known, url));
        }
        m = without(m, r);
      }
    }
    throw last;
  }

  private Choice verified(Choice c) throws UpdateException {
    return new Choice(c.release(), check.verifiable(c));
  }

  /**
   * The archive URL of {@code r} for this platform, when it has one: a missing one is remembered by
   * it. (A release without an archive for this platform is passed over again next time, which costs
   * no request.)
   */
  private static Optional<String> assetUrl(Release r, Platform platform) {
    try {
      return Optional.of(ReleaseSelector.asset(r, platform).url());
    } catch (UpdateException e) {
      return Optional.empty();
    }
  }

  private Manifest withoutKnownUnpublished(
      Manifest manifest, Map<String, Object> known, Platform platform) {
    Manifest m = manifest;
    Instant now = clock.instant();
    for (Release r : manifest.releases()) {
      String url;
      try {
        url = ReleaseSelector.asset(r, platform).url();
      } catch (UpdateException e) {
        continue; // no asset for this platform: selection reports that itself
      }
      if (known.get(url) instanceof String when && fresh(when, now)) m = without(m, r);
    }
    return m;
  }

  private static boolean fresh(String when, Instant now) {
    try {
      return Instant.parse(when).plus(RECHECK_AFTER).isAfter(now);
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  /**
   * {@code m} without {@code r}. A channel that named it is dropped with it: the channel then
   * follows the newest remaining release, as it does for a registry without channels.
   */
  static Manifest without(Manifest m, Release r) {
    List<Release> rest = new ArrayList<>(m.releases());
    rest.remove(r);
    Map<String, Version> channels = new LinkedHashMap<>(m.channels());
    if (channels.values().stream().anyMatch(v -> v.samePrecedence(r.version()))) channels.clear();
    return new Manifest(m.app(), m.serial(), m.expires(), channels, rest, m.unreadable());
  }

  private Map<String, Object> load() {
    try {
      return new LinkedHashMap<>(
          JsonTree.readObject(Files.readAllBytes(stateDir.resolve(FILE))).orElse(Map.of()));
    } catch (IOException e) {
      return new LinkedHashMap<>();
    }
  }

  /** Records a missing artifact; a read-only state directory only costs a probe next time. */
  private void remember(Map<String, Object> known, String url) {
    Instant now = clock.instant();
    known.entrySet().removeIf(e -> !(e.getValue() instanceof String w) || !fresh(w, now));
    known.put(url, now.toString());
    try {
      PrivateDirectory.create(stateDir);
      Durable.writeAtomically(stateDir.resolve(FILE), JsonTree.write(known));
    } catch (IOException e) {
      // The record only saves later checks a request.
    }
  }
}
