package dev.hoist.picocli.internal;

import dev.hoist.engine.UpdateListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Draws the phases and a download bar on an interactive terminal, on stderr, redrawing one line at
 * most every 1% so a fast pipe is not slowed by the terminal.
 */
public final class ProgressBar implements UpdateListener {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private int lastPercent = -1;
  private boolean drawing;

  public ProgressBar(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void phase(Phase phase, String detail) {
    finishLine();
    switch (phase) {
      case DOWNLOAD -> err.println("downloading " + detail);
      case EXTRACT -> err.println("extracting");
      case DEPENDENCIES -> err.println("installing its dependencies with npm");
      case SMOKE_TEST -> err.println("checking the new version runs");
      case ACTIVATE -> err.println("activating " + detail);
      default -> {}
    }
    err.flush();
  }

  @Override
  public void progress(long done, long total) {
    int percent = total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
    if (percent == lastPercent) return;
    lastPercent = percent;
    int filled = percent * WIDTH / 100;
    err.print(
        String.format(
            Locale.ROOT,
            "\r[%s%s] %3d%% %s / %s",
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            percent,
            human(done),
            human(total)));
    err.flush();
    drawing = true;
  }

  private void finishLine() {
    if (drawing) {
      err.println();
      drawing = false;
    }
  }

  public static String human(long bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
