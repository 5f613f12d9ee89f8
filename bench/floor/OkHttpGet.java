import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The floor of Hoist's HTTP stack, for bench/run.sh: builds an OkHttp client with its defaults and
 * makes one conditional GET of the URL given, as the no-op {@code hoist update} does, and nothing
 * else (no command line, no settings, no state). A no-op update cannot start faster than this.
 */
public final class OkHttpGet {
  private OkHttpGet() {}

  public static void main(String[] args) throws Exception {
    OkHttpClient client = new OkHttpClient();
    Request request =
        new Request.Builder()
            .url(args[0])
            .header("If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT")
            .build();
    try (Response response = client.newCall(request).execute()) {
      System.out.println(response.code());
      if (response.code() != 304) System.exit(1);
    }
    System.exit(0); // OkHttp's idle connection threads would keep the JVM for a minute
  }
}
