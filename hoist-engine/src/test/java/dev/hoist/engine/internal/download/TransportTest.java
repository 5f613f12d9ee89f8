package dev.hoist.engine.internal.download;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransportTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.com/m.json",
        "http://127.0.0.1:8080/m.json",
        "http://127.1.2.3/m.json",
        "http://localhost/m.json",
        "http://[::1]:9/m.json",
        "file:///srv/mirror/m.json"
      })
  void allowed(String url) {
    assertDoesNotThrow(() -> Transport.checkAllowed(URI.create(url)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.com/m.json",
        "http://10.0.0.1/m.json",
        "http://localhost.evil.com/m.json",
        "http://127.0.0.1.nip.io/m.json",
        "ftp://example.com/m.json",
        "jar:file:/x.jar!/m.json"
      })
  void refused(String url) {
    UpdateException e =
        assertThrows(UpdateException.class, () -> Transport.checkAllowed(URI.create(url)));
    assertEquals(Reason.INSECURE_URL, e.reason());
  }

  @Test
  void loopbackDetection_doesNotResolveNames() {
    assertTrue(Transport.isLoopback("127.0.0.1"));
    assertFalse(Transport.isLoopback("example.com"));
    assertFalse(Transport.isLoopback(null));
  }
}
