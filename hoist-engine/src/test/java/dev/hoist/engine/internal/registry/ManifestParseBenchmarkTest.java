package dev.hoist.engine.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The benchmark measures real parses: its manifest is valid, and both parsers read it alike. */
class ManifestParseBenchmarkTest {
  @Test
  void everyBenchmarkParsesTheSameFortyReleases() throws Exception {
    ManifestParseBenchmark b = new ManifestParseBenchmark();
    b.setUp();
    Manifest streaming = b.coldStreaming();
    assertEquals(40, streaming.releases().size());
    assertEquals(5, streaming.releases().get(0).assets().size());
    assertEquals(streaming, b.coldDatabind());
    assertEquals(streaming, b.hotStreaming());
    assertEquals(streaming, b.hotDatabind());
  }
}
