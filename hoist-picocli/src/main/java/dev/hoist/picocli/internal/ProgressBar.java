package dev.hoist.picocli.internal;

import dev.hoist.engine.UpdateListener;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The phases of an update and a download bar with rate and time left, on stderr, for a person at a
 * terminal ({@link #wanted}). The bar is redrawn in place with a carriage return and never reaches
 * the terminal's last column, so it cannot wrap (a wrapped line cannot be redrawn and leaves a
 * trail of old bars); each redraw pads over what the previous one left. Redrawn at most ten times a
 * second, and once more at the end as {@code downloaded 3.4 MiB in 2.1s (1.6 MiB/s)}.
 */
public final class ProgressBar implements UpdateListener {
  private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private final PrintWriter err;
  private final IntSupplier columns;
  private final LongSupplier nanos;
  private int width;
  private long started = -1;
  private long lastDraw;
  private int lastLength;
  private long total;
  private long done;

  public ProgressBar(PrintWriter err) {
    this(err, Terminal::columns, System::nanoTime);
  }

  /**
   * @param columns the terminal's width, asked once per download
   * @param nanos a monotonic clock
   */
  ProgressBar(PrintWriter err, IntSupplier columns, LongSupplier nanos) {
    this.err = err;
    this.columns = columns;
    this.nanos = nanos;
  }

  /**
   * Whether this process may draw: a person watches stderr, a terminal ({@link
   * Environment#interactive}; piping stdout elsewhere does not matter), that can move its cursor
   * ({@code TERM} is not {@code dumb}), outside CI ({@code CI} unset). The update command adds: not
   * {@code --quiet}, {@code --json} or {@code --auto}. {@code NO_COLOR} does not matter: the bar
   * has no colour.
   */
  public static boolean wanted(Environment env) {
    return env.interactive()
        && env.get("TERM").filter("dumb"::equals).isEmpty()
        && env.get("CI").filter(v -> !v.isBlank()).isEmpty();
  }

  @Override
  public void phase(Phase phase, String detail) {
    finish();
    switch (phase) {
      case DELTA -> err.println("downloading the files that changed");
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
    long now = nanos.getAsLong();
    if (started < 0) {
      started = now;
      width = Math.max(20, columns.getAsInt());
    }
    this.done = done;
    this.total = total;
    boolean end = total > 0 && done >= total;
    if (!end && lastLength > 0 && now - lastDraw < REDRAW_NANOS) return;
    lastDraw = now;
    draw(line(done, total, now - started));
  }

  /** The bar's text for a terminal {@code columns} wide (tests). */
  String lineAt(int columns, long done, long total, long elapsedNanos) {
    width = columns;
    return line(done, total, elapsedNanos);
  }

  /** The bar's text, at most {@code width - 1} characters. */
  private String line(long done, long total, long elapsedNanos) {
    double seconds = elapsedNanos / 1e9;
    double rate = seconds > 0.05 ? done / seconds : 0;
    String speed = rate > 0 ? " " + human((long) rate) + "/s" : "";
    int max = width - 1;
    if (total <= 0) return fit(human(done) + speed, max);
    int percent = (int) Math.min(100, done * 100 / total);
    String pct = String.format(Locale.ROOT, " %3d%%", percent);
    String sizes = " " + human(done) + "/" + human(total);
    String left = rate > 0 && done < total ? " " + duration((total - done) / rate) + " left" : "";
    String tail = pct + sizes + speed + left;
    int bar = Math.min(30, max - tail.length() - 2);
    if (bar >= 10) {
      int filled = percent * bar / 100;
      return "[" + "#".repeat(filled) + ".".repeat(bar - filled) + "]" + tail;
    }
    // Narrow: drop the bar, then the sizes, then the rate, keeping the percentage and time left.
    for (String t : new String[] {tail, pct + speed + left, pct + left, pct}) {
      if (t.strip().length() <= max) return t.strip();
    }
    return fit(pct.strip(), max);
  }

  private void draw(String line) {
    int pad = Math.max(0, lastLength - line.length());
    err.print("\r" + line + " ".repeat(pad));
    err.flush();
    lastLength = line.length();
  }

  /** Ends the bar's line: the download's summary in its place. */
  private void finish() {
    if (lastLength == 0) return;
    double seconds = (nanos.getAsLong() - started) / 1e9;
    String what = human(done) + " in " + duration(seconds);
    String rate = seconds > 0.05 ? " (" + human((long) (done / seconds)) + "/s)" : "";
    String summary = what;
    for (String s : new String[] {"downloaded " + what + rate, "downloaded " + what, what}) {
      if (s.length() < width) {
        summary = s;
        break;
      }
    }
    draw(fit(summary, width - 1));
    err.println();
    lastLength = 0;
    started = -1;
  }

  private static String fit(String s, int max) {
    return s.length() <= max ? s : s.substring(0, Math.max(0, max));
  }

  static String duration(double seconds) {
    if (seconds < 10) return String.format(Locale.ROOT, "%.1fs", seconds);
    long s = Math.round(seconds);
    if (s < 60) return s + "s";
    if (s < 3600) return (s / 60) + "m" + String.format(Locale.ROOT, "%02ds", s % 60);
    return (s / 3600) + "h" + String.format(Locale.ROOT, "%02dm", (s % 3600) / 60);
  }

  public static String human(long bytes) {
    return dev.hoist.engine.internal.io.ByteSize.human(bytes);
  }

  /** Where the bar is drawn: whether stderr is a terminal, and how wide it is. */
  static final class Terminal {
    private Terminal() {}

    /**
     * True when this process's stderr is a terminal. On Linux, from what {@code /proc/self/fd/2}
     * names; elsewhere, whether the JVM has a console (stdin and stdout both terminals), the best
     * Java can tell without native code.
     */
    static boolean stderrIsTerminal() {
      Path fd = Path.of("/proc/self/fd/2");
      if (Files.isDirectory(fd.getParent())) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          return target.startsWith("/dev/pts/")
              || target.startsWith("/dev/tty")
              || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
          return false;
        }
      }
      return System.console() != null;
    }

    /** The terminal's width: {@code stty size} on the controlling terminal, else 80. */
    static int columns() {
      try {
        Process p =
            new ProcessBuilder("stty", "size")
                .redirectInput(new File("/dev/tty"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
          String[] parts = out.split("\\s+");
          if (parts.length == 2) return Integer.parseInt(parts[1]);
        }
      } catch (IOException | NumberFormatException e) {
        // no controlling terminal, or no stty: the common width
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 80;
    }
  }
}
