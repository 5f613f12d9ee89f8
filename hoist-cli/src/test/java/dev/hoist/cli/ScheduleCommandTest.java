package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.schedule.FakeTools;
import dev.hoist.engine.testing.Releases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoist schedule} and the {@code schedule} field of {@code hoist status}, on a machine whose
 * PATH offers a stand-in {@code crontab} and a {@code systemctl} without a user manager, as in
 * containers: detection must fall back to cron.
 */
class ScheduleCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private final Map<String, String> vars = new HashMap<>();
  private String out;
  private String err;
  private Path bin;

  @BeforeEach
  void setUp() throws Exception {
    bin = tmp.resolve("fakebin");
    FakeTools.crontab(bin);
    FakeTools.systemctl(bin, 1);
    vars.put("PATH", bin + ":/usr/bin:/bin");
    Path dist =
        Releases.extracted(
            Releases.fakeDistribution(Files.createDirectories(tmp.resolve("dl")), "1.0.0"),
            Files.createDirectories(tmp.resolve("extracted")));
    assertEquals(
        0,
        run(
            Optional.of(dist),
            "self",
            "install",
            "--home",
            tmp.resolve("home").toString(),
            "--bin-dir",
            tmp.resolve("bin").toString()),
        err);
  }

  private int run(Optional<Path> installDir, String... args) {
    CliRun r = CliRun.of(vars, installDir, tmp.resolve("user"), Clock.systemUTC(), args);
    out = r.out();
    err = r.err();
    return r.code();
  }

  private int hoist(String... args) {
    return run(Optional.of(tmp.resolve("home/versions/1.0.0")), args);
  }

  @Test
  void enableStatusDisable_throughCron() throws Exception {
    Files.writeString(bin.resolve("crontab.txt"), "0 3 * * * backup\n");
    assertEquals(0, hoist("schedule", "enable", "--every", "6h", "--json"), err);
    JsonNode j = JSON.readTree(out);
    assertEquals("enabled", j.get("status").asText(), out);
    assertEquals("cron", j.get("backend").asText());
    String entry = j.get("schedule").get("entry").asText();
    assertTrue(
        entry.contains(tmp.resolve("home/current/bin/hoist") + " update --auto --caller schedule"),
        entry);
    assertTrue(entry.contains("JAVA_HOME=" + System.getProperty("java.home")), entry);

    assertEquals(0, hoist("schedule", "enable", "--every", "6h", "--json"));
    assertEquals("unchanged", JSON.readTree(out).get("status").asText());
    String table = Files.readString(bin.resolve("crontab.txt"));
    assertTrue(table.startsWith("0 3 * * * backup\n"), table);
    assertEquals(2, table.lines().count(), table);

    assertEquals(0, hoist("status", "--json"));
    JsonNode s = JSON.readTree(out).get("schedule");
    assertEquals("cron", s.get("backend").asText(), out);
    assertEquals("6h", s.get("every").asText());
    assertTrue(s.get("next").isTextual(), out);

    assertEquals(0, hoist("schedule", "status"));
    assertTrue(out.startsWith("schedule: cron, every 6h, next "), out);

    assertEquals(0, hoist("schedule", "disable"));
    assertEquals("schedule removed (cron)", out.strip());
    assertEquals("0 3 * * * backup\n", Files.readString(bin.resolve("crontab.txt")));
    assertEquals(0, hoist("status", "--json"));
    assertTrue(JSON.readTree(out).get("schedule").isNull(), out);
  }

  @Test
  void noSchedulerAtAll_isAClearError() throws Exception {
    Files.delete(bin.resolve("crontab"));
    vars.put("PATH", bin.toString());
    assertEquals(1, hoist("schedule", "enable"));
    assertTrue(err.contains("no scheduler found"), err);
    assertEquals(2, hoist("schedule", "enable", "--every", "10s"));
  }
}
