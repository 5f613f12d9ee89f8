package dev.hoist.engine.internal.auto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.json.JsonTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@code logs/update.log}: what one {@code update} or {@code rollback} run did. Written
 * as one JSON object per line, so that a line is self-delimiting and {@code hoist history} can read
 * it back; stray lines (a launcher's error in a detached run's output) are skipped when reading.
 *
 * @param time when the run ended
 * @param pid the process that ran it
 * @param caller who started it: {@code manual}, {@code auto}, {@code hook}, {@code schedule}, ...
 * @param command {@code update} or {@code rollback}
 * @param status the result's JSON status, e.g. {@code updated}, {@code skipped}
 * @param from the version before, or null
 * @param to the version after, or null
 * @param reason why it was skipped, or null
 * @param error the failure's error code, or null
 * @param message the one-line message, or null
 * @param durationMs how long the run took
 */
public record LogEntry(
    Instant time,
    long pid,
    String caller,
    String command,
    String status,
    String from,
    String to,
    String reason,
    String error,
    String message,
    long durationMs) {
  /** Messages longer than this are cut, so that a line stays one small {@code write(2)}. */
  static final int MAX_MESSAGE = 1000;

  /**
   * Built on first use, not when this class initialises: an {@code ObjectMapper} costs tens of
   * milliseconds at start-up, and only {@code hoist history} reads the log back.
   */
  private static final class Lazy {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  public LogEntry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(status, "status");
    if (message != null) {
      message = message.replaceAll("[\\r\\n]+", " ");
      if (message.length() > MAX_MESSAGE) message = message.substring(0, MAX_MESSAGE) + "...";
    }
  }

  /**
   * The line as written, without its newline: one JSON object, keys in a stable order. Written with
   * jackson-core alone, since every {@code update} run appends one and the no-op run must not load
   * databind.
   */
  public String toLine() {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("time", time.toString());
    n.put("pid", pid);
    n.put("caller", caller);
    n.put("command", command);
    n.put("status", status);
    if (from != null) n.put("from", from);
    if (to != null) n.put("to", to);
    if (reason != null) n.put("reason", reason);
    if (error != null) n.put("error", error);
    if (message != null) n.put("message", message);
    n.put("durationMs", durationMs);
    return new String(JsonTree.write(n), StandardCharsets.UTF_8);
  }

  /** Parses a line written by {@link #toLine()}; empty for anything else. */
  public static Optional<LogEntry> parse(String line) {
    if (!line.startsWith("{")) return Optional.empty();
    try {
      JsonNode n = Lazy.JSON.readTree(line);
      if (n == null || !n.isObject() || !n.hasNonNull("time") || !n.hasNonNull("status")) {
        return Optional.empty();
      }
      return Optional.of(
          new LogEntry(
              Instant.parse(n.get("time").asText()),
              n.path("pid").asLong(-1),
              n.path("caller").asText("?"),
              n.path("command").asText("update"),
              n.get("status").asText(),
              text(n, "from"),
              text(n, "to"),
              text(n, "reason"),
              text(n, "error"),
              text(n, "message"),
              n.path("durationMs").asLong(0)));
    } catch (IOException | DateTimeParseException e) {
      return Optional.empty(); // not one of ours: a stray line is skipped, not fatal
    }
  }

  /** True for a run that changed the installed version. */
  public boolean changedVersion() {
    return status.equals("updated") || status.equals("rolled-back");
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
