package dev.hoist.engine;

import dev.hoist.engine.internal.download.HttpClients;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import okhttp3.OkHttpClient;

/**
 * How an engine reaches registries: timeouts, the standard proxy variables ({@code https_proxy},
 * {@code http_proxy}, {@code no_proxy}, in either case) and a PEM bundle of extra trusted CA
 * certificates for corporate networks, added to the JDK's roots (TLS verification is never turned
 * off). HTTPS-to-HTTP redirects are never followed.
 *
 * <p>Loading the HTTP stack and the TLS trust store costs ~100 ms, so nothing is loaded until a
 * registry is contacted, or until {@link #prepare()} starts the work on a background thread while
 * the caller does other start-up work. One configuration's client is shared by every engine given
 * it. Thread-safe.
 */
public final class HttpConfig {
  private static final HttpConfig DEFAULTS = builder().build();

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Map<String, String> proxyVariables;
  private final Optional<Map.Entry<String, Path>> caBundle;
  private final FutureTask<OkHttpClient> client;
  private volatile boolean started;

  private HttpConfig(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.proxyVariables = Map.copyOf(b.proxyVariables);
    this.caBundle = b.caBundle;
    this.client =
        new FutureTask<>(
            () -> HttpClients.build(connectTimeout, readTimeout, proxyVariables, caBundle));
  }

  /** No proxy, no extra CA; connect timeout 10 s, read timeout 30 s. */
  public static HttpConfig defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts building the HTTP client on a daemon thread, so that its cost overlaps what the caller
   * does next; an engine waits for it when it first contacts a registry. Calling it again does
   * nothing.
   *
   * @return this configuration
   */
  public HttpConfig prepare() {
    synchronized (this) {
      if (started) return this;
      started = true;
    }
    Thread t = new Thread(client, "hoist-http-client");
    t.setDaemon(true);
    t.start();
    return this;
  }

  /**
   * Builds the client now (or waits for {@link #prepare()}'s), so that a configuration error is
   * reported before any work starts.
   *
   * @throws Unusable when a proxy URL or the CA bundle cannot be used
   */
  public void check() {
    client();
  }

  /** The client, built once. */
  OkHttpClient client() {
    boolean run;
    synchronized (this) {
      run = !started;
      started = true;
    }
    if (run) client.run();
    try {
      return awaitClient();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException || cause instanceof IllegalArgumentException) {
        throw new Unusable(cause.getMessage(), cause);
      }
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException(cause);
    }
  }

  /** Waits for the client; an interrupt is kept, never turned into a failure to build it. */
  private OkHttpClient awaitClient() throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return client.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  /**
   * A configuration that cannot be used: a malformed proxy URL, a CA bundle that is missing or
   * holds no certificate. Its message names the setting. A configuration error, not a failed
   * update: the engine throws it from the call that first needed the network.
   */
  public static final class Unusable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unusable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Configures an {@link HttpConfig}; every setting has a default. */
  public static final class Builder {
    private Duration connectTimeout = HttpClients.CONNECT_TIMEOUT;
    private Duration readTimeout = HttpClients.READ_TIMEOUT;
    private Map<String, String> proxyVariables = Map.of();
    private Optional<Map.Entry<String, Path>> caBundle = Optional.empty();

    private Builder() {}

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = Objects.requireNonNull(d);
      return this;
    }

    /** The longest wait for the next bytes of a response (and for a request to be written). */
    public Builder readTimeout(Duration d) {
      this.readTimeout = Objects.requireNonNull(d);
      return this;
    }

    /**
     * Reads the standard proxy variables from {@code environment}, typically {@code
     * System.getenv()}: {@code https_proxy}, {@code http_proxy} and {@code no_proxy}, lower case
     * first. Credentials in a proxy URL answer the proxy's challenge.
     */
    public Builder proxiesFrom(Map<String, String> environment) {
      this.proxyVariables = Map.copyOf(environment);
      return this;
    }

    /**
     * Also trusts the certificates of this PEM bundle.
     *
     * @param source what the bundle is called in messages, e.g. {@code GREET_CA_BUNDLE}
     */
    public Builder caBundle(Path pem, String source) {
      this.caBundle = Optional.of(new AbstractMap.SimpleImmutableEntry<>(source, pem));
      return this;
    }

    public HttpConfig build() {
      return new HttpConfig(this);
    }
  }
}
