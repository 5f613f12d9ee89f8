package dev.hoist.engine.internal.lock;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock record's JSON form: what counts as a complete record, and what a live holder shows. */
class RecordCodecTest {
  private static final LockRecord FULL =
      new LockRecord(
          4242,
          "98765",
          "boot-1",
          "host-a",
          "0123abcd",
          "1.0.0",
          "1.1.0",
          Instant.parse("2026-11-22T10:00:00Z"));

  @TempDir Path tmp;

  private FileChannel channelWith(String content) throws Exception {
    Path f = Files.createTempFile(tmp, "record", ".json");
    Files.writeString(f, content);
    return FileChannel.open(f, READ);
  }

  private static Optional<LockRecord> decode(String json) {
    return RecordCodec.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void encode_thenDecode_givesTheSameRecord_alsoWithoutABootId() {
    assertEquals(Optional.of(FULL), RecordCodec.decode(RecordCodec.encode(FULL)));
    LockRecord noBoot =
        new LockRecord(7, "", null, "h", "n", "a", "b", Instant.parse("2020-01-01T00:00:00Z"));
    assertEquals(Optional.of(noBoot), RecordCodec.decode(RecordCodec.encode(noBoot)));
  }

  @Test
  void encode_writesOneJsonObjectLineNamingEveryField() {
    String json = new String(RecordCodec.encode(FULL), StandardCharsets.UTF_8);

    assertTrue(json.endsWith("}\n"), json);
    assertEquals(1, json.lines().count(), json);
    for (String part :
        List.of(
            "\"pid\":4242",
            "\"startTicks\":\"98765\"",
            "\"bootId\":\"boot-1\"",
            "\"host\":\"host-a\"",
            "\"nonce\":\"0123abcd\"",
            "\"from\":\"1.0.0\"",
            "\"to\":\"1.1.0\"",
            "\"acquiredAt\":\"2026-11-22T10:00:00Z\"")) {
      assertTrue(json.contains(part), part + " in " + json);
    }
  }

  @Test
  void decode_refusesAnythingButACompleteRecord() {
    String ok =
        "\"startTicks\":\"1\",\"host\":\"h\",\"nonce\":\"n\",\"from\":\"a\",\"to\":\"b\","
            + "\"acquiredAt\":\"2026-01-01T00:00:00Z\"";
    assertTrue(decode("{\"pid\":1," + ok + "}").isPresent(), "the complete record itself");
    for (String bad :
        List.of(
            "",
            "null",
            "[1,2]",
            "\"text\"",
            "{\"pid\":",
            "{" + ok + "}",
            "{\"pid\":1.5," + ok + "}",
            "{\"pid\":\"1\"," + ok + "}",
            "{\"pid\":1," + ok.replace("\"startTicks\":\"1\",", "") + "}",
            "{\"pid\":1," + ok.replace("\"host\":\"h\",", "") + "}",
            "{\"pid\":1," + ok.replace("\"host\":\"h\",", "\"host\":7,") + "}",
            "{\"pid\":1," + ok.replace("\"nonce\":\"n\",", "") + "}",
            "{\"pid\":1," + ok.replace("\"from\":\"a\",", "") + "}",
            "{\"pid\":1," + ok.replace("\"to\":\"b\",", "") + "}",
            "{\"pid\":1," + ok.replace(",\"acquiredAt\":\"2026-01-01T00:00:00Z\"", "") + "}",
            "{\"pid\":1," + ok.replace("2026-01-01T00:00:00Z", "yesterday") + "}")) {
      assertEquals(Optional.empty(), decode(bad), bad);
    }
  }

  @Test
  void decode_keepsAMissingBootIdAsNull() {
    LockRecord r =
        decode(
                "{\"pid\":3,\"startTicks\":\"1\",\"host\":\"h\",\"nonce\":\"n\",\"from\":\"a\","
                    + "\"to\":\"b\",\"acquiredAt\":\"2026-01-01T00:00:00Z\"}")
            .orElseThrow();

    assertEquals(null, r.bootId());
    assertEquals(3, r.pid());
  }

  @Test
  void readLive_ofACompleteRecord_isThatRecord() throws Exception {
    try (FileChannel ch =
        channelWith(new String(RecordCodec.encode(FULL), StandardCharsets.UTF_8))) {
      assertEquals(Optional.of(FULL), RecordCodec.readLive(ch));
    }
  }

  @Test
  void readLive_ofAnIncompleteRecord_keepsWhatItHas_andMarksTheRestUnknown() throws Exception {
    try (FileChannel ch = channelWith("{\"pid\":77,\"host\":\"box\"}")) {
      assertEquals(
          Optional.of(new LockRecord(77, "?", null, "box", "?", "?", "?", Instant.EPOCH)),
          RecordCodec.readLive(ch));
    }
    try (FileChannel ch = channelWith("{\"pid\":78,\"from\":\"1.0\",\"to\":\"2.0\",\"host\":5}")) {
      assertEquals(
          Optional.of(new LockRecord(78, "?", null, "?", "?", "1.0", "2.0", Instant.EPOCH)),
          RecordCodec.readLive(ch));
    }
  }

  @Test
  void readLive_withoutAUsablePid_isEmpty() throws Exception {
    for (String content : List.of("", "garbage", "[]", "{\"host\":\"h\"}", "{\"pid\":\"9\"}")) {
      try (FileChannel ch = channelWith(content)) {
        assertEquals(Optional.empty(), RecordCodec.readLive(ch), content);
      }
    }
  }

  @Test
  void anUnreadableChannel_hasNoRecord() throws Exception {
    FileChannel ch = channelWith(new String(RecordCodec.encode(FULL), StandardCharsets.UTF_8));
    ch.close();

    assertEquals(Optional.empty(), RecordCodec.read(ch));
    assertEquals(Optional.empty(), RecordCodec.readLive(ch));
  }

  @Test
  void read_looksAtTheFirst64KibOnly() throws Exception {
    String record = new String(RecordCodec.encode(FULL), StandardCharsets.UTF_8);
    String padding = " ".repeat(RecordCodec.MAX_BYTES);

    try (FileChannel ch = channelWith(record + padding)) {
      assertEquals(Optional.of(FULL), RecordCodec.read(ch), "a record, then more than the limit");
    }
    try (FileChannel ch = channelWith(padding + record)) {
      assertEquals(Optional.empty(), RecordCodec.read(ch), "a record beyond the limit");
    }
  }

  @Test
  void writeAndRead_handleAChannelThatMovesAFewBytesPerCall() throws Exception {
    Path f = tmp.resolve("record.json");
    Files.writeString(f, "x".repeat(1000)); // longer than the record: write only overwrites
    byte[] bytes = RecordCodec.encode(FULL);

    try (FileChannel ch = new ScriptedChannel(FileChannel.open(f, READ, WRITE, CREATE), 3, null)) {
      RecordCodec.write(ch, bytes);
    }

    byte[] onDisk = Files.readAllBytes(f);
    assertArrayEquals(bytes, java.util.Arrays.copyOf(onDisk, bytes.length));
    assertEquals('x', onDisk[bytes.length], "nothing written past the record");
    Files.write(f, bytes);
    try (FileChannel ch = new ScriptedChannel(FileChannel.open(f, READ), 5, null)) {
      assertEquals(Optional.of(FULL), RecordCodec.read(ch));
    }
  }
}
