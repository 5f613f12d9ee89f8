package dev.hoist.engine.internal.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The benchmark compares like with like: both extractions write the same tree. */
class ExtractBenchmarkTest {
  @Test
  void safeAndNaiveExtractionWriteTheSameFiles() throws Exception {
    ExtractBenchmark b = new ExtractBenchmark();
    b.archive();
    try {
      b.target();
      List<String> safe = files(b.safe());
      b.clean();
      b.target();
      List<String> naive = files(b.naive());
      b.clean();
      assertEquals(ExtractBenchmark.FILES, safe.size());
      assertEquals(safe, naive);
      assertTrue(safe.contains("lib0/file-0.jar"), safe.get(0));
    } finally {
      b.removeArchive();
    }
  }

  private static List<String> files(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }
}
