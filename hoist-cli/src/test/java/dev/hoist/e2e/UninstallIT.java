package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.e2e.Distributions.Run;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code self uninstall} of a real installed {@code hoist}, through its launcher: the JVM runs from
 * the jars of the home it removes, and must still load what it needs to report the removal.
 */
class UninstallIT {
  @TempDir Path tmp;

  @Test
  void selfUninstall_runningFromTheHomeItRemoves_reportsItInOneJsonObject() throws Exception {
    Path archive = Distributions.build("1.0.0", Files.createDirectories(tmp.resolve("dl")));
    Path extracted = Distributions.extract(archive, tmp.resolve("download"), "1.0.0");
    Path home = tmp.resolve("home");
    Path bin = tmp.resolve("bin");
    Path link = Distributions.selfInstall(extracted, home, bin);
    Path user = Files.createDirectories(tmp.resolve("user"));

    Run r =
        Distributions.run(
            tmp,
            Map.of("HOME", user.toString(), "PATH", "/usr/bin:/bin"),
            Distributions.Duration.COMMAND,
            link.toString(),
            "self",
            "uninstall",
            "--yes",
            "--json",
            "--bin-dir",
            bin.toString());
    assertEquals(0, r.code(), r.describe());
    assertEquals(1, r.out().strip().lines().count(), r.describe());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals("uninstalled", j.get("status").asText(), r.describe());
    assertTrue(j.get("removed").toString().contains("/versions\""), r.describe());
    assertEquals("", r.err(), r.describe());
    assertFalse(Files.exists(home, LinkOption.NOFOLLOW_LINKS), r.describe());
    assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS), r.describe());
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(
          List.of("bin", "dl", "download", "user"),
          left.map(p -> p.getFileName().toString()).sorted().toList(),
          "no tombstone left beside the home");
    }
  }
}
