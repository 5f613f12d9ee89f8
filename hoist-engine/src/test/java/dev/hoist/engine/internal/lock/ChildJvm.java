package dev.hoist.engine.internal.lock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A child JVM running {@link LockHolderMain}, with its stdout lines queued for the test. */
final class ChildJvm implements AutoCloseable {
  private static final String EOF = "\0EOF";

  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r = process.inputReader()) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // The child died: EOF below tells the waiter.
              }
              lines.add(EOF);
            },
            "child-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code LockHolderMain args...} with {@code HOME=logDir}; its stderr goes to a file in
   * {@code logDir}.
   */
  static ChildJvm start(Path logDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(javaCommand());
    command.addAll(
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xmx64m",
            "-Xss512k",
            "-cp",
            System.getProperty("java.class.path"),
            LockHolderMain.class.getName()));
    command.addAll(List.of(args));
    try {
      Files.createDirectories(logDir);
      Path err = Files.createTempFile(logDir, "child-", ".err");
      ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
      pb.environment().put("HOME", logDir.toString()); // nothing of the child's lands in ~
      Process p = pb.start();
      return new ChildJvm(p, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String javaCommand() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  long pid() {
    return process.pid();
  }

  /** The next stdout line starting with {@code prefix}; fails on timeout or exit. */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null || line.equals(EOF)) {
        throw new AssertionError(
            (line == null ? "timed out" : "child exited")
                + " waiting for '"
                + prefix
                + "' from child "
                + pid()
                + "; stderr:\n"
                + stderr());
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  /** The next stdout line, whatever it is. */
  String awaitAnyLine(Duration timeout) throws InterruptedException {
    return awaitLine("", timeout);
  }

  String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Closes the child's stdin: a holder releases and exits. */
  void closeStdin() throws IOException {
    process.getOutputStream().close();
  }

  /** SIGKILL, and wait until the kernel has reaped it (its locks are gone). */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError("child " + pid() + " survived SIGKILL");
    }
  }

  /** Waits for exit and returns the exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("child " + pid() + " did not exit; stderr:\n" + stderr());
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
