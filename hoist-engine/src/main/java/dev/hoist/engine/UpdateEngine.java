package dev.hoist.engine;

import dev.hoist.engine.internal.app.App;
import dev.hoist.engine.internal.download.Downloader;
import dev.hoist.engine.internal.download.Transport;
import dev.hoist.engine.internal.extract.ArchiveExtractor;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.NpmDependencies;
import dev.hoist.engine.internal.install.PathLink;
import dev.hoist.engine.internal.install.Pins;
import dev.hoist.engine.internal.install.Provenance;
import dev.hoist.engine.internal.install.SmokeTest;
import dev.hoist.engine.internal.registry.ManifestParser;
import dev.hoist.engine.internal.registry.RegistryClient;
import dev.hoist.engine.internal.registry.backend.Backends;
import dev.hoist.engine.internal.version.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * The public entry point of the update engine: {@code update}, {@code rollback} and {@code status}
 * for the copy of an application that is running. Usable without the CLI:
 *
 * <pre>{@code
 * UpdateEngine engine = UpdateEngine.builder()
 *     .installDir(Path.of(System.getProperty("hoist.install.dir")))
 *     .runningVersion("1.0.0")
 *     .build();
 * UpdateResult r = engine.update(UpdateRequest.to(URI.create("https://example.com/manifest.json")));
 * }</pre>
 *
 * <p>An engine can also keep another archive-distributed application up to date in a home of its
 * own ({@link Builder#app}, {@link Builder#managedHome}), with the same layout, lock and
 * guarantees:
 *
 * <pre>{@code
 * UpdateEngine engine = UpdateEngine.builder()
 *     .app(new App("tool", "bin/tool", List.of("--version"), App.pattern("tool (\\S+)")))
 *     .managedHome(Path.of("/home/me/.local/share/hoist-apps/tool"))
 *     .pathLink(Path.of("/home/me/.local/bin/tool"))
 *     .build();
 * }</pre>
 *
 * <p>Methods never throw for a failed update: the failure is the result's status. Instances are
 * immutable and may be shared; concurrent calls are serialised across processes by the update lock.
 *
 * <p>Why one class: it is the engine's whole public surface, its builder and the wiring of the
 * internal parts a call needs; the flow itself is in {@link Updater} and {@link Rollback}.
 */
public final class UpdateEngine {
  private final Optional<Path> installDir;
  private final App app;
  private final Optional<Path> managedHome;
  private final Optional<Path> pathLink;
  private final HandOff handOff;
  private final Optional<Path> homeOverride;
  private final String runningVersion;
  private final Clock clock;
  private final HttpConfig http;
  private final Platform platform;
  private final Map<String, String> smokeTestEnvironment;
  private final Downloader.RetryPolicy retry;
  private final Downloader.Sleeper sleeper;
  private final Downloader.Deadlines deadlines;
  private final Duration retryFailedAfter;
  private final Duration releaseSpread;
  private final Duration checkInterval;
  private final ArchiveExtractor.Limits limits;
  private final Duration smokeTestTimeout;
  private final NpmDependencies.Settings npm;
  private final Optional<String> githubToken;
  private final PublisherKeys trustedKeys;

  private UpdateEngine(Builder b) {
    this.installDir = b.installDir;
    this.app = b.app;
    this.managedHome = b.managedHome;
    this.pathLink = b.pathLink;
    this.handOff = b.handOff;
    this.homeOverride = b.homeOverride;
    this.runningVersion = b.runningVersion;
    this.clock = b.clock;
    this.http = b.http;
    this.platform = b.platform;
    this.smokeTestEnvironment = Map.copyOf(b.smokeTestEnvironment);
    this.retry = b.retry;
    this.sleeper = b.sleeper;
    this.deadlines = b.deadlines;
    this.retryFailedAfter = b.retryFailedAfter;
    this.releaseSpread = b.releaseSpread;
    this.checkInterval = b.checkInterval;
    this.limits = b.limits;
    this.smokeTestTimeout = b.smokeTestTimeout;
    this.npm = b.npm;
    this.githubToken = b.githubToken;
    this.trustedKeys = b.trustedKeys;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the update flow; see {@link UpdateRequest} for what it may do.
   *
   * @throws HttpConfig.Unusable when the HTTP configuration cannot be used (a configuration error,
   *     not a failed update; {@link HttpConfig#check()} finds it beforehand)
   */
  public UpdateResult update(UpdateRequest request) {
    return update(request, UpdateListener.NONE);
  }

  /**
   * Runs the update flow, reporting progress to {@code listener}.
   *
   * @throws HttpConfig.Unusable as {@link #update(UpdateRequest)} does
   */
  public UpdateResult update(UpdateRequest request, UpdateListener listener) {
    long start = clock.millis();
    UpdateResult result;
    try {
      Provenance p = provenance();
      if (p instanceof Provenance.NotSelfManaged n) {
        result = notSelfManaged(n);
      } else {
        HoistHome home = ((Provenance.SelfManaged) p).home();
        if (managedHome.isPresent()) {
          home.requireUsable("choose another home");
          home.requireApp(app.name());
        }
        result = updater(home).update(request, listener);
      }
    } catch (UpdateException e) {
      result = UpdateResult.failed(interrupted(e));
    }
    return result.withDuration(clock.millis() - start);
  }

  /**
   * An interrupt surfaces wherever the flow was blocked (a closed channel, an interrupted read);
   * whatever the step reported, the cause was the interrupt.
   */
  private static UpdateException interrupted(UpdateException e) {
    if (!Thread.currentThread().isInterrupted() || e.reason() == Reason.INTERRUPTED) return e;
    return new UpdateException(
        Reason.INTERRUPTED, "interrupted; nothing was changed (" + e.getMessage() + ")", e);
  }

  /**
   * What {@code registry} offers ({@code hoist versions}): every version, newest first, or why they
   * could not be listed (as a check fails: unreachable registry, invalid manifest; a copy that is
   * not self-managed has no home to cache the check in). No lock.
   *
   * @param versions the versions; empty on failure
   * @param error why not, or null
   * @param message what went wrong, or null
   */
  public record Offered(List<OfferedVersion> versions, FailureReason error, String message) {
    public Offered {
      versions = List.copyOf(versions);
    }
  }

  /** Lists what {@code registry} offers; see {@link Offered}. */
  public Offered versions(java.net.URI registry) {
    try {
      Provenance p = provenance();
      if (p instanceof Provenance.NotSelfManaged n) {
        return new Offered(List.of(), FailureReason.INVALID_HOME, notSelfManaged(n).message());
      }
      return new Offered(
          updater(((Provenance.SelfManaged) p).home()).versions(registry), null, null);
    } catch (UpdateException e) {
      return new Offered(List.of(), FailureReason.of(e.reason()), e.getMessage());
    }
  }

  /** Flips {@code current} back to the previous complete version, under the lock. */
  public UpdateResult rollback() {
    long start = clock.millis();
    UpdateResult result;
    try {
      Provenance p = provenance();
      if (p instanceof Provenance.NotSelfManaged n) {
        result = notSelfManaged(n);
      } else {
        result = rollback(((Provenance.SelfManaged) p).home());
      }
    } catch (UpdateException e) {
      result = UpdateResult.failed(e);
    }
    return result.withDuration(clock.millis() - start);
  }

  private UpdateResult rollback(HoistHome home) throws UpdateException {
    if (managedHome.isPresent()) home.requireApp(app.name());
    return new Rollback(home, app, running(), clock).run();
  }

  /**
   * Pins the running version, so that garbage collection keeps it for as long as this process lives
   * or until the pin is closed: for long-running embedders that keep loading classes from their
   * version's jars. Empty for a copy Hoist does not manage.
   */
  public Optional<VersionPin> pinRunningVersion() throws IOException {
    if (managedHome.isEmpty() && provenance() instanceof Provenance.SelfManaged m) {
      String version = m.installDir().getFileName().toString();
      Pins.Pin pin = new Pins(m.home()).pin(version);
      return Optional.of(
          new VersionPin() {
            @Override
            public String version() {
              return version;
            }

            @Override
            public void close() {
              pin.close();
            }
          });
    }
    return Optional.empty();
  }

  /** What {@code hoist status} shows; never takes the lock. */
  public StatusReport status() {
    Provenance p = provenance();
    if (p instanceof Provenance.NotSelfManaged n) {
      return StatusReport.notSelfManaged(
          runningVersion, n.why(), n.updateCommand(), trustedKeys.describe());
    }
    HoistHome home = ((Provenance.SelfManaged) p).home();
    return StatusReport.of(
        home, running().orElse(home.currentVersion().orElse(null)), trustedKeys.describe());
  }

  /**
   * The home to update: a managed app's own, else the one the running copy lives in (DESIGN §2 step
   * 1), unless the copy is not Hoist's to update.
   */
  private Provenance provenance() {
    if (managedHome.isPresent()) {
      return new Provenance.SelfManaged(new HoistHome(managedHome.get()), managedHome.get());
    }
    return Provenance.of(app, installDir, homeOverride);
  }

  /** The running version, when the process runs from the home it updates (not for an app). */
  private Optional<String> running() {
    return managedHome.isPresent() ? Optional.empty() : Optional.of(runningVersion);
  }

  private UpdateResult notSelfManaged(Provenance.NotSelfManaged n) {
    return UpdateResult.skipped(
        "not-self-managed",
        null,
        n.why() + "; hoist does not update it. To update it, use: " + n.updateCommand());
  }

  private Updater updater(HoistHome home) {
    OkHttpClient client = http.client();
    Transport transport = new Transport(client);
    Transport registryTransport =
        new Transport(client.newBuilder().callTimeout(Duration.ofSeconds(60)).build());
    RegistryClient registry = new RegistryClient(registryTransport);
    Backends backends = new Backends(registryTransport, githubToken);
    return new Updater(
        home,
        app,
        running(),
        pathLink.map(l -> new PathLink(l, home.active().resolve(app.launcher()))),
        handOff,
        new ReleaseCheck(
            registry,
            new ManifestParser(),
            home.state(),
            clock,
            trustedKeys.internal(),
            Optional.of(backends)),
        new Downloader(transport, retry, sleeper, deadlines),
        new ArchiveExtractor(limits),
        new SmokeTest(smokeTestTimeout, smokeTestEnvironment),
        new NpmDependencies(npm, smokeTestEnvironment),
        platform,
        clock,
        retryFailedAfter,
        checkInterval,
        releaseSpread);
  }

  /**
   * The default least time between unattended checks: two minutes, long enough to fold a burst of
   * session hooks (the same second, from many terminals) into one request, short enough that a
   * release reaches a user who opens a shell within minutes of it.
   */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMinutes(2);

  /**
   * The default release spread of unattended runs, six hours: with it a fleet's release day stays
   * within twice its mean load per minute (docs/benchmarks.md, the fleet); a person's {@code
   * update} is never spread.
   */
  public static final Duration DEFAULT_RELEASE_SPREAD = Duration.ofHours(6);

  /** Configures an engine; every setting but the install location has a default. */
  public static final class Builder {
    private Optional<Path> installDir = Optional.empty();
    private App app = App.HOIST;
    private Optional<Path> managedHome = Optional.empty();
    private Optional<Path> pathLink = Optional.empty();
    private HandOff handOff = HandOff.NONE;
    private Optional<Path> homeOverride = Optional.empty();
    private String runningVersion = "0.0.0";
    private Clock clock = Clock.systemUTC();
    private HttpConfig http = HttpConfig.defaults();
    private Platform platform = Platform.of("linux", "amd64");
    private Map<String, String> smokeTestEnvironment = new LinkedHashMap<>();
    private Downloader.RetryPolicy retry = Downloader.RetryPolicy.DEFAULT;
    private Downloader.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
    private Downloader.Deadlines deadlines = Downloader.Deadlines.DEFAULT;
    private Duration retryFailedAfter = Duration.ofHours(24);
    private Duration releaseSpread = DEFAULT_RELEASE_SPREAD;
    private Duration checkInterval = DEFAULT_CHECK_INTERVAL;
    private ArchiveExtractor.Limits limits = ArchiveExtractor.Limits.defaults();
    private Duration smokeTestTimeout = Duration.ofSeconds(60);
    private PublisherKeys trustedKeys = PublisherKeys.none();
    private Optional<String> githubToken = Optional.empty();
    private NpmDependencies.Settings npm = NpmDependencies.Settings.defaults();

    private Builder() {}

    /**
     * Whether npm runs install scripts while it installs an npm package's dependencies into the
     * staged copy: true by default, as {@code npm install -g} runs them; false passes {@code
     * --ignore-scripts}.
     */
    public Builder npmScripts(boolean run) {
      this.npm = new NpmDependencies.Settings(run, npm.timeout(), npm.npm());
      return this;
    }

    /** Which npm runs, and for how long (tests). */
    Builder npm(NpmDependencies.Settings settings) {
      this.npm = Objects.requireNonNull(settings);
      return this;
    }

    /** The token for the GitHub Releases backend (private repositories, higher rate limit). */
    public Builder githubToken(Optional<String> token) {
      this.githubToken = Objects.requireNonNull(token);
      return this;
    }

    /**
     * The publisher keys whose signature a manifest must carry; {@link PublisherKeys#none()} (the
     * default) accepts unsigned manifests, checked by their checksums only.
     */
    public Builder trustedKeys(PublisherKeys keys) {
      this.trustedKeys = Objects.requireNonNull(keys);
      return this;
    }

    /**
     * The application this engine keeps up to date: {@link dev.hoist.engine.App#HOIST} (the
     * default), or an embedding application's own launcher and version command.
     */
    public Builder app(dev.hoist.engine.App a) {
      this.app = a.internal();
      return this;
    }

    /**
     * Manage this home directly instead of the one the running copy belongs to: for an application
     * other than the running process ({@code hoist update --app}). It is created on the first
     * update, which installs the first version; GC keeps no running version.
     */
    public Builder managedHome(Path home) {
      this.managedHome = Optional.of(home.toAbsolutePath().normalize());
      return this;
    }

    /**
     * The command link on PATH to create (once, through {@code current}) when a version becomes
     * active, e.g. {@code ~/.local/bin/tool}; a path something else occupies fails the update
     * before anything is downloaded.
     */
    public Builder pathLink(Path link) {
      this.pathLink = Optional.of(link.toAbsolutePath().normalize());
      return this;
    }

    /** Offered each install before the lock, to run it in another process ({@link HandOff}). */
    public Builder handOff(HandOff h) {
      this.handOff = Objects.requireNonNull(h);
      return this;
    }

    /** The directory of the running distribution; empty means a development build. */
    public Builder installDir(Optional<Path> dir) {
      this.installDir = Objects.requireNonNull(dir);
      return this;
    }

    /** {@code HOIST_HOME}: when set, only a copy inside it is updated. */
    public Builder homeOverride(Optional<Path> home) {
      this.homeOverride = Objects.requireNonNull(home);
      return this;
    }

    public Builder runningVersion(String v) {
      this.runningVersion = Objects.requireNonNull(v);
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    /** How registries are reached; {@link HttpConfig#defaults()} unless set. */
    public Builder http(HttpConfig h) {
      this.http = Objects.requireNonNull(h);
      return this;
    }

    /**
     * The platform whose asset a release must offer, as {@code os.name} and {@code os.arch} name it
     * (e.g. {@code Linux}, {@code amd64}); the default is {@code linux-amd64}, so an embedder
     * passes its own: {@code platform(System.getProperty("os.name"),
     * System.getProperty("os.arch"))}.
     */
    public Builder platform(String osName, String osArch) {
      this.platform = Platform.of(osName, osArch);
      return this;
    }

    /** Variables for the staged launcher's smoke test, e.g. {@code JAVA_HOME}. */
    public Builder smokeTestEnvironment(Map<String, String> env) {
      this.smokeTestEnvironment = new LinkedHashMap<>(env);
      return this;
    }

    public Builder smokeTestTimeout(Duration d) {
      this.smokeTestTimeout = Objects.requireNonNull(d);
      return this;
    }

    /**
     * How often a failed download is tried (4 times by default) and the back-off between tries
     * (from 500 ms, doubling, at most 30 s).
     */
    public Builder retry(int attempts, Duration firstDelay, Duration maxDelay) {
      return retry(new Downloader.RetryPolicy(attempts, firstDelay, maxDelay), sleeper);
    }

    Builder retry(Downloader.RetryPolicy r, Downloader.Sleeper s) {
      this.retry = Objects.requireNonNull(r);
      this.sleeper = Objects.requireNonNull(s);
      return this;
    }

    /**
     * The least time between two unattended checks of the registry ({@link #DEFAULT_CHECK_INTERVAL}
     * by default; zero, or anything under a millisecond, checks every time): a run that another
     * unattended run began less than this ago skips ({@code checked-recently}) without a request,
     * so the two hooks of one session start, or terminals opened together, ask once. A person's run
     * always checks.
     */
    public Builder checkInterval(Duration d) {
      if (d.isNegative())
        throw new IllegalArgumentException("an interval cannot be negative: " + d);
      this.checkInterval = d;
      return this;
    }

    /**
     * The window over which unattended runs take up a changed manifest ({@link
     * #DEFAULT_RELEASE_SPREAD} by default; zero: at their first check after it): each install waits
     * from its first sight of the manifest until its own moment in the window, placed by its
     * install id, before it fetches the signature or installs, so that a release does not bring the
     * whole fleet to the registry in the same hours. A person's run takes it at once.
     */
    public Builder releaseSpread(Duration d) {
      if (d.isNegative()) throw new IllegalArgumentException("a spread cannot be negative: " + d);
      this.releaseSpread = d;
      return this;
    }

    /**
     * How long unattended runs leave alone a release that failed its smoke test or health check
     * here (24 hours by default): a session hook would otherwise download a broken release again at
     * every start. A newer release, {@code --to} or a person's run tries at once.
     */
    public Builder retryFailedReleaseAfter(Duration d) {
      if (d.isNegative()) throw new IllegalArgumentException("a back-off cannot be negative: " + d);
      this.retryFailedAfter = d;
      return this;
    }

    /**
     * The slowest a download may be: on average at least {@code bytesPerSecond} over every {@code
     * window} (1 KiB/s over 30 s by default; curl's {@code --speed-limit} and {@code
     * --speed-time}); slower is a transient {@code download-failed}, retried like a dropped
     * connection.
     *
     * @throws IllegalArgumentException when the window is not positive or the rate negative
     */
    public Builder downloadSpeedLimit(long bytesPerSecond, Duration window) {
      this.deadlines =
          new Downloader.Deadlines(
              bytesPerSecond, window, deadlines.base(), deadlines.floorBytesPerSecond());
      return this;
    }

    /**
     * The longest a download may take in all, retries included: {@code base} plus the archive's
     * declared size at {@code bytesPerSecond} (by default 2 minutes plus the size at 16 KiB/s, so
     * ~12 minutes for 10 MB); past it the download is a transient {@code download-failed}.
     *
     * @throws IllegalArgumentException when the rate is not positive or the base negative
     */
    public Builder downloadDeadline(Duration base, long bytesPerSecond) {
      this.deadlines =
          new Downloader.Deadlines(
              deadlines.minBytesPerSecond(), deadlines.window(), base, bytesPerSecond);
      return this;
    }

    /**
     * The bounds an archive must stay within when extracted: total bytes (2 GiB by default),
     * entries (100,000) and the ratio of extracted to compressed bytes (200).
     *
     * @throws IllegalArgumentException when one is not positive
     */
    public Builder extractLimits(long maxTotalBytes, int maxEntries, long maxRatio) {
      return extractLimits(new ArchiveExtractor.Limits(maxTotalBytes, maxEntries, maxRatio));
    }

    Builder extractLimits(ArchiveExtractor.Limits l) {
      this.limits = Objects.requireNonNull(l);
      return this;
    }

    public UpdateEngine build() {
      return new UpdateEngine(this);
    }
  }
}
