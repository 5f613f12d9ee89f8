package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.testing.Releases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which digest the active install was verified by, read from its marker, old or new. */
class StatusReportTest {
  @TempDir Path tmp;

  private static String verifiedBy(HoistHome home, String markerJson) throws Exception {
    Path marker = home.activeMarker();
    Files.delete(marker);
    Files.writeString(marker, markerJson);
    return StatusReport.of(home, "1.0.0", "checksums only").verifiedBy();
  }

  @Test
  void theRecordedAlgorithm_isReported() throws Exception {
    HoistHome home = Releases.activeHome(tmp.resolve("h"), "1.0.0");
    StatusReport r = StatusReport.of(home, "1.0.0", "checksums only");
    assertEquals("sha256", r.verifiedBy(), "promoted with a SHA-256");
    assertFalse(r.verifiedBySha1Only());
    assertEquals("sha512", verifiedBy(home, "{\"version\":\"1.0.0\",\"verifiedBy\":\"sha512\"}"));
  }

  @Test
  void markersOfEarlierVersions_areReadByTheirPrefix() throws Exception {
    HoistHome home = Releases.activeHome(tmp.resolve("h"), "1.0.0");
    assertEquals(
        "sha1",
        verifiedBy(home, "{\"version\":\"1.0.0\",\"sha256\":\"sha1:" + "a".repeat(40) + "\"}"));
    assertEquals(
        "sha256",
        verifiedBy(home, "{\"version\":\"1.0.0\",\"sha256\":\"" + "b".repeat(64) + "\"}"));
  }

  @Test
  void anInstallThatWasNotDownloaded_orAnUnreadableMarker_saysNothing() throws Exception {
    HoistHome home = Releases.activeHome(tmp.resolve("h"), "1.0.0");
    assertNull(
        verifiedBy(home, "{\"version\":\"1.0.0\",\"sha256\":\"\",\"source\":\"self install\"}"));
    assertNull(verifiedBy(home, "{\"version\":\"1.0.0\",\"source\":\"repaired\"}"));
    assertNull(verifiedBy(home, "not json"));
    StatusReport r = StatusReport.of(home, "1.0.0", "checksums only");
    assertTrue(r.toJson().containsKey("verifiedBy"), "always present in JSON, null when unknown");
  }
}
