package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.e2e.Distributions.Duration;
import dev.hoist.e2e.Distributions.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, item 4, on a real pseudo-terminal: tmux runs {@code hoist update} in a pane 40 or 200
 * columns wide while the registry serves the archive slowly, and the pane is read as a person sees
 * it, many times during the download and once at the end. The bar shows percent, rate and time
 * left, never wraps, and ends replaced in place by one summary line, with nothing of it left over;
 * it is drawn though stdout is piped (stderr is the terminal), and not at all with {@code
 * TERM=dumb}.
 */
class ProgressTerminalIT {
  @TempDir static Path shared;
  private static InstalledHoist hoist;

  @TempDir Path tmp;

  @BeforeAll
  static void build() throws Exception {
    hoist = InstalledHoist.create(Files.createDirectories(shared.resolve("app")));
  }

  /** The pane's snapshots while {@code hoist update} runs, the last one after it ended. */
  private List<List<String>> watch(int width, String term) throws Exception {
    Path home = hoist.freshHome(tmp.resolve("home"));
    DirectoryDispatcher files = new DirectoryDispatcher(hoist.registry);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              MockResponse r = files.dispatch(request);
              if (!request.getUrl().encodedPath().endsWith(".tar.gz")) return r;
              return r.newBuilder().throttleBody(256 * 1024, 100, TimeUnit.MILLISECONDS).build();
            }
          });
      server.start();
      Path script = tmp.resolve("run.sh");
      Files.writeString(
          script,
          "#!/bin/sh\n"
              + "unset CI\n"
              + "export TERM="
              + term
              + " HOME='"
              + tmp.resolve("user")
              + "' JAVA_HOME='"
              + System.getProperty("java.home")
              + "' HOIST_REGISTRY='"
              + server.url("/manifest.json")
              + "'\n"
              + "'"
              + hoist.launcherIn(home)
              + "' update | cat\n"
              + "echo \"EXIT=$?\"\n"
              + "sleep 600\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
      String socket = tmp.resolve("tmux.sock").toString();
      Run started =
          Distributions.run(
              tmp,
              Map.of(),
              Duration.COMMAND,
              "tmux",
              "-S",
              socket,
              "-f",
              "/dev/null",
              "new-session",
              "-d",
              "-x",
              Integer.toString(width),
              "-y",
              "30",
              script.toString());
      assertEquals(0, started.code(), started.describe());
      List<List<String>> snapshots = new ArrayList<>();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
          Run pane =
              Distributions.run(
                  tmp,
                  Map.of(),
                  Duration.COMMAND,
                  "tmux",
                  "-S",
                  socket,
                  "capture-pane",
                  "-p",
                  "-J");
          List<String> lines = pane.out().lines().map(String::stripTrailing).toList();
          snapshots.add(lines);
          if (lines.stream().anyMatch(l -> l.startsWith("EXIT="))) return snapshots;
          Thread.sleep(100);
        }
        throw new AssertionError(
            "hoist update did not end; last pane:\n" + snapshots.get(snapshots.size() - 1));
      } finally {
        Distributions.run(tmp, Map.of(), Duration.COMMAND, "tmux", "-S", socket, "kill-server");
      }
    }
  }

  @ParameterizedTest(name = "{0} columns")
  @ValueSource(ints = {40, 200})
  void theBar_redrawsInPlace_showsRateAndTimeLeft_andLeavesOneSummary(int width) throws Exception {
    List<List<String>> snapshots = watch(width, "xterm-256color");
    List<String> end = snapshots.get(snapshots.size() - 1);
    String all = String.join("\n", end);
    assertTrue(end.contains("EXIT=0"), all);
    int at = -1;
    for (int i = 0; i < end.size(); i++) if (end.get(i).startsWith("downloading ")) at = i;
    assertTrue(at >= 0, all);
    // The URL line may wrap (it is printed once); -J joins it back. Then the summary, in place.
    String summary = end.get(at + 1);
    assertTrue(
        summary.matches(
            "(downloaded )?\\d+\\.\\d MiB in \\d+(\\.\\d)?s( \\(\\d+\\.\\d [KM]iB/s\\))?"),
        "the bar's line became the summary, nothing of the bar left: '" + summary + "'\n" + all);
    assertEquals("extracting", end.get(at + 2), all);
    assertFalse(all.contains("%"), "no bar left anywhere:\n" + all);

    List<String> bars = new ArrayList<>();
    for (List<String> s : snapshots) for (String l : s) if (l.contains("%")) bars.add(l);
    assertTrue(bars.size() >= 3, "the bar was seen while it moved: " + bars);
    for (String bar : bars) {
      assertTrue(bar.length() < width, "no wider than the pane, so never wrapped: '" + bar + "'");
    }
    // The first draw comes before there is a rate to tell; the ones after show it.
    assertTrue(
        bars.stream().filter(b -> b.matches(".*\\d+%.* [KM]iB/s .* left")).count() >= 2,
        "rate and time left: " + bars);
    if (width >= 80) assertTrue(bars.stream().anyMatch(b -> b.startsWith("[#")), bars.toString());
  }

  @Test
  void aDumbTerminal_getsNoBar() throws Exception {
    List<List<String>> snapshots = watch(80, "dumb");
    List<String> end = snapshots.get(snapshots.size() - 1);
    assertTrue(end.contains("EXIT=0"), end.toString());
    for (List<String> s : snapshots) {
      for (String l : s) assertFalse(l.contains("%") || l.startsWith("downloaded "), l);
    }
  }
}
