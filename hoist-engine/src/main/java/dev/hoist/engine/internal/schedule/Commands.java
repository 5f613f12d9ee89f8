package dev.hoist.engine.internal.schedule;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs the scheduler's own tools ({@code crontab}, {@code systemctl}, {@code launchctl}). */
public interface Commands {
  /** A finished command. */
  record Result(int code, String out, String err) {}

  /**
   * Runs {@code argv} with {@code stdin} as its input and waits for it.
   *
   * @throws IOException if it cannot be started or does not finish in time
   */
  Result run(List<String> argv, String stdin) throws IOException;

  /** Real processes, with the given environment, each bounded by a timeout. */
  static Commands processes(Map<String, String> env) {
    return (argv, stdin) -> {
      List<String> resolved = new java.util.ArrayList<>(argv);
      // Look the command up on the given PATH: ProcessBuilder would search this JVM's own.
      if (!argv.get(0).contains("/")) {
        resolved.set(
            0,
            dev.hoist.engine.internal.io.Executables.onPath(argv.get(0), env.get("PATH"))
                .map(Object::toString)
                .orElseThrow(() -> new IOException(argv.get(0) + ": not found on PATH")));
      }
      ProcessBuilder pb = new ProcessBuilder(resolved);
      pb.environment().clear();
      pb.environment().putAll(env);
      Process p = pb.start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // The command did not read its input (it exited first); its exit code tells the rest.
      }
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IOException(String.join(" ", argv) + " did not finish within 30s");
        }
        return new Result(
            p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
        throw new IOException("interrupted while running " + argv.get(0), e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IOException("cannot read the output of " + argv.get(0), e);
      }
    };
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
