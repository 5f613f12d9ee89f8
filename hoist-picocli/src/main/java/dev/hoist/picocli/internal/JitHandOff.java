package dev.hoist.picocli.internal;

import dev.hoist.engine.HandOff;
import dev.hoist.engine.UpdateResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Hands a large download over to a JVM that may use the C2 compiler. {@code bin/hoist} starts the
 * JVM with {@code -XX:TieredStopAtLevel=1}, which keeps every start short (the no-op update runs at
 * each session start) but leaves the JDK's SHA-256 intrinsic out: hashing 200 MB then takes 1.9 s
 * instead of 0.2 s (docs/benchmarks.md). So, after the check and before the lock, an install of an
 * archive of at least {@link #MIN_BYTES} is run again, with the same arguments, by the same
 * launcher with {@code -XX:TieredStopAtLevel=4} (and a small young generation, see {@link
 * #javaOptions}) appended to {@code HOIST_JAVA_OPTS}: that process checks, locks and installs as
 * any other would, prints the output and logs the run; this one waits, prints nothing and exits
 * with its code.
 *
 * <p>Applies only to a copy started by its launcher whose JIT options the user did not set, and
 * never twice ({@code HOIST_HANDOFF} marks the second process).
 */
public final class JitHandOff implements HandOff {
  /** Below this the hand-off (one more JVM start, ~0.2 s) costs more than C1 hashing does. */
  public static final long MIN_BYTES = 32L << 20;

  public static final String MARK = "HOIST_HANDOFF";

  private final Environment env;
  private final String launcher;
  private final long minBytes;
  private List<String> args = List.of();
  private Process child;

  /** Hoist's own hand-off, through {@code bin/hoist}. */
  public JitHandOff(Environment env) {
    this(env, "bin/hoist");
  }

  /**
   * @param launcher the app's launcher inside its install, e.g. {@code bin/greet}; it reads the
   *     app's {@code <PREFIX>_JAVA_OPTS}
   */
  public JitHandOff(Environment env, String launcher) {
    this.env = env;
    this.launcher = launcher;
    this.minBytes =
        env.get("HOIST_TEST_HANDOFF_BYTES")
            .filter(v -> v.matches("\\d{1,18}"))
            .map(Long::parseLong)
            .orElse(MIN_BYTES);
  }

  /** The command line to run again, as this process got it. */
  public void arguments(List<String> args) {
    this.args = List.copyOf(args);
  }

  /** The exit code of the process the install was handed to, if it was. */
  public OptionalInt exitCode() {
    return child == null ? OptionalInt.empty() : OptionalInt.of(child.exitValue());
  }

  @Override
  public Optional<UpdateResult> install(String target, long downloadSize) {
    Optional<Path> launcher = launcher();
    if (launcher.isEmpty() || downloadSize < minBytes || args.isEmpty()) return Optional.empty();
    List<String> command = new ArrayList<>();
    command.add(launcher.get().toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().clear();
    pb.environment().putAll(env.variables());
    pb.environment().put(MARK, "1");
    pb.environment().put(env.name("JAVA_OPTS"), javaOptions(env.app("JAVA_OPTS").orElse("")));
    try {
      child = pb.start();
    } catch (IOException e) {
      return Optional.empty(); // this process installs it, only more slowly
    }
    waitForChild();
    return Optional.of(
        new UpdateResult(
            UpdateResult.Status.SKIPPED,
            null,
            null,
            null,
            null,
            "handed-off",
            child.pid(),
            null,
            "the install of " + target + " ran in process " + child.pid(),
            0,
            null));
  }

  /**
   * The user's options, then C2, and a 16 MB young generation unless the user sized the heap: with
   * C2 the default one (a share of the machine's memory) let a 1 GB update's peak RSS grow from 121
   * to 140 MB; with 16 MB it stays under 100 MB for 3–5 % more time.
   */
  public static String javaOptions(String user) {
    return (user + " -XX:TieredStopAtLevel=4" + (user.contains("-Xm") ? "" : " -Xmn16m")).strip();
  }

  /**
   * Waits for the child; a signal to this process (an interrupt from {@link SignalGuard}) is passed
   * on, and the child's own clean stop is waited for.
   */
  private void waitForChild() {
    boolean interrupted = false;
    while (true) {
      try {
        child.waitFor();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
        child.destroy(); // SIGTERM: the child stops cleanly, as on any signal
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  /**
   * The launcher of the running copy, when the JVM runs with bin/hoist's C1-only flags: started by
   * it, not already the second process, and no JIT option of the user's.
   */
  private Optional<Path> launcher() {
    if (env.get(MARK).isPresent()) return Optional.empty();
    if (env.app("JAVA_OPTS").filter(o -> o.contains("TieredStopAtLevel")).isPresent()) {
      return Optional.empty();
    }
    return env.installDir().map(d -> d.resolve(launcher)).filter(Files::isExecutable);
  }
}
