package dev.hoist.picocli.internal;

import dev.hoist.engine.FailureReason;
import dev.hoist.engine.UpdateResult;
import dev.hoist.engine.internal.auto.LogEntry;
import dev.hoist.engine.internal.auto.Pause;
import dev.hoist.engine.internal.auto.UpdateLog;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.PinnedVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the {@code hoist} binary adds around an update for unattended callers: the gates of {@link
 * AutoPolicy}, the pause sentinel, one line in {@code logs/update.log} per run, and starting a
 * detached run. An embedding application's {@code update} command gets {@link #NONE}: no log, no
 * gates, no {@code --detach}.
 */
public final class Unattended {
  public static final Unattended NONE = new Unattended(null);

  private final Context context; // null for embedding applications
  private final Optional<HoistHome> logHome;
  private boolean checkOnly;

  public Unattended(Context context) {
    this(context, Optional.empty());
  }

  private Unattended(Context context, Optional<HoistHome> logHome) {
    this.context = context;
    this.logHome = logHome;
  }

  /** The same, but recording runs in {@code home}'s log: an app's runs go to the app's home. */
  public Unattended recordingIn(HoistHome home) {
    return new Unattended(context, Optional.of(home));
  }

  /**
   * A skipped result when unattended runs are off (disabled, CI), else empty.
   *
   * @throws Settings.BadSetting if a config file is broken
   */
  public Optional<UpdateResult> gate() throws Settings.BadSetting {
    if (context == null) return Optional.empty();
    Optional<Path> root = context.hoistHome().map(HoistHome::root).or(context::home);
    AutoPolicy.Policy p = AutoPolicy.policy(context.env(), root);
    checkOnly = p.checkOnly();
    return p.off().map(off -> skipped(off.reason(), off.message()));
  }

  /**
   * After {@link #gate}: true when unattended runs only look ({@code "autoUpdate": "check-only"}).
   */
  public boolean checkOnly() {
    return checkOnly;
  }

  /** The pause in force, if any. */
  public Optional<Pause.State> pause() {
    if (context == null) return Optional.empty();
    return context.hoistHome().flatMap(h -> new Pause(h.state(), context.clock()).active());
  }

  public static UpdateResult skipped(String reason, String message) {
    return new UpdateResult(
        UpdateResult.Status.SKIPPED, null, null, null, null, reason, null, null, message, 0, null);
  }

  /**
   * Appends the run's line to the update log. A log that cannot be written never fails the run: the
   * result is still reported, and the next run tries again.
   */
  public void record(String command, String caller, UpdateResult r) {
    append(
        command,
        caller,
        r.status().code(),
        r.from() != null ? r.from() : r.current(),
        r.to() != null ? r.to() : r.latest(),
        r.skipReason(),
        r.failure().map(FailureReason::code).orElse(null),
        r.message(),
        r.durationMs());
  }

  /**
   * Appends a line for a run that ended before it had a result: a usage error or a crash of an
   * unattended run, {@code error} being {@code usage-error} or {@code crashed}.
   */
  public void recordError(String command, String caller, String error, String message) {
    append(command, caller, "failed", null, null, null, error, message, 0);
  }

  private void append(
      String command,
      String caller,
      String status,
      String from,
      String to,
      String reason,
      String error,
      String message,
      long durationMs) {
    if (context == null) return;
    Optional<HoistHome> home = logHome.or(context::hoistHome);
    if (home.isEmpty()) return;
    LogEntry e =
        new LogEntry(
            context.clock().instant(),
            ProcessHandle.current().pid(),
            caller,
            command,
            status,
            from,
            to,
            reason,
            error,
            message,
            durationMs);
    try {
      new UpdateLog(home.get().logs()).append(e);
    } catch (IOException ex) {
      // Nothing is lost but the history line; the result itself is reported as usual.
    }
  }

  /** The home this run acts on: the app's with {@code --app}, else Hoist's own. */
  private Optional<HoistHome> home() {
    if (context == null) return Optional.empty();
    return logHome.or(context::hoistHome);
  }

  /** The version {@code hoist pin} holds this home at, if any. */
  public Optional<String> pinnedVersion() {
    return home().flatMap(h -> new PinnedVersion(h).get());
  }

  /**
   * Records, in an app's home, the descriptor it is managed with ({@code state/descriptor}), so
   * that {@code hoist list} and {@code update --all} find the app again. Best effort.
   */
  public void rememberDescriptor(Path descriptor) {
    if (logHome.isEmpty() || !logHome.get().exists()) return;
    try {
      dev.hoist.engine.internal.io.PrivateDirectory.create(logHome.get().state());
      dev.hoist.engine.internal.io.Durable.writeAtomically(
          logHome.get().state().resolve("descriptor"),
          (descriptor.toAbsolutePath().normalize() + "\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      // list and --all then find it only in the descriptor directory
    }
  }

  /** The update log file, when there is a home. */
  public Optional<Path> log() {
    if (context == null) return Optional.empty();
    return context.hoistHome().map(h -> new UpdateLog(h.logs()).file());
  }

  /**
   * Starts {@code hoist <args>} detached, through the launcher of the active install, with its
   * output appended to the update log.
   *
   * @return the pid of the background run
   * @throws IOException if it cannot be started
   * @throws IllegalStateException if this copy has no home or launcher to run
   */
  public long detach(List<String> args) throws IOException {
    if (context == null) throw new IllegalStateException("--detach is not supported here");
    HoistHome home =
        context
            .hoistHome()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "--detach needs an installed "
                            + context.app().name()
                            + " (this copy has no home to log to)"));
    Path launcher = home.active().resolve(context.app().launcher());
    if (!Files.isExecutable(launcher)) {
      launcher =
          context
              .env()
              .installDir()
              .map(d -> d.resolve(context.app().launcher()))
              .filter(Files::isExecutable)
              .orElseThrow(
                  () -> new IllegalStateException("--detach: no launcher at " + home.launcher()));
    }
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(args);
    boolean direct = context.env().get("HOIST_TEST_DETACH").filter("direct"::equals).isPresent();
    return Detacher.start(
        command, new UpdateLog(home.logs()).file(), context.env().variables(), direct);
  }
}
