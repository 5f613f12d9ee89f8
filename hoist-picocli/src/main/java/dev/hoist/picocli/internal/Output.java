package dev.hoist.picocli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
