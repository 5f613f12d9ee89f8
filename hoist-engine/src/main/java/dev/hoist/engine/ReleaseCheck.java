package dev.hoist.engine;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.io.PrivateDirectory;
import dev.hoist.engine.internal.json.JsonTree;
import dev.hoist.engine.internal.registry.Asset;
import dev.hoist.engine.internal.registry.Manifest;
import dev.hoist.engine.internal.registry.ManifestParser;
import dev.hoist.engine.internal.registry.RegistryClient;
import dev.hoist.engine.internal.registry.RegistryClient.Validators;
import dev.hoist.engine.internal.registry.ReleaseSelector.Choice;
import dev.hoist.engine.internal.registry.ReleaseSource;
import dev.hoist.engine.internal.registry.backend.Backends;
import dev.hoist.engine.internal.trust.ManifestSignature;
import dev.hoist.engine.internal.trust.TrustedKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Step 2 of the flow: fetch the manifest conditionally, fall back to the cached copy on a 304,
 * verify its signature when keys are trusted, and refuse an expired or replayed one. Takes no lock:
 * the cache files are replaced atomically, so concurrent checks at worst repeat each other's work.
 *
 * <p>With trusted keys, nothing is parsed before the signature over the exact bytes verified; a
 * missing ({@code SIGNATURE_MISSING}), malformed or wrong ({@code SIGNATURE_INVALID}) signature
 * fails closed. A manifest signed inline ({@link ManifestSignature}) is verified from its own
 * bytes, and only what it signs is parsed; one without is verified against the detached {@code
 * .sig}, fetched once more. A cached copy (after a 304) is trusted only if it verifies again:
 * inline, or against its stored signature and today's keys; otherwise the signature is fetched
 * anew.
 *
 * <p>Files: {@code state/last-check.json} (URL, ETag, Last-Modified, latest seen, highest serial,
 * signing key, checked-at), {@code state/manifest.json} (the bytes the validators describe) and
 * {@code state/manifest.sig} (their verified detached signature, when keys are trusted). They are
 * read and written with jackson-core alone ({@link JsonTree}): on the no-op path (a 304) databind
 * would cost more start-up than everything else this class does.
 *
 * <p>Why one class: fetching, the cache, signature and replay checks and the release spread's hold
 * are one decision about which manifest bytes a run may act on; the spread's own state lives in
 * {@link ReleaseSpread}.
 */
final class ReleaseCheck {
  private final RegistryClient client;
  private final ManifestParser parser;
  private final Path stateDir;
  private final Clock clock;
  private final TrustedKeys keys;
  private final Optional<Backends> backends;

  ReleaseCheck(
      RegistryClient client, ManifestParser parser, Path stateDir, Clock clock, TrustedKeys keys) {
    this(client, parser, stateDir, clock, keys, Optional.empty());
  }

  /** With {@code backends}, registry settings such as {@code npm:tool} go to their backend. */
  ReleaseCheck(
      RegistryClient client,
      ManifestParser parser,
      Path stateDir,
      Clock clock,
      TrustedKeys keys,
      Optional<Backends> backends) {
    this.keys = keys;
    this.backends = backends;
    this.client = client;
    this.parser = parser;
    this.stateDir = stateDir;
    this.clock = clock;
  }

  /** Returns the current manifest of {@code registry}, as a person's run takes it: at once. */
  Manifest fetch(URI registry) throws UpdateException {
    return fetch(registry, Optional.empty());
  }

  /**
   * Returns the manifest of {@code registry} to act on. With a {@code spread} (unattended runs), a
   * changed manifest is held back until this install's moment in the spread, and until then the
   * verified cache answers ({@link ReleaseSpread}).
   */
  Manifest fetch(URI registry, Optional<ReleaseSpread> spread) throws UpdateException {
    Optional<ReleaseSource> source = source(registry);
    if (source.isPresent()) {
      if (!keys.isEmpty()) {
        // Trusted keys promise signed releases; a registry that cannot carry a signature would
        // silently lower that to checksums, so it is refused instead.
        throw new UpdateException(
            Reason.SIGNATURE_MISSING,
            "publisher keys are configured, but the "
                + source.get().kind()
                + " registry "
                + registry
                + " cannot carry a manifest signature; refusing it");
      }
      Manifest manifest = source.get().fetch();
      save(
          registry,
          new RegistryClient.Fetch(true, new byte[0], Validators.NONE),
          null,
          null,
          false,
          null,
          manifest,
          -1);
      return manifest;
    }
    Map<String, Object> last = readLastCheck();
    boolean sameUrl = last != null && registry.toString().equals(last.get("url"));
    Path cached = stateDir.resolve("manifest.json");
    Validators validators =
        sameUrl && Files.isRegularFile(cached)
            ? new Validators(JsonTree.string(last, "etag"), JsonTree.string(last, "lastModified"))
            : Validators.NONE;
    // Only a run with a verified cache to answer from can hold a new manifest back.
    Optional<ReleaseSpread> spreading =
        validators.equals(Validators.NONE)
            ? Optional.empty()
            : spread.filter(ReleaseSpread::applies);
    Optional<ReleaseSpread.Held> held = spreading.flatMap(r -> r.held(registry));
    RegistryClient.Fetch fetch =
        client.fetch(registry, held.isPresent() ? held.get().validators() : validators);
    if (spreading.isPresent() && (held.isPresent() || !fetch.notModified())) {
      // A changed manifest: the one held (the registry still serves it) or a new one.
      boolean stillHeld = fetch.notModified();
      byte[] changed = stillHeld ? held.get().bytes() : fetch.bytes();
      Validators with = stillHeld ? held.get().validators() : fetch.validators();
      // Each manifest is spread from its own first sighting; a chain of them, each replacing the
      // one held before it, is bounded from the first one's (ReleaseSpread.hold).
      Instant since = stillHeld ? held.get().since() : clock.instant();
      Instant chain = held.isPresent() ? held.get().chainSince() : since;
      // A 200 of the bytes already cached (a registry without validators, a reverted publish) is
      // no change: nothing to spread.
      if (!stillHeld && sameBytes(cached, changed)) {
        spreading.get().clear(); // this 200 is taken as it is
      } else {
        if (spreading.get().hold(registry, changed, with, since, chain)) {
          Optional<Manifest> cache = fromCache(registry, last, sameUrl, validators);
          if (cache.isPresent()) return cache.get();
        }
        // Taken now; what was held is forgotten once accept() succeeded, not before, so that a
        // failed take (the signature unreachable) keeps its first sighting.
        fetch = new RegistryClient.Fetch(false, changed, with);
      }
    }
    return accept(registry, last, sameUrl, fetch);
  }

  /**
   * The verified cache's manifest, as a 304 would give it; empty when the cache cannot answer
   * (expired, gone, no longer verifying): then the held manifest is taken instead.
   */
  private Optional<Manifest> fromCache(
      URI registry, Map<String, Object> last, boolean sameUrl, Validators validators)
      throws UpdateException {
    try {
      return Optional.of(
          accept(registry, last, sameUrl, new RegistryClient.Fetch(true, new byte[0], validators)));
    } catch (UpdateException e) {
      if (e.reason() == Reason.REGISTRY_UNREACHABLE
          || e.reason() == Reason.REGISTRY_ERROR
          || e.reason() == Reason.INSECURE_URL) {
        throw e;
      }
      return Optional.empty();
    }
  }

  private static boolean sameBytes(Path file, byte[] bytes) {
    try {
      return java.util.Arrays.equals(Files.readAllBytes(file), bytes);
    } catch (IOException e) {
      return false;
    }
  }

  /** Verifies, parses and records what the registry answered (or the cache, after a 304). */
  private Manifest accept(
      URI registry, Map<String, Object> last, boolean sameUrl, RegistryClient.Fetch fetch)
      throws UpdateException {
    Path cached = stateDir.resolve("manifest.json");
    byte[] bytes;
    if (fetch.notModified()) {
      try {
        bytes = Files.readAllBytes(cached);
      } catch (IOException e) {
        // The cache vanished between the check and the read: ask again without validators.
        fetch = client.fetch(registry, Validators.NONE);
        bytes = fetch.bytes();
      }
    } else {
      bytes = fetch.bytes();
    }
    byte[] signature = null;
    TrustedKeys.Key signer = null;
    boolean signatureStored = false;
    byte[] parsed = bytes;
    if (!keys.isEmpty()) {
      Optional<ManifestSignature.Inline> inline = ManifestSignature.inline(bytes, registry);
      Optional<Stored> stored =
          inline.isEmpty() && fetch.notModified() ? storedSignature(bytes) : Optional.empty();
      if (inline.isPresent()) {
        // Signed in the manifest itself: nothing more to fetch, and nothing to store beside it (a
        // 304 verifies the cached bytes again). The member is not part of what is parsed.
        signer = ManifestSignature.verify(keys, inline.get(), registry);
        parsed = inline.get().signed();
      } else if (stored.isPresent()) {
        signature = stored.get().signature();
        signer = stored.get().signer();
        signatureStored = true;
      } else {
        URI sigUri = ManifestSignature.signatureUri(registry);
        signature =
            client
                .fetchSmall(sigUri, ManifestSignature.MAX_SIGNATURE_BYTES, Reason.SIGNATURE_INVALID)
                .orElseThrow(
                    () ->
                        new UpdateException(
                            Reason.SIGNATURE_MISSING,
                            "the registry's manifest is not signed: "
                                + sigUri
                                + " does not exist, and this copy of hoist trusts only signed"
                                + " manifests"));
        signer = ManifestSignature.verify(keys, bytes, signature, sigUri);
      }
    }
    Manifest manifest = parser.parse(parsed);
    if (manifest.expires().isPresent() && manifest.expires().get().isBefore(clock.instant())) {
      throw new UpdateException(
          Reason.MANIFEST_EXPIRED,
          "the registry's manifest expired at "
              + manifest.expires().get()
              + "; refusing it (a stale or replayed manifest)");
    }
    Serials serials = Serials.read(stateDir);
    String serialKey = Serials.key(registry, signer);
    long highest = serials.highest(serialKey);
    // Before serials were kept per registry and key, last-check.json held the one of its URL.
    if (highest < 0 && sameUrl) highest = Serials.serial(last, "serial");
    // A manifest without a serial after one with a serial is as suspect as a lower serial: an old
    // signed manifest from before the publisher used serials would otherwise replay freely.
    if (highest >= 0 && manifest.serial().orElse(-1) < highest) {
      throw new UpdateException(
          Reason.MANIFEST_REPLAYED,
          "the registry's manifest has "
              + (manifest.serial().isPresent()
                  ? "serial " + manifest.serial().getAsLong() + ", lower than "
                  : "no serial, though it had serial ")
              + highest
              + " before; refusing a replayed manifest");
    }
    long accepted = Math.max(highest, manifest.serial().orElse(-1));
    save(registry, fetch, bytes, signature, signatureStored, signer, manifest, accepted);
    if (!fetch.notModified()) ReleaseSpread.forget(stateDir); // what was held is now taken
    serials.accept(serialKey, accepted);
    return manifest;
  }

  /**
   * The chosen asset with the digest to verify it by: its own when it has one (the manifest's, an
   * API's, or one fetched when it was chosen), else what its backend fetches now.
   */
  Asset verifiable(URI registry, Choice choice) throws UpdateException {
    if (choice.asset().digest() != null) return choice.asset();
    Optional<ReleaseSource> source = source(registry);
    return source.isPresent()
        ? source.get().verifiable(choice.release(), choice.asset())
        : choice.asset();
  }

  /** True when {@code registry} is the npm registry: its archives are npm packages. */
  boolean servesNpmPackages(URI registry) throws UpdateException {
    return source(registry).map(s -> s.kind().equals("npm")).orElse(false);
  }

  private Optional<ReleaseSource> source(URI registry) throws UpdateException {
    return backends.isPresent() ? backends.get().open(registry, stateDir) : Optional.empty();
  }

  /** A stored signature that verified, and the trusted key that made it. */
  private record Stored(byte[] signature, TrustedKeys.Key signer) {}

  /**
   * The stored signature of the cached manifest if it still verifies with today's keys, else empty
   * (then the caller fetches it). Verified here once, not again by the caller.
   */
  private Optional<Stored> storedSignature(byte[] cachedManifest) {
    try {
      Path file = stateDir.resolve("manifest.sig");
      byte[] sig = Files.readAllBytes(file);
      return Optional.of(
          new Stored(sig, ManifestSignature.verify(keys, cachedManifest, sig, file.toUri())));
    } catch (IOException | UpdateException e) {
      return Optional.empty();
    }
  }

  /** The last-check record, or null when there is none or it is unreadable or not an object. */
  Map<String, Object> readLastCheck() {
    try {
      return JsonTree.readObject(Files.readAllBytes(stateDir.resolve("last-check.json")))
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private void save(
      URI registry,
      RegistryClient.Fetch fetch,
      byte[] bytes,
      byte[] signature,
      boolean signatureStored,
      TrustedKeys.Key signer,
      Manifest manifest,
      long serial) {
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("url", registry.toString());
    fetch.validators().etag().ifPresent(v -> rec.put("etag", v));
    fetch.validators().lastModified().ifPresent(v -> rec.put("lastModified", v));
    manifest.releases().stream()
        .map(r -> r.version())
        .max(Comparable::compareTo)
        .ifPresent(v -> rec.put("latest", v.toString()));
    if (serial >= 0) rec.put("serial", serial); // shown by status; serials.json decides
    if (signer != null) rec.put("signedBy", signer.fingerprint());
    // Kept for QuickCheck, whose stored verdict must not outlive the manifest it came from.
    manifest.expires().ifPresent(e -> rec.put("expires", e.toString()));
    rec.put("checkedAt", clock.instant().toString());
    try {
      PrivateDirectory.create(stateDir);
      Path sig = stateDir.resolve("manifest.sig");
      if (signatureStored) {
        // manifest.sig already holds exactly these bytes (they verified a moment ago); rewriting
        // it would cost two fsyncs on every up-to-date check of a signed registry.
      } else if (signature == null) {
        Files.deleteIfExists(sig);
      } else {
        Durable.writeAtomically(sig, signature);
      }
      if (!fetch.notModified()) {
        Durable.writeAtomically(stateDir.resolve("manifest.json"), bytes);
      }
      Durable.writeAtomically(stateDir.resolve("last-check.json"), JsonTree.write(rec));
    } catch (IOException e) {
      // The cache only saves a download next time; a read-only state dir must not fail a check.
    }
  }
}
