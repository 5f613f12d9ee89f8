package dev.hoist.picocli.internal;

import dev.hoist.engine.UpdateListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Hooks for the crash and concurrency tests, switched on only by environment variables that no user
 * sets ({@code HOIST_TEST_*}); without them this class is never constructed.
 *
 * <ul>
 *   <li>{@code HOIST_TEST_TRACE=FILE}: appends {@code <pid> <PHASE> <nanoTime>} for every phase of
 *       the flow, one {@code write(2)} with O_APPEND each, so the lines of concurrent runs form one
 *       total order the stress checker reads; the times (comparable within one process only) let
 *       the benchmarks time a phase.
 *   <li>{@code HOIST_TEST_PAUSE_AT=PHASE}: on entering that phase, prints {@code hoist-test: paused
 *       at PHASE} on stderr and blocks forever, so a test can kill the process exactly there.
 *   <li>{@code HOIST_TEST_GATE=FIFO}: on entering the check phase, reads the named pipe to its end,
 *       so a test decides when a (detached) run may proceed.
 *   <li>{@code HOIST_TEST_HANDOFF_BYTES=N} (read by {@link JitHandOff}): hand installs of N bytes
 *       or more to a second JVM instead of 32 MiB, so a test can see it with a small release.
 * </ul>
 */
public final class TestHooks implements UpdateListener {
  private final UpdateListener next;
  private final java.io.PrintWriter err;
  private final Optional<Path> trace;
  private final Optional<Phase> pauseAt;
  private final Optional<Path> gate;
  private final long pid = ProcessHandle.current().pid();

  private TestHooks(
      UpdateListener next,
      java.io.PrintWriter err,
      Optional<Path> trace,
      Optional<Phase> pauseAt,
      Optional<Path> gate) {
    this.next = next;
    this.err = err;
    this.trace = trace;
    this.pauseAt = pauseAt;
    this.gate = gate;
  }

  /** Wraps {@code next} when the environment asks for hooks; otherwise returns it as is. */
  public static UpdateListener wrap(UpdateListener next, Environment env, java.io.PrintWriter err) {
    Optional<Path> trace = env.get("HOIST_TEST_TRACE").map(Path::of);
    Optional<Phase> pause =
        env.get("HOIST_TEST_PAUSE_AT").map(p -> Phase.valueOf(p.toUpperCase(Locale.ROOT)));
    Optional<Path> gate = env.get("HOIST_TEST_GATE").map(Path::of);
    if (trace.isEmpty() && pause.isEmpty() && gate.isEmpty()) return next;
    return new TestHooks(next, err, trace, pause, gate);
  }

  @Override
  public void phase(Phase phase, String detail) {
    trace.ifPresent(t -> append(t, pid + " " + phase + " " + System.nanoTime() + "\n"));
    if (gate.isPresent() && phase == Phase.CHECK) {
      try {
        java.nio.file.Files.readAllBytes(gate.get()); // blocks until the test writes and closes
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot read the test gate " + gate.get(), e);
      }
    }
    if (pauseAt.isPresent() && pauseAt.get() == phase) {
      trace.ifPresent(t -> append(t, pid + " PAUSED " + System.nanoTime() + "\n"));
      err.println("hoist-test: paused at " + phase);
      err.flush();
      try {
        new CountDownLatch(1).await(); // until the test kills this process
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    next.phase(phase, detail);
  }

  @Override
  public void progress(long done, long total) {
    next.progress(done, total);
  }

  private static void append(Path file, String line) {
    boolean interrupted = Thread.interrupted(); // an interrupt would close the channel mid-write
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write the test trace " + file, e);
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }
}
