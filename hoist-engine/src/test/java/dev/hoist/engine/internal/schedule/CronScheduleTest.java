package dev.hoist.engine.internal.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crontab backend against a {@code crontab} command: always a stand-in script that stores the
 * table in a file (the same process plumbing), and also the real {@code crontab} when one is on
 * PATH, whose table is saved first and put back afterwards.
 */
class CronScheduleTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-30T02:00:00Z"), ZoneOffset.UTC);
  private static final String USERS_OWN =
      "MAILTO=me@example.com\n"
          + "# nightly backups\n"
          + "0 3 * * * /usr/local/bin/backup --all\n"
          + "\n"
          + "*/5 * * * * echo 'hoist is great' # a note\n";

  @TempDir Path tmp;

  static Stream<String> crontabs() {
    Stream<String> fake = Stream.of("fake");
    return dev.hoist.engine.internal.io.Executables.onPath("crontab", System.getenv("PATH"))
            .isPresent()
        ? Stream.concat(fake, Stream.of("real"))
        : fake;
  }

  private static Job job(Duration every) {
    return new Job(
        List.of("/home/u/.local/share/hoist/current/bin/hoist", "update", "--auto"), every, 12345);
  }

  private CronSchedule schedule(String which, Commands commands) throws IOException {
    if (which.equals("fake")) {
      Path bin = tmp.resolve("bin");
      return new CronSchedule(commands, FakeTools.crontab(bin).toString(), CLOCK);
    }
    return new CronSchedule(commands, "crontab", CLOCK);
  }

  private static String table(Commands c, String crontab) throws IOException {
    Commands.Result r = c.run(List.of(crontab, "-l"), "");
    return r.code() == 0 ? r.out() : "";
  }

  @ParameterizedTest
  @MethodSource("crontabs")
  void enableTwiceDisable_keepsTheUsersOtherLinesExactly(String which) throws Exception {
    Commands commands = Commands.processes(Map.of("PATH", System.getenv("PATH")));
    String crontab =
        which.equals("fake") ? FakeTools.crontab(tmp.resolve("bin")).toString() : "crontab";
    String saved = which.equals("real") ? table(commands, crontab) : null;
    try {
      commands.run(List.of(crontab, "-"), USERS_OWN);
      CronSchedule cron = schedule(which, commands);

      assertTrue(cron.enable(job(Duration.ofHours(6))));
      String after = table(commands, crontab);
      assertEquals(USERS_OWN + CronSchedule.line(job(Duration.ofHours(6))) + "\n", after);

      assertFalse(cron.enable(job(Duration.ofHours(6))), "enabling twice changes nothing");
      assertEquals(after, table(commands, crontab));

      assertTrue(cron.enable(job(Duration.ofMinutes(30))), "a new interval replaces the entry");
      String replaced = table(commands, crontab);
      assertEquals(1, replaced.lines().filter(l -> l.contains(CronSchedule.MARKER)).count());
      assertTrue(replaced.startsWith(USERS_OWN), replaced);

      ScheduleStatus s = cron.status().orElseThrow();
      assertEquals("cron", s.backend());
      assertEquals("30m", s.every());
      assertEquals("2026-11-30T02:15Z", s.next()); // 15-59/30: minute 15 and 45
      assertTrue(s.entry().contains("hoist update --auto"), s.entry());

      assertTrue(cron.disable());
      assertEquals(USERS_OWN, table(commands, crontab));
      assertFalse(cron.disable(), "nothing left to remove");
      assertTrue(cron.status().isEmpty());
    } finally {
      if (saved != null) {
        if (saved.isEmpty()) commands.run(List.of("crontab", "-r"), "");
        else commands.run(List.of("crontab", "-"), saved);
      }
    }
  }

  /**
   * Cron starts at second :00; without a second of its own, a fleet's scheduled checks crowd the
   * first second of their minutes (bench/fleet). The second comes from spread bits that place
   * neither the minute nor the hour, so every second of the minute is equally used.
   */
  @Test
  void eachInstallStartsAtItsOwnSecondOfTheMinute() {
    List<String> cmd = List.of("/h/hoist", "update", "--auto");
    Job j = new Job(cmd, Duration.ofDays(1), 37L * 1440 + 2 * 60 + 5);
    assertEquals("5 2 * * * sleep 37; /h/hoist update --auto", CronSchedule.line(j).split(" >")[0]);
    Job zero = new Job(cmd, Duration.ofDays(1), 2 * 60 + 5);
    assertEquals("5 2 * * * /h/hoist update --auto", CronSchedule.line(zero).split(" >")[0]);
    int[] perSecond = new int[60];
    for (long spread = 0; spread < 1440L * 60 * 5; spread++) {
      perSecond[(int) CronSchedule.second(new Job(cmd, Duration.ofDays(1), spread))]++;
    }
    for (int n : perSecond) assertEquals(1440 * 5, n);
  }

  @Test
  void aUserWithoutACrontab_getsJustTheEntry_andDisableLeavesItEmpty() throws Exception {
    Commands commands = Commands.processes(Map.of("PATH", "/usr/bin:/bin"));
    CronSchedule cron = schedule("fake", commands);
    String crontab = tmp.resolve("bin/crontab").toString();
    assertTrue(cron.status().isEmpty());
    assertTrue(cron.enable(job(Duration.ofDays(1))));
    assertEquals(CronSchedule.line(job(Duration.ofDays(1))) + "\n", table(commands, crontab));
    assertTrue(cron.disable());
    assertEquals("", table(commands, crontab));
  }

  @Test
  void expression_placesTheRunByTheInstallsSpread() {
    // spread 12345: minute 12345 % 60 = 45; hour offset (12345 / 60) = 205.
    assertEquals("15-59/30 * * * *", CronSchedule.expression(job(Duration.ofMinutes(30))));
    assertEquals("45 1-23/6 * * *", CronSchedule.expression(job(Duration.ofHours(6))));
    assertEquals("45 13 * * *", CronSchedule.expression(job(Duration.ofDays(1))));
    assertEquals("45 13 */2 * *", CronSchedule.expression(job(Duration.ofDays(2))));
    List<String> minutes = new ArrayList<>();
    for (long s = 0; s < 5; s++) {
      minutes.add(CronSchedule.expression(new Job(List.of("h"), Duration.ofHours(1), s * 7919)));
    }
    assertEquals(
        5, minutes.stream().distinct().count(), "installs spread over the hour: " + minutes);
  }

  @Test
  void evenInterval_roundsDownToWhatCronKeepsEven() {
    assertEquals(Duration.ofMinutes(30), Job.evenInterval(Duration.ofMinutes(45)));
    assertEquals(Duration.ofMinutes(1), Job.evenInterval(Duration.ofSeconds(61)));
    assertEquals(Duration.ofMinutes(20), Job.evenInterval(Duration.ofMinutes(20)));
    assertEquals(Duration.ofHours(1), Job.evenInterval(Duration.ofMinutes(90)));
    assertEquals(Duration.ofHours(4), Job.evenInterval(Duration.ofHours(5)));
    assertEquals(Duration.ofHours(12), Job.evenInterval(Duration.ofHours(23)));
    assertEquals(Duration.ofDays(1), Job.evenInterval(Duration.ofHours(36)));
    assertEquals(Duration.ofDays(7), Job.evenInterval(Duration.ofDays(7)));
  }

  @Test
  void next_findsTheNextMatchingMinute() {
    ZonedDateTime t = ZonedDateTime.parse("2026-11-30T02:00:00Z");
    String[] sixHours = "45 1-23/6 * * *".split(" ");
    assertEquals(
        ZonedDateTime.parse("2026-11-30T07:45Z"), CronSchedule.next(sixHours, t).orElseThrow());
    assertEquals(
        ZonedDateTime.parse("2026-12-01T01:45Z"),
        CronSchedule.next(sixHours, ZonedDateTime.parse("2026-11-30T19:45:00Z")).orElseThrow());
    String[] everyOtherDay = "45 13 */2 * *".split(" ");
    assertEquals(
        ZonedDateTime.parse("2026-12-01T13:45Z"),
        CronSchedule.next(everyOtherDay, t).orElseThrow());
  }

  @Test
  void withEntry_handlesATableWithoutTrailingNewline() {
    assertEquals("a\nb\nX\n", CronSchedule.withEntry("a\nb", "X"));
    assertEquals("a\n\nX\n", CronSchedule.withEntry("a\n\nold " + CronSchedule.MARKER + "\n", "X"));
    assertEquals("", CronSchedule.withEntry("old " + CronSchedule.MARKER + "\n", null));
  }

  @Test
  void shellLine_quotesWhatNeedsIt() {
    Job j = new Job(List.of("/opt/my apps/hoist", "it's", "--auto"), Duration.ofHours(1), 0);
    assertEquals("'/opt/my apps/hoist' 'it'\\''s' --auto", j.shellLine());
  }
}
