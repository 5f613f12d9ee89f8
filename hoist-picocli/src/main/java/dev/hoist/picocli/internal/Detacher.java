package dev.hoist.picocli.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a command as a fully detached background process: a new session ({@code setsid}, else
 * {@code nohup} where there is none, as on macOS), stdin from {@code /dev/null}, stdout and stderr
 * appended to a log file. It survives this process's exit and the terminal closing.
 *
 * <p>The JVM never becomes the parent of the long-lived process: it runs {@code /bin/sh}, which
 * starts the command in the background and exits at once; the command is then adopted by init. It
 * reports its pid to that shell from inside its new session, then moves its stdout to the log; the
 * shell prints the pid and exits, so this method returns only once the command is detached. (The
 * shell must collect the pid itself: the JDK stops reading a child's stdout when the child exits,
 * so a grandchild's late write would be lost.) A JVM that exits while a child it spawned still runs
 * is slowed by its process reaper (hundreds of milliseconds, see docs/benchmarks.md); here the only
 * child is already gone. The shell's stdout, which this process reads, is not inherited by the
 * command, so a caller that captures our output is not held open by it either.
 */
public final class Detacher {
  /**
   * Starts the command in a new session through an inner shell that prints its own pid (the
   * command's, after {@code exec}) from inside that session and only then points its stdout at the
   * log: our read of the pipe ends at that moment, so we return once the command is detached.
   */
  private static final String SCRIPT =
      "log=$1; shift\n"
          + "if command -v setsid >/dev/null 2>&1; then new=setsid; else new=nohup; fi\n"
          + "pid=$(\"$new\" /bin/sh -c 'echo \"$$\"; exec \"$@\" >>\"$0\"' \"$log\" \"$@\""
          + " </dev/null 2>>\"$log\" &)\n"
          + "echo \"$pid\"\n";

  private Detacher() {}

  /**
   * Starts {@code command} detached and returns its pid.
   *
   * @param env the complete environment of the command
   * @param direct spawn the command as this JVM's own child instead (the slow, naive way; kept only
   *     so that the benchmark can compare the two)
   * @throws IOException if the shell cannot be started or does not report a pid
   */
  public static long start(List<String> command, Path log, Map<String, String> env, boolean direct)
      throws IOException {
    Files.createDirectories(log.getParent());
    List<String> argv = new ArrayList<>();
    if (direct) {
      argv.add("setsid");
      argv.addAll(command);
    } else {
      argv.addAll(List.of("/bin/sh", "-c", SCRIPT, "hoist-detach", log.toString()));
      argv.addAll(command);
    }
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (direct) {
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      return pb.start().pid();
    }
    Process sh = pb.start();
    String out;
    try (InputStream in = sh.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    try {
      if (!sh.waitFor(10, TimeUnit.SECONDS)) {
        sh.destroyForcibly();
        throw new IOException("the shell starting the background update did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the background update", e);
    }
    if (sh.exitValue() != 0 || !out.matches("\\d+")) {
      throw new IOException(
          "could not start the background update (shell exit " + sh.exitValue() + ")");
    }
    return Long.parseLong(out);
  }
}
