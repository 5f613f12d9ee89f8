package dev.hoist.engine.internal.download;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transport policy: which URLs may be fetched, and how loopback is recognised. */
class TransportTest {
  @TempDir Path dir;

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

  @Test
  void loopbackLiterals_inEveryForm() {
    assertTrue(Transport.isLoopback("127.255.0.9"));
    assertTrue(Transport.isLoopback("LocalHost"));
    assertTrue(Transport.isLoopback("::1"));
    assertTrue(Transport.isLoopback("[::1]"));
    assertTrue(Transport.isLoopback("0:0:0:0:0:0:0:1"));
    assertFalse(Transport.isLoopback("::2"));
    assertFalse(Transport.isLoopback("128.0.0.1"));
    assertFalse(Transport.isLoopback("[1::2::3]"), "not an address at all");
    assertFalse(Transport.isLoopback("127.0.0.256"));
  }

  /**
   * A name that merely looks like an address ({@code cafe} is hex, {@code 127.0.0.1.5} digits and
   * dots) is not looked up, even where the resolver would answer 127.0.0.1 for it: plain HTTP to it
   * could go anywhere the next lookup says. Proven in a JVM whose hosts file says exactly that.
   */
  @Test
  void namesThatLookLikeLiterals_areNeverResolved() throws Exception {
    Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 cafe 127.0.0.1.5 deadbeef\n");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Djdk.net.hosts.file=" + hosts);
    cmd.add("-cp");
    cmd.add(
        String.join(
            java.io.File.pathSeparator,
            codeSource(Transport.class),
            codeSource(IsLoopbackProbe.class),
            codeSource(OkHttpClient.class),
            codeSource(okio.Buffer.class),
            codeSource(kotlin.Unit.class)));
    cmd.add(IsLoopbackProbe.class.getName());
    cmd.addAll(List.of("cafe", "127.0.0.1.5", "deadbeef"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    assertEquals(
        "cafe resolves=true isLoopback=false\n"
            + "127.0.0.1.5 resolves=true isLoopback=false\n"
            + "deadbeef resolves=true isLoopback=false\n",
        out);
  }

  /** Prints, for each name, whether the resolver says loopback and what isLoopback says. */
  static final class IsLoopbackProbe {
    public static void main(String[] names) throws IOException {
      for (String n : names) {
        boolean resolves = java.net.InetAddress.getByName(n).isLoopbackAddress();
        System.out.print(
            n + " resolves=" + resolves + " isLoopback=" + Transport.isLoopback(n) + "\n");
      }
    }
  }

  private static String codeSource(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void aMissingFile_isA404() throws Exception {
    try (Transport.Reply r =
        new Transport(new OkHttpClient()).get(dir.resolve("none").toUri(), Map.of(), 0)) {
      assertEquals(404, r.code());
      assertEquals(0, r.contentLength());
      assertEquals(-1, r.body().read());
    }
  }

  @Test
  void aFileFromAnOffset_isA206OfTheRest() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "0123456789");
    try (Transport.Reply r = new Transport(new OkHttpClient()).get(f.toUri(), Map.of(), 4)) {
      assertEquals(206, r.code());
      assertEquals(6, r.contentLength());
      assertEquals("456789", new String(r.body().readAllBytes(), StandardCharsets.US_ASCII));
    }
    try (Transport.Reply r = new Transport(new OkHttpClient()).get(f.toUri(), Map.of(), 0)) {
      assertEquals(200, r.code());
      assertEquals(10, r.contentLength());
    }
  }

  @Test
  void closingAReply_releasesTheFile() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "0123456789");
    Transport.Reply r = new Transport(new OkHttpClient()).get(f.toUri(), Map.of(), 0);
    r.close();
    assertThrows(IOException.class, () -> r.body().read());
  }
}
