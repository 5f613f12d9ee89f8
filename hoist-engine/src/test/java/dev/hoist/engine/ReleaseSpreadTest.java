package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.auto.Rollout;
import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.download.Transport;
import dev.hoist.engine.internal.registry.Manifest;
import dev.hoist.engine.internal.registry.ManifestParser;
import dev.hoist.engine.internal.registry.RegistryClient;
import dev.hoist.engine.internal.trust.Ed25519;
import dev.hoist.engine.internal.trust.ManifestSignature;
import dev.hoist.engine.internal.trust.TrustedKeys;
import dev.hoist.engine.testing.Releases;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release spread of unattended checks: a changed, signed manifest waits unread, and its
 * signature unfetched, until this install's moment in the spread; a person's check takes it at
 * once.
 */
class ReleaseSpreadTest {
  private static final Instant T0 = Instant.parse("2026-12-03T14:00:00Z");
  private static final Duration SPREAD = Duration.ofHours(6);
  private static final KeyPair PUBLISHER = Ed25519.generate();

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path state;

  private final byte[] m1 = manifest("1.1.0");
  private final byte[] m2 = manifest("1.2.0");

  /** When this install takes m2 after first seeing it. */
  private Duration due;

  @BeforeEach
  void anInstallWhoseMomentIsInsideTheSpread() throws Exception {
    String id = null;
    for (int i = 0; id == null; i++) {
      int bucket = Rollout.bucket("install-" + i, "manifest:" + Digest.sha256Hex(m2));
      if (bucket >= 10 && bucket <= 90) {
        id = "install-" + i;
        due = SPREAD.multipliedBy(bucket).dividedBy(100);
      }
    }
    Files.writeString(state.resolve("install-id"), id + "\n");
    // The first check: m1, signed, cached and verified.
    serve(m1, "\"v1\"");
    signature(m1);
    assertEquals("1.1.0", latest(check(T0).fetch(url())));
  }

  private static byte[] manifest(String version) {
    return Releases.manifest()
        .channel("stable", version)
        .release(version, "any", "h.tgz", 1, "c".repeat(64))
        .json()
        .getBytes(StandardCharsets.UTF_8);
  }

  private ReleaseCheck check(Instant now) {
    RegistryClient client = new RegistryClient(new Transport(new OkHttpClient()));
    TrustedKeys keys = new TrustedKeys(List.of(new TrustedKeys.Key(PUBLISHER.getPublic(), "t")));
    return new ReleaseCheck(
        client, new ManifestParser(), state, Clock.fixed(now, ZoneOffset.UTC), keys);
  }

  private Optional<ReleaseSpread> spread(Instant now) {
    return Optional.of(new ReleaseSpread(state, SPREAD, Clock.fixed(now, ZoneOffset.UTC)));
  }

  private void serve(byte[] body, String etag) {
    server.enqueue(
        new MockResponse.Builder()
            .body(new String(body, StandardCharsets.UTF_8))
            .addHeader("ETag", etag)
            .build());
  }

  private void signature(byte[] body) {
    String sig = ManifestSignature.encode(Ed25519.sign(PUBLISHER.getPrivate(), body));
    server.enqueue(new MockResponse.Builder().body(sig).build());
  }

  private void notModified() {
    server.enqueue(new MockResponse.Builder().code(304).build());
  }

  private URI url() {
    return server.url("/manifest.json").uri();
  }

  private static String latest(Manifest m) {
    return m.channels().get("stable").toString();
  }

  private RecordedRequest lastRequest() throws Exception {
    RecordedRequest r = null;
    for (int i = server.getRequestCount() - countTaken; i > 0; i--) r = server.takeRequest();
    countTaken = server.getRequestCount();
    return r;
  }

  private int countTaken;

  @Test
  void anUnattendedCheckHoldsANewManifestUnread_untilItsMoment_thenTakesItWithItsSignature()
      throws Exception {
    lastRequest();
    Instant seen = T0.plus(Duration.ofHours(1));
    serve(m2, "\"v2\"");
    assertEquals(
        "1.1.0", latest(check(seen).fetch(url(), spread(seen))), "held: the cache answers");
    assertEquals(3, server.getRequestCount(), "no signature fetched for a held manifest");
    assertTrue(Files.isRegularFile(state.resolve(ReleaseSpread.HELD_BYTES)));

    Instant before = seen.plus(due).minusSeconds(1);
    notModified();
    assertEquals("1.1.0", latest(check(before).fetch(url(), spread(before))));
    assertEquals("\"v2\"", lastRequest().getHeaders().get("If-None-Match"), "asks after the held");
    assertEquals(4, server.getRequestCount());

    Instant moment = seen.plus(due);
    notModified();
    signature(m2);
    assertEquals("1.2.0", latest(check(moment).fetch(url(), spread(moment))), "its moment");
    assertEquals(6, server.getRequestCount(), "the 304 of the held one, then its signature");
    assertFalse(Files.exists(state.resolve(ReleaseSpread.HELD_BYTES)), "taken, so forgotten");
    assertTrue(Files.readString(state.resolve("last-check.json")).contains("v2"));

    notModified();
    assertEquals("1.2.0", latest(check(moment).fetch(url(), spread(moment))), "cached as usual");
  }

  @Test
  void aPersonsCheckTakesItAtOnce_andForgetsWhatWasHeld() throws Exception {
    Instant seen = T0.plus(Duration.ofHours(1));
    serve(m2, "\"v2\"");
    check(seen).fetch(url(), spread(seen));
    serve(m2, "\"v2\"");
    signature(m2);
    assertEquals("1.2.0", latest(check(seen).fetch(url())));
    assertFalse(Files.exists(state.resolve(ReleaseSpread.HELD_BYTES)));
  }

  @Test
  void aNewerManifestWhileOneIsHeld_isSpreadFromItsOwnSighting_butNeverBeyondTwoSpreads()
      throws Exception {
    Instant seen = T0.plus(Duration.ofHours(1));
    serve(m2, "\"v2\"");
    check(seen).fetch(url(), spread(seen));
    byte[] m3 = null;
    Instant later = seen.plus(SPREAD).minusSeconds(1);
    for (int i = 0; m3 == null; i++) { // a manifest whose moment is not at once
      byte[] candidate = manifest("1.3." + i);
      String id = Files.readString(state.resolve("install-id")).strip();
      if (Rollout.bucket(id, "manifest:" + Digest.sha256Hex(candidate)) >= 10) m3 = candidate;
    }
    serve(m3, "\"v3\"");
    assertEquals(
        "1.1.0",
        latest(check(later).fetch(url(), spread(later))),
        "spread from its own sighting: a release every few hours does not bring the fleet at once");
    Instant bound = seen.plus(SPREAD.multipliedBy(2));
    notModified();
    signature(m3);
    assertTrue(
        latest(check(bound).fetch(url(), spread(bound))).startsWith("1.3."),
        "two spreads after the first sighting it is taken whatever its moment");
  }

  @Test
  void aFailedTakeKeepsTheSighting() throws Exception {
    Instant seen = T0.plus(Duration.ofHours(1));
    serve(m2, "\"v2\"");
    check(seen).fetch(url(), spread(seen));
    Instant moment = seen.plus(due);
    notModified();
    server.enqueue(new MockResponse.Builder().code(503).build()); // the signature: unavailable
    try {
      check(moment).fetch(url(), spread(moment));
    } catch (dev.hoist.engine.internal.failure.UpdateException expected) {
      // reported as registry trouble; what matters is what is left
    }
    assertTrue(Files.isRegularFile(state.resolve(ReleaseSpread.HELD_BYTES)), "still held");
    notModified();
    signature(m2);
    assertEquals("1.2.0", latest(check(moment).fetch(url(), spread(moment))), "taken on retry");
  }

  @Test
  void aSightingInTheFuture_countsAsNow() throws Exception {
    Instant ahead = T0.plus(Duration.ofDays(400)); // the clock was a year ahead at first sight
    serve(m2, "\"v2\"");
    check(ahead).fetch(url(), spread(ahead));
    Instant back = T0.plus(Duration.ofHours(2)); // and is right again
    notModified();
    check(back).fetch(url(), spread(back));
    assertTrue(
        Files.readString(state.resolve(ReleaseSpread.HELD)).contains(back.toString()),
        "the sighting was moved back to now");
    Instant moment = back.plus(due);
    notModified();
    signature(m2);
    assertEquals("1.2.0", latest(check(moment).fetch(url(), spread(moment))));
  }

  @Test
  void heldBytesThatChangedOnDisk_areDropped_neverParsedOrTaken() throws Exception {
    Instant seen = T0.plus(Duration.ofHours(1));
    serve(m2, "\"v2\"");
    check(seen).fetch(url(), spread(seen));
    Files.write(state.resolve(ReleaseSpread.HELD_BYTES), manifest("6.6.6"));
    Instant moment = seen.plus(due);
    notModified(); // asked with the verified validators again: the registry still has m1's
    assertEquals("1.1.0", latest(check(moment).fetch(url(), spread(moment))));
    assertFalse(Files.exists(state.resolve(ReleaseSpread.HELD_BYTES)));
    assertEquals("\"v1\"", lastRequestHeader());
  }

  @Test
  void withoutASpread_anUnattendedCheckTakesItAtOnce() throws Exception {
    Instant seen = T0.plus(Duration.ofHours(1));
    serve(m2, "\"v2\"");
    signature(m2);
    Optional<ReleaseSpread> none =
        Optional.of(new ReleaseSpread(state, Duration.ZERO, Clock.fixed(seen, ZoneOffset.UTC)));
    assertEquals("1.2.0", latest(check(seen).fetch(url(), none)));
  }

  private String lastRequestHeader() throws Exception {
    return lastRequest().getHeaders().get("If-None-Match");
  }
}
