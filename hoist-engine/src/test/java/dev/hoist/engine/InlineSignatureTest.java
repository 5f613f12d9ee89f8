package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.download.Transport;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest signed inline ({@link ManifestSignature}): verified from its own bytes, so a signed
 * check costs one request, as an unsigned one does; everything else fails closed as with the
 * detached signature ({@link SignedManifestTest}).
 */
class InlineSignatureTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
  private static final KeyPair PUBLISHER = Ed25519.generate();
  private static final KeyPair STRANGER = Ed25519.generate();

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path state;

  private ReleaseCheck check(KeyPair... trusted) {
    RegistryClient client = new RegistryClient(new Transport(new OkHttpClient()));
    TrustedKeys keys =
        new TrustedKeys(
            Arrays.stream(trusted).map(k -> new TrustedKeys.Key(k.getPublic(), "t")).toList());
    return new ReleaseCheck(client, new ManifestParser(), state, CLOCK, keys);
  }

  private static byte[] unsigned(String version) {
    return Releases.manifest()
        .channel("stable", version)
        .release(version, "any", "h.tgz", 1, "c".repeat(64))
        .json()
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] signedInline(KeyPair k, byte[] unsigned) {
    return ManifestSignature.withInline(unsigned, Ed25519.sign(k.getPrivate(), unsigned));
  }

  private void serve(byte[] body) {
    server.enqueue(
        new MockResponse.Builder()
            .body(new String(body, StandardCharsets.UTF_8))
            .addHeader("ETag", "\"" + Arrays.hashCode(body) + "\"")
            .build());
  }

  private URI url() {
    return server.url("/manifest.json").uri();
  }

  private UpdateException refused(ReleaseCheck check) {
    UpdateException e = assertThrows(UpdateException.class, () -> check.fetch(url()));
    assertFalse(Files.exists(state.resolve("manifest.json")), "nothing cached");
    return e;
  }

  private static String latest(Manifest m) {
    return m.releases().get(0).version().toString();
  }

  @Test
  void inline_isVerifiedWithOneRequest_andTheSignerRecorded() throws Exception {
    serve(signedInline(PUBLISHER, unsigned("1.1.0")));
    assertEquals("1.1.0", latest(check(PUBLISHER).fetch(url())));
    assertEquals(1, server.getRequestCount(), "no request for manifest.json.sig");
    String last = Files.readString(state.resolve("last-check.json"));
    assertTrue(last.contains(Ed25519.fingerprint(PUBLISHER.getPublic())), last);
    assertFalse(Files.exists(state.resolve("manifest.sig")), "nothing to store beside it");
  }

  @Test
  void inline_overOtherBytes_failsClosedWithoutAskingForADetachedOne() {
    byte[] good = signedInline(PUBLISHER, unsigned("1.1.0"));
    serve(new String(good, StandardCharsets.UTF_8).replace("1.1.0", "6.6.6").getBytes());
    UpdateException e = refused(check(PUBLISHER));
    assertEquals(Reason.SIGNATURE_INVALID, e.reason());
    assertTrue(e.getMessage().contains("inline signature"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void inline_byAnUntrustedKey_failsClosed() {
    serve(signedInline(STRANGER, unsigned("1.1.0")));
    UpdateException e = refused(check(PUBLISHER));
    assertEquals(Reason.SIGNATURE_INVALID, e.reason());
    assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
  }

  @Test
  void inline_malformed_failsClosed() {
    String rest = new String(unsigned("1.1.0"), StandardCharsets.UTF_8).substring(1);
    for (String opening :
        new String[] {
          "{\"signature\":\"not base64!\",", // stops at the space: no closing quote and comma
          "{\"signature\":\"AAAA\",", // 3 bytes
          "{\"signature\":\"" + "A".repeat(200) + "\",", // longer than any signature
          "{\"signature\":\"" + "A".repeat(86) + "==\"}", // closed by a brace, not a comma
        }) {
      serve((opening + rest).getBytes(StandardCharsets.UTF_8));
      UpdateException e = refused(check(PUBLISHER));
      assertEquals(Reason.SIGNATURE_INVALID, e.reason(), opening);
      assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    }
    assertEquals(4, server.getRequestCount(), "never a detached signature instead");
  }

  @Test
  void aSignatureMemberElsewhere_isNotInline_theDetachedOneIsAskedFor() throws Exception {
    byte[] unsigned = unsigned("1.1.0");
    String sig = ManifestSignature.encode(Ed25519.sign(PUBLISHER.getPrivate(), unsigned)).trim();
    String text = new String(unsigned, StandardCharsets.UTF_8);
    // Byte-exact rule: only the opening member counts, so no JSON reader's choices matter.
    for (String moved :
        new String[] {
          " " + new String(signedInline(PUBLISHER, unsigned), StandardCharsets.UTF_8),
          "{ \"signature\":\"" + sig + "\"," + text.substring(1),
          text.substring(0, text.length() - 1) + ",\"signature\":\"" + sig + "\"}"
        }) {
      serve(moved.getBytes(StandardCharsets.UTF_8));
      server.enqueue(new MockResponse.Builder().code(404).build());
      assertEquals(Reason.SIGNATURE_MISSING, refused(check(PUBLISHER)).reason(), moved);
      server.takeRequest(1, TimeUnit.SECONDS);
      assertEquals("/manifest.json.sig", server.takeRequest(1, TimeUnit.SECONDS).getTarget());
    }
  }

  @Test
  void notModified_theCachedCopyIsVerifiedAgain_withoutARequestForASignature() throws Exception {
    serve(signedInline(PUBLISHER, unsigned("1.1.0")));
    check(PUBLISHER).fetch(url());
    server.enqueue(new MockResponse.Builder().code(304).build());
    assertEquals("1.1.0", latest(check(PUBLISHER).fetch(url())));
    assertEquals(2, server.getRequestCount(), "the manifest, then one 304 only");

    Path cached = state.resolve("manifest.json");
    Files.writeString(cached, Files.readString(cached).replace("1.1.0", "6.6.6"));
    server.enqueue(new MockResponse.Builder().code(304).build());
    UpdateException e = assertThrows(UpdateException.class, () -> check(PUBLISHER).fetch(url()));
    assertEquals(Reason.SIGNATURE_INVALID, e.reason());
  }

  @Test
  void inlineAfterDetached_dropsTheStoredDetachedSignature() throws Exception {
    byte[] first = unsigned("1.1.0");
    serve(first);
    server.enqueue(
        new MockResponse.Builder()
            .body(ManifestSignature.encode(Ed25519.sign(PUBLISHER.getPrivate(), first)))
            .build());
    check(PUBLISHER).fetch(url());
    assertTrue(Files.exists(state.resolve("manifest.sig")));
    serve(signedInline(PUBLISHER, unsigned("1.2.0")));
    assertEquals("1.2.0", latest(check(PUBLISHER).fetch(url())));
    assertFalse(Files.exists(state.resolve("manifest.sig")), "it signed another manifest");
  }

  @Test
  void noTrustedKeys_theMemberIsAnUnknownFieldAndIgnored() throws Exception {
    serve(signedInline(STRANGER, unsigned("1.1.0")));
    assertEquals("1.1.0", latest(check().fetch(url())));
    assertEquals(1, server.getRequestCount());
  }
}
