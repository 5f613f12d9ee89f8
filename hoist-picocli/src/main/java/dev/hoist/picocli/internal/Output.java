package dev.hoist.picocli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.ReleaseInfo;
import java.io.PrintWriter;
import java.util.Map;

/** Prints results: one JSON object on stdout, or text lines. */
public final class Output {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Output() {}

  public static void json(PrintWriter out, Map<String, Object> object) {
    try {
      out.println(JSON.writeValueAsString(object));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings and numbers always serialises", e);
    }
    out.flush();
  }

  /** Lines of release notes shown in text; the rest is one line saying how many more. */
  static final int NOTES_LINES = 12;

  /**
   * What an available or installed release is, under its one-line result: its size, its notes (the
   * first {@value #NOTES_LINES} lines) and where to read more. Already stripped of control
   * characters ({@link ReleaseInfo}).
   */
  public static void release(PrintWriter out, ReleaseInfo r) {
    if (r.size() >= 0) out.println("  size: " + ProgressBar.human(r.size()));
    if (!r.notes().isEmpty()) {
      out.println("  release notes:");
      java.util.List<String> lines = r.notes().lines().toList();
      lines.stream().limit(NOTES_LINES).forEach(l -> out.println("    " + l));
      if (lines.size() > NOTES_LINES) {
        out.println("    (" + (lines.size() - NOTES_LINES) + " more lines; see --json)");
      }
    }
    if (!r.notesUrl().isEmpty()) out.println("  more: " + r.notesUrl());
    out.flush();
  }

  /** Prints a failure of hoist's as one line, with the stack trace only when asked for. */
  public static void error(PrintWriter err, String message, Throwable cause, boolean verbose) {
    error(err, "hoist", message, cause, verbose);
  }

  /** The same for {@code program}: {@code <program>: error: <message>}. */
  public static void error(
      PrintWriter err, String program, String message, Throwable cause, boolean verbose) {
    err.println(program + ": error: " + message);
    if (verbose && cause != null) {
      cause.printStackTrace(err);
    }
    err.flush();
  }
}
