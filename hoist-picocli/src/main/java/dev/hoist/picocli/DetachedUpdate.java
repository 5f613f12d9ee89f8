package dev.hoist.picocli;

import dev.hoist.engine.UpdateResult;
import dev.hoist.picocli.internal.AppOption;
import dev.hoist.picocli.internal.Output;
import dev.hoist.picocli.internal.Unattended;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * {@code hoist update --detach} as the JVM runs it (the launcher handles the plain form itself).
 */
final class DetachedUpdate {
  private DetachedUpdate() {}

  /**
   * {@code --detach}: validates the flags here (so usage errors still exit 2), honours the gates
   * and the pause without starting anything, else starts the {@code --auto} run in the background.
   */
  static int start(UpdateCommand c, Unattended unattended, PrintWriter out) {
    if (c.check || c.dryRun) {
      throw new CommandLine.ParameterException(
          c.spec.commandLine(), "--detach cannot be combined with --check or --dry-run");
    }
    c.request();
    String who = c.caller != null ? c.caller : "detach";
    Optional<UpdateResult> off =
        c.gate()
            .or(
                () ->
                    unattended
                        .pause()
                        .map(
                            p ->
                                Unattended.skipped(
                                    "paused",
                                    "unattended updates are " + p.describe() + "; skipping")));
    if (off.isPresent()) {
      unattended.record("update", who, off.get());
      if (c.json) Output.json(out, off.get().toJson());
      return 0;
    }
    List<String> args = new ArrayList<>(List.of("update", "--auto", "--caller", who));
    AppOption.of(c.spec)
        .ifPresent(f -> args.addAll(List.of("--app", f.toAbsolutePath().normalize().toString())));
    if (c.registry != null) args.addAll(List.of("--registry", c.registry));
    if (c.channel != null) args.addAll(List.of("--channel", c.channel));
    if (c.to != null) args.addAll(List.of("--to", c.to));
    if (c.waitFor != null) args.add("--wait=" + c.waitFor);
    long pid;
    try {
      pid = unattended.detach(args);
    } catch (IllegalStateException e) {
      throw new CommandLine.ParameterException(c.spec.commandLine(), e.getMessage(), e);
    } catch (java.io.IOException e) {
      Output.error(
          c.spec.commandLine().getErr(), c.spec.root().name(), e.getMessage(), e, c.verbose);
      return 1;
    }
    if (c.json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", "detached");
      m.put("pid", pid);
      m.put("log", unattended.log().map(Object::toString).orElse(null));
      Output.json(out, m);
    }
    return 0;
  }
}
