package dev.hoist.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The {@code hoist} entry point: the only place that reads the process environment, builds the
 * clock and calls {@link System#exit}. {@link #run} is the seam tests use.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    SignalGuard guard = SignalGuard.install(Thread.currentThread());
    int code;
    try {
      code = run(out, err, environment(), Clock.systemUTC(), guard, args);
    } finally {
      out.flush();
      err.flush();
      guard.finished();
    }
    System.exit(code);
  }

  /** Runs one command line and returns its exit code; never exits the JVM. */
  public static int run(
      PrintWriter out, PrintWriter err, Environment env, Clock clock, String... args) {
    return run(out, err, env, clock, SignalGuard.inert(), args);
  }

  static int run(
      PrintWriter out,
      PrintWriter err,
      Environment env,
      Clock clock,
      SignalGuard guard,
      String... args) {
    return HoistCommand.commandLine(new Context(env, clock, guard), out, err, args).execute(args);
  }

  static Environment environment() {
    String installDir = System.getProperty("hoist.install.dir");
    return new Environment(
        System.getenv(),
        Optional.ofNullable(installDir).filter(s -> !s.isBlank()).map(Path::of),
        Path.of(System.getProperty("user.home")),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        Path.of(System.getProperty("java.home")),
        System.console() != null);
  }
}
