package dev.hoist.engine.internal.schedule;

import java.io.IOException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line in the user's crontab, edited through the {@code crontab} command ({@code crontab -l} to
 * read, {@code crontab -} to install), whichever binary is named: the real one, or in tests any
 * stand-in that speaks the same two verbs.
 *
 * <p>The entry is one line ending in the marker {@code # hoist-schedule}. Enabling removes any line
 * carrying the marker and appends the new one; every other line of the user's crontab (comments,
 * variables, blank lines, other jobs) is written back byte for byte, in order. The run's minute
 * (and hour, for intervals of an hour or more) and the second it waits for within that minute come
 * from the job's per-install spread.
 */
public final class CronSchedule implements Scheduler {
  static final String MARKER = "# hoist-schedule";
  private static final Pattern EVERY = Pattern.compile("every=(\\S+)");

  private final Commands commands;
  private final String crontab;
  private final Clock clock;

  /**
   * @param crontab the crontab command, e.g. {@code crontab} or a path to one
   * @param clock the time zone of the clock should be cron's (the system's) for {@code next}
   */
  public CronSchedule(Commands commands, String crontab, Clock clock) {
    this.commands = commands;
    this.crontab = crontab;
    this.clock = clock;
  }

  @Override
  public String backend() {
    return "cron";
  }

  @Override
  public boolean enable(Job job) throws IOException {
    String old = read();
    String updated = withEntry(old, line(job));
    if (updated.equals(normalized(old))) return false;
    write(updated);
    return true;
  }

  @Override
  public boolean disable() throws IOException {
    String old = read();
    String updated = withEntry(old, null);
    if (updated.equals(normalized(old))) return false;
    write(updated);
    return true;
  }

  @Override
  public Optional<ScheduleStatus> status() throws IOException {
    for (String l : read().split("\n", -1)) {
      if (!l.contains(MARKER)) continue;
      Matcher m = EVERY.matcher(l.substring(l.indexOf(MARKER)));
      String[] f = l.trim().split("\\s+");
      String next =
          f.length >= 5
              ? next(f, ZonedDateTime.now(clock))
                  .map(t -> t.toOffsetDateTime().toString())
                  .orElse(null)
              : null;
      return Optional.of(new ScheduleStatus("cron", m.find() ? m.group(1) : null, next, l));
    }
    return Optional.empty();
  }

  /**
   * The crontab line for {@code job}. Cron starts every job at second :00 of its minute, so a
   * fleet's scheduled checks would all land in the first second of their minutes (bench/fleet: the
   * busiest second of a day, twice the mean); the run waits its own second of the minute first,
   * from bits of the spread that place nothing else.
   */
  static String line(Job job) {
    long second = second(job);
    return expression(job)
        + " "
        + (second == 0 ? "" : "sleep " + second + "; ")
        + job.shellLine()
        + " >/dev/null 2>&1 "
        + MARKER
        + " every="
        + job.everyText();
  }

  /** The second of its minute the job starts at: 0–59, from the spread above minute and hour. */
  static long second(Job job) {
    return (job.spread() / (60 * 24)) % 60;
  }

  /**
   * The five time fields: under an hour, every N minutes from a spread minute; under a day, every N
   * hours at a spread minute from a spread hour; else once every N days at a spread time. Intervals
   * are rounded down to whole minutes, hours or days.
   */
  static String expression(Job job) {
    long m = job.every().toMinutes();
    long s = job.spread();
    if (m < 60) return (s % m) + "-59/" + m + " * * * *";
    if (m < 24 * 60) {
      long h = m / 60;
      return (s % 60) + " " + ((s / 60) % h) + "-23/" + h + " * * *";
    }
    long d = m / (24 * 60);
    return (s % 60) + " " + ((s / 60) % 24) + (d == 1 ? " * * *" : " */" + d + " * *");
  }

  /**
   * {@code text} with every marked line removed and, unless null, {@code entry} appended; the other
   * lines are kept as they were, and the result ends with a newline as cron requires.
   */
  static String withEntry(String text, String entry) {
    List<String> kept = new ArrayList<>();
    for (String l : normalized(text).split("\n", -1)) {
      if (!l.contains(MARKER)) kept.add(l);
    }
    if (!kept.isEmpty() && kept.get(kept.size() - 1).isEmpty()) kept.remove(kept.size() - 1);
    if (entry != null) kept.add(entry);
    return kept.isEmpty() ? "" : String.join("\n", kept) + "\n";
  }

  private static String normalized(String text) {
    return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
  }

  /** The next minute after {@code now} matching the minute, hour and day-of-month fields. */
  static Optional<ZonedDateTime> next(String[] fields, ZonedDateTime now) {
    BitSet minutes = field(fields[0], 0, 59);
    BitSet hours = field(fields[1], 0, 23);
    BitSet days = field(fields[2], 1, 31);
    ZonedDateTime t = now.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    for (int i = 0; i < 62 * 24 * 60; i++, t = t.plusMinutes(1)) {
      if (minutes.get(t.getMinute()) && hours.get(t.getHour()) && days.get(t.getDayOfMonth())) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** A field of the forms we write: {@code *}, {@code N}, {@code A-B/S}, {@code *\/S}. */
  static BitSet field(String f, int min, int max) {
    BitSet b = new BitSet();
    int step = 1;
    String range = f;
    int slash = f.indexOf('/');
    if (slash >= 0) {
      step = Integer.parseInt(f.substring(slash + 1));
      range = f.substring(0, slash);
    }
    int from = min;
    int to = max;
    if (!range.equals("*")) {
      int dash = range.indexOf('-');
      from = Integer.parseInt(dash >= 0 ? range.substring(0, dash) : range);
      to = dash >= 0 ? Integer.parseInt(range.substring(dash + 1)) : (slash >= 0 ? max : from);
    }
    for (int v = from; v <= to; v += step) b.set(v);
    return b;
  }

  private String read() throws IOException {
    Commands.Result r = commands.run(List.of(crontab, "-l"), "");
    if (r.code() == 0) return r.out();
    // "no crontab for USER" (cron, cronie, macOS), or busybox's "can't open": none yet.
    if (r.err().contains("no crontab") || r.err().contains("can't open")) return "";
    throw new IOException(crontab + " -l failed: " + r.err().strip());
  }

  private void write(String text) throws IOException {
    Commands.Result r = commands.run(List.of(crontab, "-"), text);
    if (r.code() != 0) throw new IOException(crontab + " - failed: " + r.err().strip());
  }
}
