package dev.hoist.engine.internal.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's list of JSON {@code error} values is the contract scripts rely on: keep it whole.
 */
class ReasonCodesDocumentedTest {
  @Test
  void everyFailureReasonIsListedInTheReadme() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("`error` is one of:");
    int end = readme.indexOf("Failures print one line", start);
    String list = readme.substring(start, end);
    List<String> missing =
        Stream.of(UpdateException.Reason.values())
            .map(UpdateException.Reason::code)
            .filter(code -> !list.contains("`" + code + "`"))
            .toList();
    assertEquals(List.of(), missing, "reason codes missing from the README's error list");
  }
}
