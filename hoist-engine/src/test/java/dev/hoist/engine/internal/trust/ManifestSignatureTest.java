package dev.hoist.engine.internal.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestSignatureTest {
  private static final URI FROM = URI.create("https://example.org/manifest.json");
  private static final KeyPair KEY = Ed25519.generate();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void withInline_thenInline_givesBackTheExactBytesAndSignature() throws Exception {
    for (String unsigned :
        List.of("{\"schema\":1}", "{\n  \"schema\" : 1,\n  \"app\" : \"x\"\n}\n")) {
      byte[] sig = Ed25519.sign(KEY.getPrivate(), bytes(unsigned));
      byte[] signed = ManifestSignature.withInline(bytes(unsigned), sig);
      assertTrue(new String(signed, StandardCharsets.UTF_8).startsWith("{\"signature\":\""));
      ManifestSignature.Inline inline = ManifestSignature.inline(signed, FROM).orElseThrow();
      assertArrayEquals(bytes(unsigned), inline.signed());
      assertArrayEquals(sig, inline.signature());
      TrustedKeys keys = new TrustedKeys(List.of(new TrustedKeys.Key(KEY.getPublic(), "t")));
      assertEquals(KEY.getPublic(), ManifestSignature.verify(keys, inline, FROM).key());
    }
  }

  @Test
  void inline_isEmptyForAManifestThatDoesNotOpenWithTheMember() throws Exception {
    for (String m : List.of("", "{", "{}", "{\"schema\":1}", " {\"signature\":\"AAAA\",")) {
      assertTrue(ManifestSignature.inline(bytes(m), FROM).isEmpty(), m);
    }
  }

  @Test
  void withInline_refusesWhatCannotCarryIt() {
    byte[] sig = new byte[Ed25519.SIGNATURE_BYTES];
    for (String m : List.of("", "[1]", "{}", "{ \n}", " {\"a\":1}")) {
      assertThrows(
          IllegalArgumentException.class, () -> ManifestSignature.withInline(bytes(m), sig), m);
    }
    byte[] once = ManifestSignature.withInline(bytes("{\"a\":1}"), sig);
    assertThrows(IllegalArgumentException.class, () -> ManifestSignature.withInline(once, sig));
  }
}
