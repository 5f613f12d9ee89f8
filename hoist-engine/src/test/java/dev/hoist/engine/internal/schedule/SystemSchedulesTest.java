package dev.hoist.engine.internal.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd and launchd backends against stand-in tools, and picking a backend. */
class SystemSchedulesTest {
  @TempDir Path tmp;

  private static final Job JOB =
      new Job(List.of("/opt/my apps/hoist", "update", "--auto", "50%"), Duration.ofHours(6), 42);

  private Commands commands(Path bin) {
    return Commands.processes(Map.of("PATH", bin + ":/usr/bin:/bin"));
  }

  private List<String> calls(Path bin) throws IOException {
    Path f = bin.resolve("calls.txt");
    return Files.exists(f) ? Files.readAllLines(f) : List.of();
  }

  @Test
  void systemd_unitsAreWrittenEnabledOnceAndRemoved() throws Exception {
    Path bin = tmp.resolve("bin");
    FakeTools.systemctl(bin, 0);
    Path units = tmp.resolve("config/systemd/user");
    SystemdSchedule s = new SystemdSchedule(commands(bin), units);

    assertTrue(s.enable(JOB));
    assertEquals(
        List.of("--user daemon-reload", "--user enable --now hoist-update.timer"), calls(bin));
    String timer = Files.readString(units.resolve("hoist-update.timer"));
    assertTrue(timer.contains("OnUnitActiveSec=6h\n"), timer);
    assertTrue(timer.contains("RandomizedDelaySec=2160s\n"), "a tenth of 6h: " + timer);
    assertTrue(timer.contains("WantedBy=timers.target"), timer);
    String service = Files.readString(units.resolve("hoist-update.service"));
    assertTrue(
        service.contains("ExecStart=\"/opt/my apps/hoist\" update --auto \"50%%\"\n"), service);

    assertFalse(s.enable(JOB), "the same units again change nothing");
    ScheduleStatus st = s.status().orElseThrow();
    assertEquals("6h", st.every());
    assertEquals("Mon 2026-11-30 06:12:00 UTC", st.next());

    assertTrue(s.disable());
    assertFalse(Files.exists(units.resolve("hoist-update.timer")));
    assertFalse(Files.exists(units.resolve("hoist-update.service")));
    assertTrue(
        calls(bin).contains("--user disable --now hoist-update.timer"), calls(bin).toString());
    assertFalse(s.disable());
    assertTrue(s.status().isEmpty());
  }

  @Test
  void systemd_randomizedDelayIsCappedAtAnHour() {
    Job daily = new Job(List.of("hoist"), Duration.ofDays(1), 0);
    assertTrue(SystemdSchedule.timer(daily).contains("RandomizedDelaySec=3600s\n"));
  }

  @Test
  void launchd_plistRunsTheJobAtItsInterval() throws Exception {
    String plist =
        LaunchdSchedule.plist(new Job(List.of("/a&b/hoist", "update"), Duration.ofHours(6), 0));
    assertTrue(
        plist.contains("<string>/a&amp;b/hoist</string>\n    <string>update</string>"), plist);
    assertTrue(plist.contains("<key>StartInterval</key>\n  <integer>21600</integer>"), plist);
    assertTrue(plist.contains("<string>dev.hoist.update</string>"), plist);

    Path bin = tmp.resolve("bin");
    FakeTools.launchctl(bin);
    LaunchdSchedule s = new LaunchdSchedule(commands(bin), tmp.resolve("Library/LaunchAgents"));
    assertTrue(s.enable(JOB));
    assertFalse(s.enable(JOB));
    assertEquals("360m", s.status().orElseThrow().every());
    assertTrue(calls(bin).stream().anyMatch(c -> c.startsWith("load -w ")), calls(bin).toString());
    assertTrue(s.disable());
    assertTrue(s.status().isEmpty());
  }

  @Test
  void detect_prefersAWorkingSystemdUserManagerThenCron() throws Exception {
    Clock clock = Clock.systemUTC();
    Path home = tmp.resolve("home");
    Path working = tmp.resolve("working");
    FakeTools.systemctl(working, 0);
    FakeTools.crontab(working);
    assertInstanceOf(
        SystemdSchedule.class,
        Schedulers.detect(commands(working), "Linux", home, home, working.toString(), clock));

    Path noBus = tmp.resolve("nobus");
    FakeTools.systemctl(noBus, 1);
    FakeTools.crontab(noBus);
    assertInstanceOf(
        CronSchedule.class,
        Schedulers.detect(commands(noBus), "Linux", home, home, noBus.toString(), clock));

    Path nothing = Files.createDirectories(tmp.resolve("nothing"));
    FakeTools.systemctl(nothing, 1);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                Schedulers.detect(
                    commands(nothing), "Linux", home, home, nothing.toString(), clock));
    assertTrue(e.getMessage().contains("no scheduler found"), e.getMessage());

    assertInstanceOf(
        LaunchdSchedule.class,
        Schedulers.detect(commands(nothing), "Mac OS X", home, home, nothing.toString(), clock));
  }
}
