package dev.hoist.maven;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A loopback registry for start-up training: it serves one manifest at every path with an ETag and
 * a Last-Modified date, and answers a conditional GET with 304 Not Modified, as a static host does;
 * over HTTP, and over HTTPS too when given a keystore ({@link TrainingTls}). The training's update
 * checks then run through real exchanges, so the start-up class list holds the HTTP client's
 * request and response classes and those of a TLS handshake.
 */
final class TrainingRegistry implements AutoCloseable {
  private final HttpServer http;
  private final Optional<HttpsServer> https;

  private TrainingRegistry(HttpServer http, Optional<HttpsServer> https) {
    this.http = http;
    this.https = https;
  }

  /**
   * Starts serving {@code manifest}.
   *
   * @param tls the server's PKCS#12 keystore and its password, for HTTPS
   */
  static TrainingRegistry start(byte[] manifest, Optional<TrainingTls> tls) throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    HttpsServer secure = null;
    if (tls.isPresent()) {
      secure = HttpsServer.create(loopback, 0);
      secure.setHttpsConfigurator(new HttpsConfigurator(context(tls.get())));
      secure.createContext("/", exchange -> answer(exchange, manifest));
    }
    HttpServer plain = HttpServer.create(loopback, 0);
    plain.createContext("/", exchange -> answer(exchange, manifest));
    plain.start();
    if (secure != null) secure.start();
    return new TrainingRegistry(plain, Optional.ofNullable(secure));
  }

  String httpUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/manifest.json";
  }

  Optional<String> httpsUrl() {
    return https.map(s -> "https://127.0.0.1:" + s.getAddress().getPort() + "/manifest.json");
  }

  private static SSLContext context(TrainingTls tls) throws IOException {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(tls.serverKeystore())) {
        ks.load(in, TrainingTls.PASSWORD.toCharArray());
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, TrainingTls.PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot serve HTTPS for training: " + e.getMessage(), e);
    }
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

  @Override
  public void close() {
    http.stop(0);
    https.ifPresent(s -> s.stop(0));
  }
}
