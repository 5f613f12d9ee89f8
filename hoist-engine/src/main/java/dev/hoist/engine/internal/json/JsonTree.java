package dev.hoist.engine.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes small JSON documents with jackson-core's streaming parser and generator alone.
 * Databind's {@code ObjectMapper} loads several hundred classes before it reads a byte; the no-op
 * {@code hoist update} reads a manifest and a few state files, and must start fast (issue 6).
 *
 * <p>A document becomes plain Java values: an object is a {@code Map<String, Object>} in document
 * order, an array a {@code List<Object>}, a string a {@link String}, a number an {@link Integer},
 * {@link Long} or {@link BigInteger} (whichever is smallest, as databind's trees do) or a {@link
 * Double}, {@code true}/{@code false} a {@link Boolean}, and {@code null} Java's {@code null}.
 * Reading follows {@code ObjectMapper.readTree} with its default features, so that callers that
 * moved off databind accept and refuse exactly what they did: a repeated key keeps its first
 * position and its last value; whatever follows the first value is not read; the parser's {@code
 * StreamReadConstraints} (nesting depth, number and string lengths) apply unchanged.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonTree {
  /** Built once: a {@code JsonFactory} is cheap, immutable and thread-safe once configured. */
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonTree() {}

  /**
   * The first JSON value in {@code bytes} (the encoding detected as databind does: UTF-8, -16 or
   * -32).
   *
   * @return the value; {@code null} for a JSON {@code null} or for input without any value
   * @throws com.fasterxml.jackson.core.JsonProcessingException for malformed JSON or input over the
   *     parser's limits ({@code getOriginalMessage()} says which, without a location)
   * @throws IOException for undecodable input
   */
  public static Object read(byte[] bytes) throws IOException {
    try (JsonParser p = FACTORY.createParser(bytes)) {
      return read(p);
    }
  }

  /**
   * As {@link #read(byte[])}, but the input must hold that one value and nothing after it
   * (whitespace aside): for a document that must be exactly what it claims, such as a manifest.
   *
   * @throws JsonParseException for content after the value
   */
  public static Object readDocument(byte[] bytes) throws IOException {
    try (JsonParser p = FACTORY.createParser(bytes)) {
      Object value = read(p, true);
      if (value != null && p.nextToken() != null) {
        throw new JsonParseException(p, "trailing content after the JSON value");
      }
      return value;
    }
  }

  /** As {@link #read(byte[])}, returning the value only if it is an object; else empty. */
  public static Optional<Map<String, Object>> readObject(byte[] bytes) throws IOException {
    return read(bytes) instanceof Map<?, ?> m ? Optional.of(cast(m)) : Optional.empty();
  }

  /**
   * Builds the value iteratively, so that nesting is bounded by the parser's depth limit, never by
   * the thread's stack.
   */
  private static Object read(JsonParser p) throws IOException {
    return read(p, false);
  }

  /**
   * @param strict refuse an object that names a key twice (a document whose meaning depends on
   *     which reader reads it); otherwise the last value wins, as databind's tree did
   */
  private static Object read(JsonParser p, boolean strict) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) return null;
    Deque<Object> open = new ArrayDeque<>();
    String name = null;
    while (true) {
      Object value;
      switch (t) {
        case START_OBJECT -> value = new LinkedHashMap<String, Object>();
        case START_ARRAY -> value = new ArrayList<Object>();
        case FIELD_NAME -> {
          name = p.currentName();
          t = p.nextToken();
          continue;
        }
        case END_OBJECT, END_ARRAY -> {
          Object closed = open.pop();
          if (open.isEmpty()) return closed;
          t = p.nextToken();
          continue;
        }
        case VALUE_STRING -> value = p.getText();
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> value = p.getNumberValue();
        case VALUE_TRUE -> value = Boolean.TRUE;
        case VALUE_FALSE -> value = Boolean.FALSE;
        case VALUE_NULL -> value = null;
        default -> throw new JsonParseException(p, "unexpected token " + t);
      }
      Object parent = open.peek();
      if (parent == null) {
        if (value instanceof Map || value instanceof List) {
          open.push(value);
        } else {
          return value; // a scalar document
        }
      } else {
        if (parent instanceof Map<?, ?> m) {
          if (strict && m.containsKey(name)) {
            throw new JsonParseException(p, "the key '" + name + "' appears twice in one object");
          }
          JsonTree.<Map<String, Object>>cast(m).put(name, value);
        } else {
          JsonTree.<List<Object>>cast(parent).add(value);
        }
        if (value instanceof Map || value instanceof List) open.push(value);
      }
      t = p.nextToken();
    }
  }

  /**
   * {@code fields} as one compact JSON object, in iteration order. Values may be strings, numbers,
   * booleans or null.
   *
   * @throws IllegalArgumentException for a value of another type
   */
  public static byte[] write(Map<String, ?> fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, ?> e : fields.entrySet()) {
        g.writeFieldName(e.getKey());
        Object v = e.getValue();
        if (v == null) {
          g.writeNull();
        } else if (v instanceof String s) {
          g.writeString(s);
        } else if (v instanceof Boolean b) {
          g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long) {
          g.writeNumber(((Number) v).longValue());
        } else {
          throw new IllegalArgumentException(
              "cannot write a " + v.getClass().getName() + " for '" + e.getKey() + "'");
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /**
   * True for a number without a fractional part, as databind's {@code
   * JsonNode.canConvertToExactIntegral()}: every integer, and a finite double equal to its rounding
   * ({@code 1.0} and {@code 1e2} qualify).
   */
  public static boolean isIntegral(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) return true;
    return v instanceof Double d && !d.isNaN() && !d.isInfinite() && d == Math.rint(d);
  }

  /**
   * The value as databind's {@code JsonNode.asText()} gives it: a string itself, a number or
   * boolean in its JSON spelling, {@code "null"} for null, and {@code ""} for an object or array.
   */
  public static String asText(Object v) {
    if (v == null) return "null";
    if (v instanceof Map || v instanceof List) return "";
    return v.toString();
  }

  /** The field's value when it is a string, else empty. */
  public static Optional<String> string(Map<String, Object> node, String field) {
    return node.get(field) instanceof String v ? Optional.of(v) : Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }
}
