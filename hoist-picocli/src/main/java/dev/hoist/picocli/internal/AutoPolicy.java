package dev.hoist.picocli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether unattended ({@code --auto}, {@code --detach}) runs may run at all, before anything else
 * happens: the disable switch ({@code HOIST_NO_AUTO_UPDATE=1}, or {@code "autoUpdate": false} in
 * {@code $HOIST_HOME/config.json} or the distribution's {@code conf/hoist.json}) and CI (the {@code
 * CI} variable is set), where a build must not change its tools mid-run unless {@code
 * "autoUpdateInCI": true} says so. A person's {@code hoist update} ignores both.
 */
public final class AutoPolicy {
  private AutoPolicy() {}

  /** Why unattended runs are off. */
  public record Off(String reason, String message) {}

  /**
   * What unattended runs may do.
   *
   * @param off why they may not run at all, if so
   * @param checkOnly true with {@code "autoUpdate": "check-only"}: look and record, never install
   *     (as rustup's {@code auto-self-update check-only}); a person's run still installs
   */
  public record Policy(Optional<Off> off, boolean checkOnly) {}

  /**
   * Empty when unattended runs may proceed.
   *
   * @throws Settings.BadSetting if a config file is broken
   */
  public static Optional<Off> check(Environment env, Optional<Path> home)
      throws Settings.BadSetting {
    return policy(env, home).off();
  }

  /**
   * The policy for unattended runs.
   *
   * @throws Settings.BadSetting if a config file is broken
   */
  public static Policy policy(Environment env, Optional<Path> home) throws Settings.BadSetting {
    if (env.app("NO_AUTO_UPDATE").filter(AutoPolicy::truthy).isPresent()) {
      return new Policy(
          Optional.of(
              new Off(
                  "disabled",
                  "automatic updates are disabled by "
                      + env.name("NO_AUTO_UPDATE")
                      + "; skipping")),
          false);
    }
    List<Map<String, Object>> files = new ArrayList<>();
    if (home.isPresent()) Settings.read(home.get().resolve("config.json")).ifPresent(files::add);
    if (env.installDir().isPresent()) {
      Settings.read(env.installDir().get().resolve("conf/hoist.json")).ifPresent(files::add);
    }
    boolean checkOnly = false;
    for (Map<String, Object> f : files) {
      Object v = f.get("autoUpdate");
      if (v != null) {
        checkOnly = CHECK_ONLY.equals(v);
        break;
      }
    }
    return new Policy(off(env, files), checkOnly);
  }

  /** The value of {@code autoUpdate} that makes unattended runs look without installing. */
  public static final String CHECK_ONLY = "check-only";

  private static Optional<Off> off(Environment env, List<Map<String, Object>> files) {
    if (!flag(files, "autoUpdate").orElse(true)) {
      return Optional.of(
          new Off("disabled", "automatic updates are disabled by \"autoUpdate\": false; skipping"));
    }
    if (env.get("CI").filter(AutoPolicy::truthy).isPresent()
        && !flag(files, "autoUpdateInCI").orElse(false)) {
      return Optional.of(
          new Off(
              "ci",
              "CI is set: automatic updates do not run in CI unless \"autoUpdateInCI\": true;"
                  + " skipping"));
    }
    return Optional.empty();
  }

  /** Set to anything but {@code 0}, {@code false} or {@code no}. */
  private static boolean truthy(String v) {
    return !List.of("0", "false", "no").contains(v.strip().toLowerCase(Locale.ROOT));
  }

  /** The first file's boolean for {@code key}: the user's config beats the distribution's. */
  private static Optional<Boolean> flag(List<Map<String, Object>> files, String key) {
    for (Map<String, Object> f : files) {
      if (f.get(key) instanceof Boolean v) return Optional.of(v);
    }
    return Optional.empty();
  }
}
