package dev.hoist.engine.internal.schedule;

import java.io.IOException;
import java.util.Optional;

/**
 * A system scheduler that runs {@code hoist update --auto} periodically for this user: a systemd
 * user timer, a crontab entry or a launchd agent. Every implementation is idempotent: enabling
 * twice leaves one entry (the second replaces the first), and disabling touches nothing but its own
 * entry.
 */
public interface Scheduler {
  /** {@code systemd}, {@code cron} or {@code launchd}. */
  String backend();

  /**
   * Installs or replaces the entry for {@code job}.
   *
   * @return true if anything changed (false: the same entry was already there)
   * @throws IOException if the scheduler refused or could not be run
   */
  boolean enable(Job job) throws IOException;

  /**
   * Removes the entry, if there is one.
   *
   * @return true if one was removed
   * @throws IOException if the scheduler refused or could not be run
   */
  boolean disable() throws IOException;

  /**
   * The entry in force, if any.
   *
   * @throws IOException if the scheduler could not be asked
   */
  Optional<ScheduleStatus> status() throws IOException;
}
