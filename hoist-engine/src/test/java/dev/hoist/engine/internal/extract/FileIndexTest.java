package dev.hoist.engine.internal.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The index format, both ways, and what a malformed index is refused for. */
class FileIndexTest {
  private static final String SHA = "a".repeat(64);

  @Test
  void whatIsWrittenIsReadBack() throws Exception {
    FileIndex index =
        new FileIndex(
            List.of(
                FileIndex.Entry.directory("t/"),
                FileIndex.Entry.file("t/bin/x", true, 3, SHA, new FileIndex.Blob("b/x.gz", 2, SHA)),
                FileIndex.Entry.file("t/y", false, 0, SHA, null),
                FileIndex.Entry.link("t/z", "y")));
    byte[] json = index.toJson();
    assertEquals(index, FileIndex.parse(json));
    String text = new String(json, StandardCharsets.UTF_8);
    assertEquals(6, text.lines().count(), "one entry per line:\n" + text);
    assertTrue(FileIndex.parse(json).entries().get(1).blob().gzipped());
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "[] | not a JSON object",
        "{\"schema\":2,\"entries\":[]} | schema 2 is not 1",
        "{\"schema\":1} | 'entries' is not an array",
        "{\"schema\":1,\"entries\":[{\"path\":\"a\",\"type\":\"fifo\"}]} | 'entries[0].type' is 'fifo'",
        "{\"schema\":1,\"entries\":[{\"path\":\"a\",\"type\":\"file\",\"mode\":\"4755\",\"size\":1,\"sha256\":\"SHA\"}]} | 'entries[0].mode' is 4755",
        "{\"schema\":1,\"entries\":[{\"path\":\"a\",\"type\":\"file\",\"mode\":\"0644\",\"size\":-1,\"sha256\":\"SHA\"}]} | 'entries[0].size' is not a non-negative integer",
        "{\"schema\":1,\"entries\":[{\"path\":\"a\",\"type\":\"file\",\"mode\":\"0644\",\"size\":1e30,\"sha256\":\"SHA\"}]} | 'entries[0].size' is not a non-negative integer",
        "{\"schema\":1,\"entries\":[{\"path\":\"a\",\"type\":\"file\",\"mode\":\"0644\",\"size\":1,\"sha256\":\"ABC\"}]} | 'entries[0].sha256' is not 64 lower-case hex digits",
        "{\"schema\":1,\"entries\":[{\"path\":\"a\",\"type\":\"file\",\"mode\":\"0644\",\"size\":1,\"sha256\":\"SHA\",\"blob\":{\"url\":\"u\",\"size\":1}}]} | 'entries[0].blob.sha256' is not a non-empty string",
        "{\"schema\":1,\"entries\":[{\"path\":\"\",\"type\":\"dir\"}]} | 'entries[0].path' is not a non-empty string",
        "{\"schema\":1,\"entries\":[{\"path\":\"a\",\"type\":\"link\"}]} | 'entries[0].target' is not a non-empty string",
        "{\"schema\":1,\"schema\":1,\"entries\":[]} | appears twice",
      })
  void aMalformedIndex_isRefusedNamingWhatIsWrong(String json, String why) {
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> FileIndex.parse(json.replace("SHA", SHA).getBytes(StandardCharsets.UTF_8)));
    assertEquals(UpdateException.Reason.ARCHIVE_CORRUPT, e.reason());
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }
}
