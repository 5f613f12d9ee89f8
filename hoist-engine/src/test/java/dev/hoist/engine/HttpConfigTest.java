package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP configuration an engine is given: built once, in the background if asked, errors named.
 */
class HttpConfigTest {
  @TempDir Path tmp;

  @Test
  void theClientIsBuiltOnce_withTheConfiguredTimeouts() {
    HttpConfig c =
        HttpConfig.builder()
            .connectTimeout(Duration.ofSeconds(3))
            .readTimeout(Duration.ofSeconds(7))
            .build();
    OkHttpClient client = c.client();
    assertSame(client, c.client());
    assertEquals(3_000, client.connectTimeoutMillis());
    assertEquals(7_000, client.readTimeoutMillis());
    assertFalse(client.followSslRedirects(), "never from HTTPS to HTTP");
  }

  @Test
  void prepare_startsTheBuildOnce_andTheEngineGetsThatClient() {
    HttpConfig c = HttpConfig.builder().build();
    assertSame(c, c.prepare());
    c.prepare(); // a second call starts nothing more
    OkHttpClient client = c.client();
    assertSame(client, c.client());
    assertSame(client, c.prepare().client());
  }

  @Test
  void aBadProxyUrl_isUnusable_namingTheVariable_everyTime() {
    HttpConfig c = HttpConfig.builder().proxiesFrom(Map.of("HTTPS_PROXY", "socks5://x:1")).build();
    HttpConfig.Unusable e = assertThrows(HttpConfig.Unusable.class, c::check);
    assertTrue(e.getMessage().contains("HTTPS_PROXY"), e.getMessage());
    assertThrows(HttpConfig.Unusable.class, c.prepare()::check);
  }

  @Test
  void aMissingOrEmptyCaBundle_isUnusable_namingItsSource() throws Exception {
    HttpConfig missing =
        HttpConfig.builder().caBundle(tmp.resolve("nope.pem"), "GREET_CA_BUNDLE").build();
    HttpConfig.Unusable e = assertThrows(HttpConfig.Unusable.class, missing::check);
    assertTrue(e.getMessage().startsWith("GREET_CA_BUNDLE: "), e.getMessage());

    Path empty = Files.writeString(tmp.resolve("empty.pem"), "");
    HttpConfig none = HttpConfig.builder().caBundle(empty, "GREET_CA_BUNDLE").build();
    assertThrows(HttpConfig.Unusable.class, none::check);
  }

  @Test
  void anInterruptedCaller_stillGetsTheClient_andKeepsItsInterrupt() {
    HttpConfig c = HttpConfig.builder().build().prepare();
    Thread.currentThread().interrupt();
    try {
      assertTrue(c.client() != null);
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the engine");
    } finally {
      Thread.interrupted();
    }
  }
}
