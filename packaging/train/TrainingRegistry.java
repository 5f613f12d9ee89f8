import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A loopback registry for packaging/build.sh's start-up training and bench/run.sh, run as a
 * single-file program: {@code java TrainingRegistry.java MANIFEST [KEYSTORE PASSWORD]}. It serves
 * MANIFEST at every path with an ETag and a Last-Modified date, and answers a conditional GET with
 * 304 Not Modified, as a static host does: over HTTP, and also over HTTPS when it is given a PKCS#12
 * keystore holding the server's key and certificate chain. It prints the HTTP port on the first
 * line of its output and the HTTPS port, if any, on the second, then serves until it is killed.
 *
 * <p>It lets the training run the up-to-date {@code hoist update} through real exchanges, so that
 * the class-data-sharing archive holds the HTTP client's request and response classes and those of
 * a TLS handshake, not only those a refused connection reaches.
 */
public final class TrainingRegistry {
  private TrainingRegistry() {}

  public static void main(String[] args) throws IOException, GeneralSecurityException {
    byte[] body = Files.readAllBytes(Path.of(args[0]));
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    // The HTTPS side is set up first: when its keystore is unusable, the program fails at once
    // instead of serving HTTP alone.
    HttpsServer https = null;
    if (args.length == 3) {
      https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls(Path.of(args[1]), args[2])));
      https.createContext("/", exchange -> answer(exchange, body));
    }
    HttpServer http = HttpServer.create(loopback, 0);
    http.createContext("/", exchange -> answer(exchange, body));
    http.start();
    System.out.println(http.getAddress().getPort());
    if (https != null) {
      https.start();
      System.out.println(https.getAddress().getPort());
    }
    System.out.flush();
  }

  private static SSLContext tls(Path keystore, String password)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, password.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private static void answer(HttpExchange exchange, byte[] body) throws IOException {
    try (exchange) {
      var request = exchange.getRequestHeaders();
      if (request.containsKey("If-None-Match") || request.containsKey("If-Modified-Since")) {
        exchange.sendResponseHeaders(304, -1);
        return;
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("ETag", "\"training\"");
      exchange.getResponseHeaders().add("Last-Modified", "Thu, 01 Jan 2026 00:00:00 GMT");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
