package dev.hoist.cli;

import dev.hoist.picocli.QuickUpdate;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Environment;
import dev.hoist.picocli.internal.SignalGuard;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The {@code hoist} entry point: the only place of the tool that reads the process environment
 * ({@link Environment#capture}), builds the clock and calls {@link System#exit}. {@link #run} is
 * the seam tests use.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    // A bare `hoist update` that nothing changed for is answered before anything else is built
    // (no settings, no picocli, no signal guard: that path holds no lock and leaves nothing
    // half-written). Plain code up to there: the first lambda or regex of a JVM costs ~3 ms.
    if (QuickUpdate.answer("hoist", args)) System.exit(0);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    Environment env;
    try {
      env = Environment.capture();
    } catch (IllegalArgumentException e) {
      err.println("hoist: error: " + e.getMessage());
      err.flush();
      System.exit(2);
      return;
    }
    Clock clock = Clock.systemUTC();
    SignalGuard guard = SignalGuard.install(Thread.currentThread());
    int code;
    try {
      code = run(out, err, env, clock, guard, args);
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
}
