package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.download.Transport;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
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
import java.nio.file.attribute.BasicFileAttributes;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signature step of the registry check (DESIGN §4): fail closed whenever keys are trusted. */
class SignedManifestTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
  private static final KeyPair PUBLISHER = Ed25519.generate();
  private static final KeyPair NEXT = Ed25519.generate();
  private static final KeyPair STRANGER = Ed25519.generate();

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path state;

  private ReleaseCheck check(KeyPair... trusted) {
    RegistryClient client = new RegistryClient(new Transport(new OkHttpClient()));
    List<TrustedKeys.Key> keys =
        java.util.Arrays.stream(trusted).map(k -> new TrustedKeys.Key(k.getPublic(), "t")).toList();
    return new ReleaseCheck(client, new ManifestParser(), state, CLOCK, new TrustedKeys(keys));
  }

  private static byte[] manifest() {
    return Releases.manifest()
        .channel("stable", "1.1.0")
        .release("1.1.0", "any", "h.tgz", 1, "c".repeat(64))
        .json()
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String sig(KeyPair k, byte[] data) {
    return ManifestSignature.encode(Ed25519.sign(k.getPrivate(), data));
  }

  private void serve(byte[] body, String signature) {
    server.enqueue(
        new MockResponse.Builder()
            .body(new String(body, StandardCharsets.UTF_8))
            .addHeader("ETag", "\"v1\"")
            .build());
    if (signature != null) server.enqueue(new MockResponse.Builder().body(signature).build());
  }

  private URI url() {
    return server.url("/manifest.json").uri();
  }

  private UpdateException refused(ReleaseCheck check) {
    UpdateException e = assertThrows(UpdateException.class, () -> check.fetch(url()));
    assertFalse(Files.exists(state.resolve("manifest.json")), "nothing cached");
    return e;
  }

  @Test
  void goodSignature_isAcceptedAndTheSignerRecorded() throws Exception {
    byte[] m = manifest();
    serve(m, sig(PUBLISHER, m));
    check(PUBLISHER).fetch(url());
    server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals("/manifest.json.sig", server.takeRequest(1, TimeUnit.SECONDS).getTarget());
    String last = Files.readString(state.resolve("last-check.json"));
    assertTrue(last.contains(Ed25519.fingerprint(PUBLISHER.getPublic())), last);
  }

  @Test
  void rotation_aSignatureByAnyTrustedKeyIsAccepted() throws Exception {
    byte[] m = manifest();
    serve(m, sig(NEXT, m));
    check(PUBLISHER, NEXT).fetch(url());
    assertTrue(Files.exists(state.resolve("manifest.sig")));
  }

  @Test
  void missingSignature_failsClosed() {
    serve(manifest(), null);
    server.enqueue(new MockResponse.Builder().code(404).build());
    assertEquals(Reason.SIGNATURE_MISSING, refused(check(PUBLISHER)).reason());
  }

  @Test
  void signatureByAnUntrustedKey_failsClosed() {
    byte[] m = manifest();
    serve(m, sig(STRANGER, m));
    UpdateException e = refused(check(PUBLISHER));
    assertEquals(Reason.SIGNATURE_INVALID, e.reason());
    assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
  }

  @Test
  void signatureOverOtherBytes_failsClosed() {
    byte[] m = manifest();
    String s = sig(PUBLISHER, m);
    byte[] tampered = new String(m, StandardCharsets.UTF_8).replace("1.1.0", "6.6.6").getBytes();
    serve(tampered, s);
    assertEquals(Reason.SIGNATURE_INVALID, refused(check(PUBLISHER)).reason());
  }

  @Test
  void malformedSignatures_failClosed() {
    serve(manifest(), "this is not base64!\n");
    assertEquals(Reason.SIGNATURE_INVALID, refused(check(PUBLISHER)).reason());
    serve(manifest(), "AAAA\n");
    UpdateException e = refused(check(PUBLISHER));
    assertEquals(Reason.SIGNATURE_INVALID, e.reason());
    assertTrue(e.getMessage().contains("3 bytes"), e.getMessage());
    serve(manifest(), "A".repeat(ManifestSignature.MAX_SIGNATURE_BYTES + 4));
    assertEquals(Reason.SIGNATURE_INVALID, refused(check(PUBLISHER)).reason());
  }

  @Test
  void notModified_reusesTheStoredVerifiedSignatureWithoutFetchingIt() throws Exception {
    byte[] m = manifest();
    serve(m, sig(PUBLISHER, m));
    check(PUBLISHER).fetch(url());
    server.enqueue(new MockResponse.Builder().code(304).build());
    check(PUBLISHER).fetch(url());
    assertEquals(3, server.getRequestCount(), "manifest, signature, then one 304 only");
  }

  @Test
  void notModified_keepsTheStoredSignatureFileAndRecordsItsSigner() throws Exception {
    byte[] m = manifest();
    serve(m, sig(PUBLISHER, m));
    check(PUBLISHER).fetch(url());
    Path sigFile = state.resolve("manifest.sig");
    Object before = Files.readAttributes(sigFile, BasicFileAttributes.class).fileKey();
    server.enqueue(new MockResponse.Builder().code(304).build());
    check(PUBLISHER).fetch(url());
    assertEquals(
        before,
        Files.readAttributes(sigFile, BasicFileAttributes.class).fileKey(),
        "manifest.sig was not rewritten");
    String last = Files.readString(state.resolve("last-check.json"));
    assertTrue(last.contains(Ed25519.fingerprint(PUBLISHER.getPublic())), last);
  }

  @Test
  void notModified_storedSignatureByARetiredKey_isFetchedAgainAndReplaced() throws Exception {
    byte[] m = manifest();
    serve(m, sig(PUBLISHER, m));
    check(PUBLISHER).fetch(url());
    server.enqueue(new MockResponse.Builder().code(304).build());
    server.enqueue(new MockResponse.Builder().body(sig(NEXT, m)).build());
    check(NEXT).fetch(url());
    assertEquals(4, server.getRequestCount(), "manifest, signature, 304, the new signature");
    assertEquals(sig(NEXT, m), Files.readString(state.resolve("manifest.sig")));
    String last = Files.readString(state.resolve("last-check.json"));
    assertTrue(last.contains(Ed25519.fingerprint(NEXT.getPublic())), last);
  }

  @Test
  void notModified_cachedCopyFromAnUnsignedEra_mustBeSignedNow() throws Exception {
    byte[] m = manifest();
    serve(m, null);
    check().fetch(url()); // no keys yet: cached without signature
    assertFalse(Files.exists(state.resolve("manifest.sig")));
    server.enqueue(new MockResponse.Builder().code(304).build());
    server.enqueue(new MockResponse.Builder().code(404).build());
    UpdateException e = assertThrows(UpdateException.class, () -> check(PUBLISHER).fetch(url()));
    assertEquals(Reason.SIGNATURE_MISSING, e.reason());
  }

  @Test
  void notModified_tamperedCache_isNotTrusted() throws Exception {
    byte[] m = manifest();
    serve(m, sig(PUBLISHER, m));
    check(PUBLISHER).fetch(url());
    Files.writeString(state.resolve("manifest.json"), "{\"schema\":1,\"app\":\"evil\"}");
    server.enqueue(new MockResponse.Builder().code(304).build());
    server.enqueue(new MockResponse.Builder().body(sig(PUBLISHER, m)).build());
    UpdateException e = assertThrows(UpdateException.class, () -> check(PUBLISHER).fetch(url()));
    assertEquals(Reason.SIGNATURE_INVALID, e.reason());
  }

  @Test
  void noTrustedKeys_neverAsksForASignature() throws Exception {
    serve(manifest(), null);
    check().fetch(url());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void signatureUri_keepsTheQuery() {
    assertEquals(
        URI.create("https://h/m.json.sig?x=1"),
        ManifestSignature.signatureUri(URI.create("https://h/m.json?x=1")));
  }
}
