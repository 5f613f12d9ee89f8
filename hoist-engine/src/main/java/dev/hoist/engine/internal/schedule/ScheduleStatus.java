package dev.hoist.engine.internal.schedule;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An installed schedule.
 *
 * @param backend {@code systemd}, {@code cron} or {@code launchd}
 * @param every the interval, as written at enable time (e.g. {@code 6h}), or null if unknown
 * @param next when it fires next, as the backend tells it, or null if it cannot say
 * @param entry what is installed: the crontab line, the unit or the plist path
 */
public record ScheduleStatus(String backend, String every, String next, String entry) {
  /** The {@code schedule} object of {@code hoist status --json}. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backend", backend);
    m.put("every", every);
    m.put("next", next);
    m.put("entry", entry);
    return m;
  }
}
