import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The lightest request the JVM can make, for bench/run.sh: one conditional GET of the URL given
 * with the JDK's own {@code HttpURLConnection} (no third-party class at all), as the no-op {@code
 * hoist update} makes it, and nothing else. Issue 16's target for the no-op update is 1.2× this.
 */
public final class UrlConnectionGet {
  private UrlConnectionGet() {}

  public static void main(String[] args) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create(args[0]).toURL().openConnection();
    c.setRequestProperty("If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT");
    int code = c.getResponseCode();
    System.out.println(code);
    System.exit(code == 304 ? 0 : 1);
  }
}
