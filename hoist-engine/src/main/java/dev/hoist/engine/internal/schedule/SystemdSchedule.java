package dev.hoist.engine.internal.schedule;

import dev.hoist.engine.internal.io.Durable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A systemd user timer: {@code hoist-update.service} (a oneshot running the job) and {@code
 * hoist-update.timer} in the user's unit directory, enabled with {@code systemctl --user enable
 * --now}. The timer fires five minutes after boot and then every interval after the last run, with
 * {@code RandomizedDelaySec} spreading a fleet over a tenth of the interval (at most an hour).
 */
public final class SystemdSchedule implements Scheduler {
  static final String UNIT = "hoist-update";
  private static final Pattern EVERY = Pattern.compile("(?m)^OnUnitActiveSec=(\\S+)$");

  private final Commands commands;
  private final Path unitDir;

  /**
   * @param unitDir {@code $XDG_CONFIG_HOME/systemd/user}, usually {@code ~/.config/systemd/user}
   */
  public SystemdSchedule(Commands commands, Path unitDir) {
    this.commands = commands;
    this.unitDir = unitDir;
  }

  @Override
  public String backend() {
    return "systemd";
  }

  private Path service() {
    return unitDir.resolve(UNIT + ".service");
  }

  private Path timer() {
    return unitDir.resolve(UNIT + ".timer");
  }

  @Override
  public boolean enable(Job job) throws IOException {
    Files.createDirectories(unitDir);
    boolean changed = writeIfDifferent(service(), service(job));
    changed |= writeIfDifferent(timer(), timer(job));
    if (changed) systemctl("daemon-reload");
    systemctl("enable", "--now", UNIT + ".timer"); // idempotent; also restarts a stopped timer
    return changed;
  }

  @Override
  public boolean disable() throws IOException {
    if (!Files.exists(timer()) && !Files.exists(service())) return false;
    commands.run(List.of("systemctl", "--user", "disable", "--now", UNIT + ".timer"), "");
    Files.deleteIfExists(timer());
    Files.deleteIfExists(service());
    systemctl("daemon-reload");
    return true;
  }

  @Override
  public Optional<ScheduleStatus> status() throws IOException {
    if (!Files.isRegularFile(timer())) return Optional.empty();
    Matcher m = EVERY.matcher(Files.readString(timer(), StandardCharsets.UTF_8));
    Commands.Result r =
        commands.run(
            List.of(
                "systemctl",
                "--user",
                "show",
                UNIT + ".timer",
                "--property=NextElapseUSecRealtime",
                "--value"),
            "");
    String next = r.code() == 0 && !r.out().isBlank() ? r.out().strip() : null;
    return Optional.of(
        new ScheduleStatus("systemd", m.find() ? m.group(1) : null, next, timer().toString()));
  }

  /** The service unit's text. */
  static String service(Job job) {
    StringBuilder exec = new StringBuilder();
    for (String w : job.command()) {
      if (exec.length() > 0) exec.append(' ');
      String q = w.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%");
      exec.append(w.matches("[A-Za-z0-9_./=:@+-]+") ? q : "\"" + q + "\"");
    }
    return "[Unit]\n"
        + "Description=Hoist unattended update (managed by 'hoist schedule')\n\n"
        + "[Service]\n"
        + "Type=oneshot\n"
        + "ExecStart="
        + exec
        + "\n";
  }

  /** The timer unit's text. */
  static String timer(Job job) {
    Duration delay = job.every().dividedBy(10);
    if (delay.compareTo(Duration.ofHours(1)) > 0) delay = Duration.ofHours(1);
    return "[Unit]\n"
        + "Description=Run hoist update --auto every "
        + job.everyText()
        + " (managed by 'hoist schedule')\n\n"
        + "[Timer]\n"
        + "OnBootSec=5min\n"
        + "OnUnitActiveSec="
        + job.everyText()
        + "\n"
        + "RandomizedDelaySec="
        + Math.max(1, delay.toSeconds())
        + "s\n\n"
        + "[Install]\n"
        + "WantedBy=timers.target\n";
  }

  private void systemctl(String... args) throws IOException {
    List<String> argv = new java.util.ArrayList<>(List.of("systemctl", "--user"));
    argv.addAll(List.of(args));
    Commands.Result r = commands.run(argv, "");
    if (r.code() != 0) {
      throw new IOException(String.join(" ", argv) + " failed: " + r.err().strip());
    }
  }

  private static boolean writeIfDifferent(Path file, String text) throws IOException {
    if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
      return false;
    }
    Durable.writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    return true;
  }
}
