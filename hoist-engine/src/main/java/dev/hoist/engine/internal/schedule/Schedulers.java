package dev.hoist.engine.internal.schedule;

import dev.hoist.engine.internal.io.Executables;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks the scheduler for this machine: launchd on macOS; a systemd user timer where {@code
 * systemctl --user} actually reaches a user manager (containers and sandboxes often have the binary
 * but no user bus); else cron, when a {@code crontab} command is on PATH.
 */
public final class Schedulers {
  private Schedulers() {}

  /**
   * The scheduler to use.
   *
   * @param home the user's home directory
   * @param configHome {@code $XDG_CONFIG_HOME}, else {@code ~/.config}
   * @param path the {@code PATH} to look for {@code systemctl} and {@code crontab} on
   * @throws IOException if this machine offers none
   */
  public static Scheduler detect(
      Commands commands, String osName, Path home, Path configHome, String path, Clock clock)
      throws IOException {
    if (osName.toLowerCase(Locale.ROOT).startsWith("mac")) {
      return new LaunchdSchedule(commands, home.resolve("Library/LaunchAgents"));
    }
    if (Executables.onPath("systemctl", path).isPresent() && userManagerWorks(commands)) {
      return new SystemdSchedule(commands, configHome.resolve("systemd/user"));
    }
    Optional<Path> crontab = Executables.onPath("crontab", path);
    if (crontab.isPresent()) return new CronSchedule(commands, crontab.get().toString(), clock);
    throw new IOException(
        "no scheduler found: 'systemctl --user' does not reach a user manager here and no"
            + " crontab command is on PATH (install cron, or run 'hoist update --auto' from your"
            + " own scheduler)");
  }

  private static boolean userManagerWorks(Commands commands) {
    try {
      return commands.run(List.of("systemctl", "--user", "show-environment"), "").code() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
