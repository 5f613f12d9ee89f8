import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A loopback registry for packaging/build.sh's start-up training, run as a single-file program
 * ({@code java TrainingRegistry.java MANIFEST}): serves MANIFEST at every path with an ETag and a
 * Last-Modified date, and answers a conditional GET with 304 Not Modified, as a static host does.
 * It prints its port on the first line of its output, then serves until it is killed.
 *
 * <p>It lets the training run the up-to-date {@code hoist update} through a real HTTP exchange, so
 * the class-data-sharing archive holds the HTTP client's request and response classes too (they are
 * the same over HTTPS), not only those a refused connection reaches.
 */
public final class TrainingRegistry {
  private TrainingRegistry() {}

  public static void main(String[] args) throws IOException {
    byte[] body = Files.readAllBytes(Path.of(args[0]));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> answer(exchange, body));
    server.start();
    System.out.println(server.getAddress().getPort());
    System.out.flush();
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
