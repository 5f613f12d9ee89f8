package dev.hoist.engine.internal.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/** Reads and writes the lock record as one JSON object. Thread-safe. */
final class RecordCodec {
  /** A record is far smaller; more is not ours and is not read. */
  static final int MAX_BYTES = 64 * 1024;

  /**
   * Built on first use, not when this class initialises: an {@code ObjectMapper} costs tens of
   * milliseconds at start-up, and commands such as {@code --version} never read or write JSON.
   */
  private static final class Lazy {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  private RecordCodec() {}

  static byte[] encode(LockRecord r) {
    ObjectNode n = Lazy.JSON.createObjectNode();
    n.put("pid", r.pid());
    n.put("startTicks", r.startTicks());
    n.put("bootId", r.bootId());
    n.put("host", r.host());
    n.put("nonce", r.nonce());
    n.put("from", r.from());
    n.put("to", r.to());
    n.put("acquiredAt", r.acquiredAt().toString());
    return (n.toString() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The record in {@code bytes}, or empty when they are not a complete, valid record. */
  static Optional<LockRecord> decode(byte[] bytes) {
    try {
      JsonNode n = Lazy.JSON.readTree(bytes);
      if (n == null || !n.isObject() || !n.path("pid").canConvertToExactIntegral()) {
        return Optional.empty();
      }
      String startTicks = text(n, "startTicks");
      String host = text(n, "host");
      String nonce = text(n, "nonce");
      String from = text(n, "from");
      String to = text(n, "to");
      String at = text(n, "acquiredAt");
      if (startTicks == null || host == null || nonce == null || from == null || to == null) {
        return Optional.empty();
      }
      if (at == null) {
        return Optional.empty();
      }
      return Optional.of(
          new LockRecord(
              n.get("pid").asLong(),
              startTicks,
              text(n, "bootId"),
              host,
              nonce,
              from,
              to,
              Instant.parse(at)));
    } catch (IOException | DateTimeParseException e) {
      return Optional.empty(); // empty, half-written or foreign: no record
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /**
   * The record of a holder known to be live (it holds the OS lock), for messages only: when some
   * fields are missing (another version of Hoist wrote it), a record with its pid and {@code ?} for
   * the rest, so that a late arrival still names the process it waits for. Never used to judge
   * staleness.
   */
  static Optional<LockRecord> readLive(FileChannel channel) {
    byte[] bytes = bytes(channel);
    Optional<LockRecord> full = decode(bytes);
    if (full.isPresent()) return full;
    try {
      JsonNode n = Lazy.JSON.readTree(bytes);
      if (n == null || !n.isObject() || !n.path("pid").canConvertToExactIntegral()) {
        return Optional.empty();
      }
      String unknown = "?";
      return Optional.of(
          new LockRecord(
              n.get("pid").asLong(),
              unknown,
              null,
              orElse(text(n, "host"), unknown),
              unknown,
              orElse(text(n, "from"), unknown),
              orElse(text(n, "to"), unknown),
              Instant.EPOCH));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String orElse(String v, String fallback) {
    return v != null ? v : fallback;
  }

  private static byte[] bytes(FileChannel channel) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(MAX_BYTES);
      long pos = 0;
      int n;
      while (buf.hasRemaining() && (n = channel.read(buf, pos)) > 0) {
        pos += n;
      }
      return Arrays.copyOf(buf.array(), buf.position());
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** Reads the record from the start of {@code channel}, best-effort; empty when unreadable. */
  static Optional<LockRecord> read(FileChannel channel) {
    return decode(bytes(channel)); // unreadable bytes decode to no record: unknown
  }

  /** Writes all of {@code bytes} at the start of {@code channel}. */
  static void write(FileChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    long pos = 0;
    while (buf.hasRemaining()) {
      pos += channel.write(buf, pos);
    }
  }
}
