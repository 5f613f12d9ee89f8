package dev.hoist.engine.internal.install;

import dev.hoist.engine.internal.app.App;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an install's own launcher with its version command ({@code bin/hoist --version} for Hoist,
 * whatever an {@link App} names otherwise) and requires the expected answer (DESIGN §2 step 10):
 * the old version verifies the new one before anything is activated, and the active install after
 * the flip.
 */
public final class SmokeTest {
  private static final int MAX_OUTPUT = 64 * 1024;

  private final Duration timeout;
  private final Map<String, String> environment;
  private final java.util.function.ToLongFunction<Path> usableSpace;

  /**
   * @param timeout how long the staged launcher may take
   * @param environment variables to set for it, e.g. {@code JAVA_HOME} of the running JVM so the
   *     new launcher finds a Java even where none is on PATH
   */
  public SmokeTest(Duration timeout, Map<String, String> environment) {
    this(timeout, environment, SmokeTest::usableSpace);
  }

  /** With {@code usableSpace} of a directory's disk, for tests that cannot fill one. */
  SmokeTest(
      Duration timeout,
      Map<String, String> environment,
      java.util.function.ToLongFunction<Path> usableSpace) {
    this.timeout = timeout;
    this.environment = Map.copyOf(environment);
    this.usableSpace = usableSpace;
  }

  private static long usableSpace(Path dir) {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return Long.MAX_VALUE; // unknown: not taken for a full disk
    }
  }

  /** Checks a Hoist install: {@code <installRoot>/bin/hoist --version}. */
  public void check(Path installRoot, String expectedVersion, Path outputFile)
      throws UpdateException {
    check(App.HOIST, installRoot, expectedVersion, outputFile);
  }

  /**
   * Runs {@code app}'s version command in the install at {@code installRoot}, its output going to
   * {@code outputFile} (in the staging directory, so it is removed with it).
   *
   * @throws UpdateException {@code SMOKE_TEST_FAILED} when the launcher is missing, fails, hangs or
   *     reports another version
   */
  public void check(App app, Path installRoot, String expectedVersion, Path outputFile)
      throws UpdateException {
    Path launcher = installRoot.resolve(app.launcher());
    String command = app.describeVersionCommand();
    if (!Files.isRegularFile(launcher) || !Files.isExecutable(launcher)) {
      throw fail("the new release has no executable " + app.launcher());
    }
    ProcessBuilder pb = new ProcessBuilder(app.versionCommand(installRoot));
    pb.environment().putAll(environment);
    Process p;
    try {
      p = Children.start(pb, outputFile);
    } catch (IOException e) {
      throw fail("cannot run the new release's " + app.launcher() + ": " + e.getMessage());
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        Children.killTree(p);
        throw fail("the new release's " + command + " did not answer within " + timeout);
      }
      String output = readHead(outputFile);
      java.util.Optional<App.VersionLine> reported = app.versionLine(output);
      if (p.exitValue() != 0
          || reported.filter(r -> App.sameVersion(r.version(), expectedVersion)).isEmpty()) {
        if (diskFull(outputFile)) {
          throw new UpdateException(
              Reason.DISK_FULL,
              "no space left on device for the smoke test of "
                  + expectedVersion
                  + " (its "
                  + command
                  + " exited "
                  + p.exitValue()
                  + "); nothing was changed");
        }
        throw fail(
            "the new release's "
                + command
                + " exited "
                + p.exitValue()
                + " and printed "
                + reported
                    .map(r -> quote(r.line()) + " (version " + r.version() + ")")
                    .orElseGet(
                        () ->
                            firstLines(output)
                                + ", no line matching '"
                                + app.versionPattern().pattern()
                                + "'")
                + ", expected version "
                + expectedVersion);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpdateException(Reason.INTERRUPTED, "interrupted during the smoke test", e);
    } catch (IOException e) {
      throw fail("cannot read the new release's output: " + e.getMessage());
    } finally {
      Children.killTree(p);
    }
  }

  /** Whether the disk the output goes to is (all but) full: then the run could not write. */
  private boolean diskFull(Path outputFile) {
    return usableSpace.applyAsLong(outputFile.getParent()) < LOW_SPACE;
  }

  private static final long LOW_SPACE = 1024 * 1024;

  private static String readHead(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
    }
  }

  private static final int QUOTED_LINES = 3;

  /** Up to three non-blank lines of the output, quoted, or {@code nothing}. */
  private static String firstLines(String output) {
    java.util.List<String> lines =
        output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (lines.isEmpty()) return "nothing";
    String shown =
        String.join(" / ", lines.stream().limit(QUOTED_LINES).map(SmokeTest::quote).toList());
    return lines.size() > QUOTED_LINES ? shown + " / ..." : shown;
  }

  /** One line of the launcher's output, quoted and made printable. */
  private static String quote(String line) {
    return "'" + UpdateException.printable(line) + "'";
  }

  private static UpdateException fail(String message) {
    return new UpdateException(Reason.SMOKE_TEST_FAILED, message);
  }
}
