package dev.hoist.engine.internal.version;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlatformTest {
  @Test
  void jvmNames_mapToManifestNames() {
    assertEquals("linux-x64", Platform.of("Linux", "amd64").id());
    assertEquals("linux-x64", Platform.of("Linux", "amd64").toString(), "printed as its id");
    assertEquals("linux-arm64", Platform.of("Linux", "aarch64").id());
    assertEquals("macos-arm64", Platform.of("Mac OS X", "aarch64").id());
    assertEquals("macos-x64", Platform.of("Mac OS X", "x86_64").id());
    assertEquals("windows-x64", Platform.of("Windows 11", "amd64").id());
  }
}
