package dev.hoist.engine.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreeTest {
  private static Object read(String json) throws Exception {
    return JsonTree.read(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void values_becomePlainJava() throws Exception {
    Object v =
        read(
            "{\"s\":\"t\",\"i\":1,\"l\":3000000000,\"b\":18446744073709551616,\"d\":1.5,"
                + "\"t\":true,\"f\":false,\"n\":null,\"a\":[1,[],{}],\"o\":{\"k\":\"v\"}}");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("s", "t");
    expected.put("i", 1);
    expected.put("l", 3_000_000_000L);
    expected.put("b", new BigInteger("18446744073709551616"));
    expected.put("d", 1.5);
    expected.put("t", true);
    expected.put("f", false);
    expected.put("n", null);
    expected.put("a", List.of(1, List.of(), Map.of()));
    expected.put("o", Map.of("k", "v"));
    assertEquals(expected, v);
    assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(((Map<?, ?>) v).keySet()));
  }

  @Test
  void repeatedKey_keepsFirstPositionAndLastValue() throws Exception {
    Map<?, ?> m = (Map<?, ?>) read("{\"a\":1,\"b\":2,\"a\":3}");
    assertEquals(List.of("a", "b"), new ArrayList<>(m.keySet()));
    assertEquals(3, m.get("a"));
  }

  @Test
  void scalarsAndEmptyInput() throws Exception {
    assertEquals("x", read("\"x\""));
    assertEquals(5, read(" 5 "));
    assertNull(read("null"));
    assertNull(read(""));
    assertNull(read(" \n"));
    assertEquals(List.of(), read("[] ignored"), "only the first value is read, as readTree");
  }

  @Test
  void readObject_isEmptyForAnythingButAnObject() throws Exception {
    assertTrue(JsonTree.readObject("{}".getBytes(StandardCharsets.UTF_8)).isPresent());
    for (String s : List.of("[]", "1", "null", "", "\"{}\"")) {
      assertFalse(JsonTree.readObject(s.getBytes(StandardCharsets.UTF_8)).isPresent(), s);
    }
  }

  @Test
  void malformed_throwsJsonProcessingException() {
    for (String s : List.of("{", "{\"a\"}", "[1,]", "{'a':1}", "[1 2]", "tru")) {
      assertThrows(JsonProcessingException.class, () -> read(s), s);
    }
  }

  @Test
  void deepNesting_hitsTheParserLimitNotTheStack() {
    JsonProcessingException e =
        assertThrows(
            JsonProcessingException.class, () -> read("[".repeat(200_000) + "]".repeat(200_000)));
    assertTrue(e.getOriginalMessage().contains("nesting depth"), e.getOriginalMessage());
  }

  @Test
  void integralAndText_followDatabind() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    for (String s :
        List.of(
            "1",
            "-0",
            "3000000000",
            "18446744073709551617",
            "1.0",
            "1e2",
            "1.5",
            "1e400",
            "\"1\"",
            "true",
            "null",
            "[]",
            "{}",
            "\"t\"",
            "2.5e-3")) {
      Object mine = read(s);
      var node = mapper.readTree(s);
      assertEquals(node.canConvertToExactIntegral(), JsonTree.isIntegral(mine), s);
      assertEquals(node.asText(), JsonTree.asText(mine), s);
      if (node.isNumber()) {
        assertEquals(node.asLong(), ((Number) mine).longValue(), s);
        assertEquals(node.asInt(), ((Number) mine).intValue(), s);
      }
    }
  }

  @Test
  void write_isCompactInOrderAndEscaped() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", "http://h/m.json");
    m.put("q", "a\"b\\c\nd\u0001é");
    m.put("serial", 42L);
    m.put("i", 7);
    m.put("ok", true);
    m.put("none", null);
    String written = new String(JsonTree.write(m), StandardCharsets.UTF_8);
    assertEquals(
        "{\"url\":\"http://h/m.json\",\"q\":\"a\\\"b\\\\c\\nd\\u0001é\",\"serial\":42,\"i\":7,"
            + "\"ok\":true,\"none\":null}",
        written);
  }

  @Test
  void write_matchesDatabindAndReadsBack() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("etag", "W/\"x\"");
    m.put("serial", Long.MAX_VALUE);
    m.put("checkedAt", "2026-11-30T00:00:00Z");
    byte[] mine = JsonTree.write(m);
    assertTrue(Arrays.equals(new ObjectMapper().writeValueAsBytes(m), mine));
    assertEquals(m, JsonTree.read(mine));
  }

  @Test
  void write_refusesOtherTypes() {
    assertThrows(IllegalArgumentException.class, () -> JsonTree.write(Map.of("d", 1.5)));
    assertThrows(IllegalArgumentException.class, () -> JsonTree.write(Map.of("l", List.of())));
  }
}
