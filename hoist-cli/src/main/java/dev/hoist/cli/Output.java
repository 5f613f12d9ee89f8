package dev.hoist.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.Map;

/** Prints results: one JSON object on stdout, or text lines. */
final class Output {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Output() {}

  static void json(PrintWriter out, Map<String, Object> object) {
    try {
      out.println(JSON.writeValueAsString(object));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings and numbers always serialises", e);
    }
    out.flush();
  }

  /** Prints a failure as one line, with the stack trace only when asked for. */
  static void error(PrintWriter err, String message, Throwable cause, boolean verbose) {
    err.println("hoist: error: " + message);
    if (verbose && cause != null) {
      cause.printStackTrace(err);
    }
    err.flush();
  }
}
