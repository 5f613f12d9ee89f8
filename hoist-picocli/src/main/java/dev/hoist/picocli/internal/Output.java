package dev.hoist.picocli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.ReleaseInfo;
import dev.hoist.engine.internal.failure.UpdateException;
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

  /**
   * Reports a command's failure: with {@code json}, the one object every command prints on stdout,
   * {@code {"status": "failed", "app": ..., "error": <code>, "message": ...}}; else one line on
   * stderr. The stack trace goes to stderr only when asked for.
   *
   * @param program the app the command acted on, which the line starts with
   * @return 1, the exit code of a failure
   */
  public static int failed(
      PrintWriter out,
      PrintWriter err,
      boolean json,
      String program,
      UpdateException e,
      boolean verbose) {
    if (!json) {
      error(err, program, e.getMessage(), e, verbose);
      return 1;
    }
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("status", "failed");
    m.put("app", program);
    m.put("error", e.reason().code());
    m.put("message", e.getMessage());
    json(out, m);
    if (verbose) {
      e.printStackTrace(err);
      err.flush();
    }
    return 1;
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
