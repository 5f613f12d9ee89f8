package dev.hoist.picocli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.UpdateListener.Phase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, item 4: the bar never reaches the last column (so it cannot wrap), every redraw covers
 * the previous one, it shows rate and time left, and it ends as one summary line. The output is
 * replayed through a one-line terminal model here; ProgressTerminalIT draws it on a real
 * pseudo-terminal.
 */
class ProgressBarTest {

  /**
   * What a terminal shows for {@code text}: {@code \r} returns to column 0, {@code \n} ends the
   * line. A line that is redrawn (has a {@code \r}) must stay short of the last column, where it
   * would wrap and a redraw could no longer cover it.
   */
  static List<String> screen(String text, int width) {
    List<String> lines = new ArrayList<>();
    for (String logical : text.split("\n", -1)) {
      String[] draws = logical.split("\r", -1);
      StringBuilder shown = new StringBuilder();
      for (String d : draws) {
        if (draws.length > 1) {
          assertTrue(d.length() < width, "a redrawn line reaches column " + width + ": " + d);
        }
        for (int i = 0; i < d.length(); i++) {
          if (i < shown.length()) shown.setCharAt(i, d.charAt(i));
          else shown.append(d.charAt(i));
        }
      }
      if (!shown.isEmpty()) lines.add(shown.toString().stripTrailing());
    }
    return lines;
  }

  private static String download(int width, long total) {
    StringWriter out = new StringWriter();
    AtomicLong now = new AtomicLong();
    ProgressBar bar = new ProgressBar(new PrintWriter(out), () -> width, now::get);
    bar.phase(Phase.DOWNLOAD, "https://example.com/tool-1.1.0.tar.gz");
    for (long done = 0; done <= total; done += total / 50) {
      bar.progress(done, total);
      now.addAndGet(150_000_000L); // 150 ms a step: every step redraws
    }
    bar.progress(total, total);
    bar.phase(Phase.EXTRACT, "");
    return out.toString();
  }

  @ParameterizedTest
  @ValueSource(ints = {20, 40, 80, 200})
  void atAnyWidth_theBarFits_redrawsCleanly_andEndsAsASummary(int width) {
    String text = download(width, 3_500_000);
    List<String> shown = screen(text, width);
    assertEquals("downloading https://example.com/tool-1.1.0.tar.gz", shown.get(0));
    assertTrue(
        shown
            .get(1)
            .matches(
                width >= 80
                    ? "downloaded 3\\.3 MiB in \\d\\.\\ds \\(\\d+\\.\\d KiB/s\\)"
                    : "(downloaded )?3\\.3 MiB in \\d\\.\\ds"),
        "the bar's line, at the end: '" + shown.get(1) + "'");
    assertEquals("extracting", shown.get(2));
    assertEquals(3, shown.size(), shown.toString());
  }

  @Test
  void midway_theBarShowsPercentRateAndTimeLeft() {
    StringWriter out = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(out), () -> 80, () -> 0L);
    String line = bar.lineAt(80, 1_048_576, 4_194_304, 2_000_000_000L);
    assertEquals(
        "[#######.......................]  25% 1.0 MiB/4.0 MiB 512.0 KiB/s 6.0s left", line);
    String narrow = bar.lineAt(40, 1_048_576, 4_194_304, 2_000_000_000L);
    assertTrue(narrow.length() <= 39, narrow);
    assertTrue(narrow.contains("25%") && narrow.contains("left"), narrow);
  }

  @Test
  void wanted_onlyForAPersonAtATerminal() {
    assertTrue(ProgressBar.wanted(env(true, Map.of())));
    assertTrue(!ProgressBar.wanted(env(false, Map.of())), "stderr not a terminal");
    assertTrue(!ProgressBar.wanted(env(true, Map.of("TERM", "dumb"))), "TERM=dumb");
    assertTrue(!ProgressBar.wanted(env(true, Map.of("CI", "true"))), "CI");
    assertTrue(ProgressBar.wanted(env(true, Map.of("NO_COLOR", "1"))), "NO_COLOR: no colour used");
  }

  private static Environment env(boolean terminal, Map<String, String> vars) {
    Path p = Path.of("/nonexistent");
    return new Environment(vars, Optional.empty(), p, "Linux", "amd64", p, terminal);
  }
}
