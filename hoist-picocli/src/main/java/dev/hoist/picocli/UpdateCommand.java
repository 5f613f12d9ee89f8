package dev.hoist.picocli;

import dev.hoist.engine.HttpConfig;
import dev.hoist.engine.QuickCheck;
import dev.hoist.engine.UpdateEngine;
import dev.hoist.engine.UpdateListener;
import dev.hoist.engine.UpdateRequest;
import dev.hoist.engine.UpdateResult;
import dev.hoist.engine.internal.app.AppDescriptor;
import dev.hoist.picocli.internal.AppOption;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Durations;
import dev.hoist.picocli.internal.Environment;
import dev.hoist.picocli.internal.HttpSettings;
import dev.hoist.picocli.internal.JitHandOff;
import dev.hoist.picocli.internal.Output;
import dev.hoist.picocli.internal.ProgressBar;
import dev.hoist.picocli.internal.SelfInstall;
import dev.hoist.picocli.internal.Settings;
import dev.hoist.picocli.internal.SignalGuard;
import dev.hoist.picocli.internal.TestHooks;
import dev.hoist.picocli.internal.TrustSettings;
import dev.hoist.picocli.internal.Unattended;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code update}: checks the registry and installs a newer release. Any picocli application gets it
 * with one annotation, configured from the distribution it runs in (the Maven plugin's archive:
 * {@code conf/hoist.json} names the app, its launcher, version command, registry and channel, and
 * {@code conf/keys/*.pub} the publisher's keys):
 *
 * <pre>{@code
 * @Command(name = "greet", subcommands = UpdateCommand.class)
 * class Greet { ... }
 * }</pre>
 *
 * <p>The app's users then have {@code greet update} with the options, JSON objects and exit codes
 * of {@code hoist update}, and its variables: {@code GREET_HOME}, {@code GREET_REGISTRY}, {@code
 * GREET_CHANNEL}, {@code GREET_TRUSTED_KEYS}, {@code GREET_NO_AUTO_UPDATE}. An application that
 * configures the engine itself uses {@link #UpdateCommand(Supplier, Defaults)} instead:
 *
 * <pre>{@code
 * new CommandLine(new MyApp())
 *     .addSubcommand("update", new UpdateCommand(() -> engine, UpdateCommand.Defaults.of(uri, "stable")));
 * }</pre>
 *
 * <p>Why one class: it is one subcommand's options, their validation and the one call into the
 * engine they become; the detached, hand-off and progress paths are separate classes it picks.
 */
@Command(
    name = "update",
    description = {
      "Check the registry and, when a newer release exists, download it, verify it and switch"
          + " to it in one atomic step.",
      "",
      "Runs that change nothing (up to date, --check, --dry-run, an unreachable registry) never"
          + " take the update lock. When another update is running, this one reports"
          + " 'another hoist update is already running (pid=N); skipping' and exits 0."
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  updated, up to date, update available (--check), or skipped",
      "  1  the update failed; the installed version is unchanged",
      "  2  usage error",
      " 10  an update is available (--check --exit-code)",
      "",
      "Examples:",
      "  hoist update                     install the newest release of your channel",
      "  hoist update --check --json      ask whether an update exists, as JSON",
      "  hoist update --to 1.2.0          install exactly 1.2.0 (may be a downgrade)",
      "  hoist update --registry https://example.com/hoist/manifest.json"
    })
public final class UpdateCommand implements Callable<Integer> {

  /** Where the registry and channel come from when no flag names them. */
  public interface Defaults {
    /** The registry, or a {@link CommandLine.ParameterException}-worthy message if broken. */
    Optional<URI> registry() throws Exception;

    String channel() throws Exception;

    /** Fixed defaults, for embedding applications. */
    static Defaults of(URI registry, String channel) {
      return new Defaults() {
        @Override
        public Optional<URI> registry() {
          return Optional.of(registry);
        }

        @Override
        public String channel() {
          return channel;
        }
      };
    }
  }

  /** What {@code --app FILE} switches to: the app's engine, settings and log. */
  record AppTarget(
      Supplier<UpdateEngine> engine, Defaults defaults, Unattended unattended, Path descriptor) {}

  // Hoist's own, unless --app names another application (see selectApp). Set by a constructor,
  // or, for the no-argument form, when the command runs and knows its app (see fromDistribution).
  private Supplier<UpdateEngine> engine;
  private Defaults defaults;
  private Unattended unattended;
  private Path appDescriptor; // with --app: the descriptor, recorded in the app's home
  private boolean interactive;
  private java.util.function.BiFunction<UpdateListener, PrintWriter, UpdateListener> hooks;
  private Runnable prepare;
  private java.util.function.BiFunction<Path, CommandLine.Model.CommandSpec, AppTarget> apps;
  private JitHandOff handOff; // null for embedding applications that configure the engine
  private Context context; // likewise
  private final boolean fromDistribution;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  // Help only: -V/--version is the app's own, on its top command (greet --version).
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--check", description = "Only report whether an update is available.")
  boolean check;

  @Option(
      names = "--exit-code",
      description =
          "With --check: exit "
              + UPDATE_AVAILABLE_EXIT
              + " when an update is available, so a"
              + " script can branch on it (as git diff --exit-code).")
  boolean exitCode;

  /** The exit code of {@code --check --exit-code} when an update is available. */
  public static final int UPDATE_AVAILABLE_EXIT = 10;

  @Option(names = "--dry-run", description = "Show what would be installed; change nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print nothing unless the update fails.")
  boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show the stack trace of a failure.")
  boolean verbose;

  @Option(
      names = "--auto",
      description =
          "Unattended run (hook, scheduler): no prompts, no progress bar, nothing printed (the"
              + " run is logged to logs/update.log); respects pause, rollout, CI and"
              + " <APP>_NO_AUTO_UPDATE (HOIST_NO_AUTO_UPDATE for hoist); an unreachable"
              + " registry exits 0.")
  boolean auto;

  @Option(
      names = "--detach",
      description =
          "Start an --auto update as a detached background process and return at once"
              + " (exit 0); its output goes to logs/update.log.")
  boolean detach;

  @Option(
      names = "--caller",
      paramLabel = "NAME",
      description = "Who runs this update, recorded in the log (e.g. hook, schedule).")
  String caller;

  @Option(names = "--channel", paramLabel = "NAME", description = "Channel to follow.")
  String channel;

  @Option(
      names = "--to",
      paramLabel = "VERSION",
      description = "Install exactly this version, even if it is older.")
  String to;

  @Option(
      names = "--registry",
      paramLabel = "URL",
      description =
          "Manifest URL (https:, http: on loopback, file:, or a local path), or a registry"
              + " backend: npm:PACKAGE, maven:GROUP:ARTIFACT[:CLASSIFIER[:EXT]],"
              + " github:OWNER/REPO (see docs/registries.md).")
  String registry;

  @Option(
      names = "--wait",
      arity = "0..1",
      paramLabel = "DURATION",
      fallbackValue = "10m",
      converter = Durations.class,
      description =
          "Wait for a running update to finish instead of skipping (default 10m), e.g. 30s, 5m.")
  Duration waitFor;

  /**
   * The command of {@code @Command(subcommands = UpdateCommand.class)}: the app, registry, channel
   * and keys come from the distribution the process runs in ({@code -Dhoist.install.dir}, set by
   * the launcher the Maven plugin generates), the rest from the environment, with the app's own
   * variable prefix. Run outside a distribution (a development build), it is the app named like the
   * root command, which reports that it is not self-managed.
   */
  public UpdateCommand() {
    this.fromDistribution = true;
  }

  /**
   * For applications that configure the engine themselves.
   *
   * @param engine the engine, built when the command runs
   * @param defaults the registry and channel when no flag names them
   */
  public UpdateCommand(Supplier<UpdateEngine> engine, Defaults defaults) {
    this(engine, defaults, false, (l, err) -> l, Unattended.NONE, () -> {}, null, null);
  }

  /**
   * @param prepare run when the command starts (not for {@code --detach}), before the settings are
   *     read: starts work the engine will need so that it overlaps the rest of start-up
   * @param handOff the engine's {@link JitHandOff}, whose process, once it ran the install, has
   *     already printed and logged it; null where there is none
   * @param apps what {@code --app FILE} switches to; null where the option does not exist
   */
  UpdateCommand(
      Supplier<UpdateEngine> engine,
      Defaults defaults,
      boolean interactive,
      java.util.function.BiFunction<UpdateListener, PrintWriter, UpdateListener> hooks,
      Unattended unattended,
      Runnable prepare,
      JitHandOff handOff,
      java.util.function.BiFunction<Path, CommandLine.Model.CommandSpec, AppTarget> apps) {
    this.engine = engine;
    this.defaults = defaults;
    this.interactive = interactive;
    this.hooks = hooks;
    this.unattended = unattended;
    this.prepare = prepare;
    this.apps = apps;
    this.handOff = handOff;
    this.fromDistribution = false;
  }

  UpdateCommand(Context context) {
    this(
        context,
        HttpSettings.config(context.env()),
        new JitHandOff(context.env(), context.app().launcher()));
    this.context = context;
  }

  /**
   * Wires the no-argument form for the app its distribution names (see {@link #UpdateCommand()}).
   */
  private void wire(Context context) {
    UpdateCommand w = new UpdateCommand(context);
    engine = w.engine;
    defaults = w.defaults;
    unattended = w.unattended;
    interactive = w.interactive;
    hooks = w.hooks;
    prepare = w.prepare;
    handOff = w.handOff;
    this.context = context;
    // No --app here: managing other tools is the hoist tool's, not every app's.
  }

  /**
   * The HTTP client (OkHttp and the TLS trust store, ~100 ms) is built on a background thread from
   * the start of {@link #call()}, while the settings are read; the engine waits for it.
   */
  private UpdateCommand(Context context, HttpConfig http, JitHandOff handOff) {
    // Read once per run: the config files are JSON.
    this(context, http, handOff, new Settings.Once(context.env(), context.home()));
  }

  private UpdateCommand(
      Context context, HttpConfig http, JitHandOff handOff, Settings.Once settings) {
    this(
        () -> context.engine(http, handOff, pacing(settings)),
        new Defaults() {
          @Override
          public Optional<URI> registry() throws Exception {
            return settings.get().registry();
          }

          @Override
          public String channel() throws Exception {
            return settings.get().channel();
          }
        },
        ProgressBar.wanted(context.env()),
        (listener, err) -> context.guard().watch(TestHooks.wrap(listener, context.env(), err)),
        new Unattended(context),
        http::prepare,
        handOff,
        (file, spec) -> {
          AppDescriptor d = AppOption.read(context, file, spec);
          return new AppTarget(
              () -> AppOption.engine(context, d, http, handOff, pacing(settings)),
              Defaults.of(uri(d, spec), d.channel()),
              new Unattended(context).recordingIn(AppOption.home(context, d)),
              d.file());
        });
  }

  /**
   * The configured check interval and release spread; a broken config file is reported by the
   * registry's read.
   */
  private static Settings.Pacing pacing(Settings.Once settings) {
    try {
      return settings.get().pacing();
    } catch (Settings.BadSetting e) {
      return Settings.Pacing.DEFAULT;
    }
  }

  private static URI uri(AppDescriptor d, CommandLine.Model.CommandSpec spec) {
    try {
      return Settings.toUri(d.registry());
    } catch (Settings.BadSetting e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--app: " + d.file() + ": " + e.getMessage(), e);
    }
  }

  /** With {@code --app FILE}, the rest of the run acts on that application. */
  private void selectApp() {
    Optional<Path> file = AppOption.of(spec);
    if (file.isEmpty() || apps == null) return;
    AppTarget t = apps.apply(file.get(), spec);
    engine = t.engine();
    defaults = t.defaults();
    unattended = t.unattended();
    appDescriptor = t.descriptor();
  }

  @Option(
      names = "--self-install",
      hidden = true,
      description = "Install the extracted archive this runs from (what <app>-install.sh runs).")
  boolean selfInstall;

  @Option(names = "--home", hidden = true, paramLabel = "DIR")
  Path home;

  @Option(names = "--bin-dir", hidden = true, paramLabel = "DIR")
  Path binDir;

  @Override
  public Integer call() {
    if (!fromDistribution) return run();
    SignalGuard guard = SignalGuard.install(Thread.currentThread());
    try {
      wire(Context.ofDistribution(Environment.capture(), Clock.systemUTC(), guard, program()));
    } catch (IllegalArgumentException e) {
      guard.finished();
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    try {
      return run();
    } catch (TrustSettings.BadTrustConfig | HttpConfig.Unusable e) {
      // The hoist tool's handler makes this a usage error; an app's command does it here.
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    } finally {
      guard.finished();
    }
  }

  /** The app's variable {@code suffix}, e.g. {@code GREET_REGISTRY} ({@code HOIST_} for Hoist). */
  private String variable(String suffix) {
    return (context != null ? context.env().prefix() : Environment.HOIST) + "_" + suffix;
  }

  /** The name the app's messages start with: the root command's, {@code hoist} for Hoist. */
  private String program() {
    return spec.root().name();
  }

  /**
   * An unattended run's usage error or crash is a JSON line of the update log too, which {@code
   * history} shows: a detached run's stderr reaches that log only as raw text, which it skips.
   */
  private Integer run() {
    try {
      return runChecked();
    } catch (CommandLine.ParameterException
        | TrustSettings.BadTrustConfig
        | HttpConfig.Unusable e) {
      if (auto && unattended != null) {
        unattended.recordError("update", caller(), "usage-error", e.getMessage());
      }
      throw e;
    } catch (RuntimeException e) {
      if (auto && unattended != null) {
        unattended.recordError("update", caller(), "crashed", String.valueOf(e));
      }
      throw e;
    }
  }

  private Integer runChecked() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (selfInstall) {
      if (check
          || dryRun
          || json
          || auto
          || detach
          || to != null
          || channel != null
          || registry != null
          || waitFor != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--self-install takes only --home, --bin-dir and --verbose");
      }
      return selfInstall(out, err);
    }
    if (home != null || binDir != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--home and --bin-dir apply to --self-install only");
    }
    if (check && dryRun) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--check and --dry-run cannot be combined");
    }
    // Taken before anything is read, so that a verdict stored below never outlives its inputs.
    Optional<QuickCheck> quick =
        context == null
            ? Optional.empty()
            : QuickUpdate.of(context, spec.root().commandLine().getParseResult().originalArgs());
    Optional<QuickCheck.Fingerprint> before = quick.map(QuickCheck::fingerprint);
    selectApp();
    if (detach) return DetachedUpdate.start(this, unattended, out);
    prepare.run();
    UpdateRequest request = request();
    boolean install = request.mode() == UpdateRequest.Mode.INSTALL;
    if (auto) {
      Optional<UpdateResult> off = gate();
      if (off.isPresent()) {
        if (install) unattended.record("update", caller(), off.get());
        print(off.get(), out, err);
        return 0;
      }
      // "autoUpdate": "check-only": look and record (the log, the notice), never install.
      if (install && unattended.checkOnly()) request = request.withMode(UpdateRequest.Mode.CHECK);
    } else if (install && !json && !quiet) {
      Optional<dev.hoist.engine.internal.auto.Pause.State> pause = unattended.pause();
      if (pause.isPresent()) {
        before = Optional.empty(); // the quick path would not repeat this note
        err.println(
            program()
                + ": note: unattended updates are "
                + pause.get().describe()
                + "; this manual update goes ahead");
      }
    }
    UpdateListener listener =
        hooks.apply(
            interactive && !quiet && !json && !auto ? new ProgressBar(err) : UpdateListener.NONE,
            err);
    if (handOff != null)
      handOff.arguments(spec.root().commandLine().getParseResult().originalArgs());
    UpdateResult result = engine.get().update(request, listener);
    if (handOff != null && handOff.exitCode().isPresent()) {
      return handOff.exitCode().getAsInt(); // that process printed and logged the run
    }
    if (install) unattended.record("update", caller(), result);
    if (before.isPresent()) quick.get().remember(before.get(), request, result);
    if (appDescriptor != null
        && (result.status() == UpdateResult.Status.UPDATED
            || result.status() == UpdateResult.Status.UP_TO_DATE)) {
      unattended.rememberDescriptor(appDescriptor);
    }
    print(result, out, err);
    if (exitCode && result.status() == UpdateResult.Status.UPDATE_AVAILABLE) {
      return UPDATE_AVAILABLE_EXIT;
    }
    return result.exitCode(auto);
  }

  /**
   * {@code --self-install [--home DIR] [--bin-dir DIR]}: installs the distribution this process
   * runs from, as the app's installer script does after verifying and extracting the archive.
   */
  private int selfInstall(PrintWriter out, PrintWriter err) {
    if (context == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--self-install needs the command configured from its distribution");
    }
    return SelfInstall.run(
        context,
        Optional.ofNullable(home),
        Optional.ofNullable(binDir),
        Optional.empty(),
        out,
        err,
        verbose);
  }

  private String caller() {
    return caller != null ? caller : auto ? "auto" : "manual";
  }

  Optional<UpdateResult> gate() {
    try {
      return unattended.gate();
    } catch (Settings.BadSetting e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  UpdateRequest request() {
    URI uri;
    String ch;
    try {
      uri =
          registry != null
              ? Settings.toUri(registry)
              : defaults
                  .registry()
                  .orElseThrow(
                      () ->
                          new CommandLine.ParameterException(
                              spec.commandLine(),
                              "no registry configured: pass --registry URL, set "
                                  + variable("REGISTRY")
                                  + ", or set \"registry\" in $"
                                  + variable("HOME")
                                  + "/config.json"));
      ch = channel != null ? channel : defaults.channel();
    } catch (CommandLine.ParameterException e) {
      throw e;
    } catch (Exception e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    UpdateRequest r =
        UpdateRequest.to(uri)
            .withChannel(ch)
            .withUnattended(auto)
            .withMode(
                check
                    ? UpdateRequest.Mode.CHECK
                    : dryRun ? UpdateRequest.Mode.DRY_RUN : UpdateRequest.Mode.INSTALL);
    String version = to;
    boolean fromPin = false;
    if (version == null) {
      // 'hoist pin': every update of this home targets the pinned version, as --to would.
      Optional<String> pin = unattended.pinnedVersion();
      if (pin.isPresent()) {
        version = pin.get();
        fromPin = true;
      }
    }
    if (version != null) {
      // v1.2.0, as tags are written, means 1.2.0.
      if (version.matches("[vV]\\d.*")) version = version.substring(1);
      try {
        r = fromPin ? r.withHomePin(version) : r.withPinned(version);
      } catch (IllegalArgumentException e) {
        if (fromPin) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "pinned at '"
                  + version
                  + "', which is not a version: '"
                  + program()
                  + " pin VERSION' or '"
                  + program()
                  + " unpin' replaces it",
              e,
              null,
              version);
        }
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--to: " + e.getMessage(), e, null, to);
      }
      if (fromPin && !json && !quiet && !auto) {
        spec.commandLine()
            .getErr()
            .println(
                program()
                    + ": note: pinned at "
                    + version
                    + " ('"
                    + program()
                    + " unpin' follows the channel again)");
      }
    }
    if (waitFor != null) r = r.withWaitForLock(waitFor);
    return r;
  }

  private void print(UpdateResult result, PrintWriter out, PrintWriter err) {
    if (json) {
      Output.json(out, result.toJson());
      if (verbose && result.cause() != null) result.cause().printStackTrace(err);
      return;
    }
    if (auto) return; // unattended: the log line is the output
    if (result.status() == UpdateResult.Status.FAILED) {
      Output.error(err, program(), result.message(), result.cause(), verbose);
    } else if (!quiet) {
      out.println(result.message());
      if (result.release() != null) Output.release(out, result.release());
      out.flush();
    }
  }
}
