package dev.hoist.cli;

import dev.hoist.engine.StatusReport;
import dev.hoist.engine.internal.app.AppDescriptor;
import dev.hoist.engine.internal.auto.Pause;
import dev.hoist.engine.internal.schedule.ScheduleStatus;
import dev.hoist.picocli.internal.AppOption;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.HttpSettings;
import dev.hoist.picocli.internal.Output;
import dev.hoist.picocli.internal.Settings;
import dev.hoist.picocli.internal.TrustSettings;
import dev.hoist.picocli.internal.Unattended;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code status}: the install layout, versions, lock holder and last check. Takes no lock. */
@Command(
    name = "status",
    footerHeading = "%nExamples:%n",
    footer = {
      "  hoist status",
      "  hoist status --json",
      "  hoist status --app ~/.config/hoist/apps/mvn.json"
    },
    mixinStandardHelpOptions = true,
    description =
        "Show the Hoist home, the current and previous versions, the lock holder and"
            + " the last registry check.")
final class StatusCommand implements Callable<Integer> {
  private final Context context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  StatusCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Optional<Path> app = AppOption.of(spec);
    if (app.isPresent()) return app(AppOption.read(context, app.get(), spec), out);
    StatusReport r = context.engine().status();
    Map<String, Object> registry = RegistryStatus.of(context);
    Optional<Pause.State> paused = new Unattended(context).pause();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>(r.toJson());
      m.put("paused", paused.isPresent());
      m.put("pausedUntil", paused.flatMap(Pause.State::until).map(Object::toString).orElse(null));
      m.put("schedule", ScheduleCommand.current(context).map(ScheduleStatus::toJson).orElse(null));
      m.put("registry", registry);
      Output.json(out, m);
      return 0;
    }
    out.println("running:  hoist " + r.running());
    out.println(
        "registry: "
            + (registry == null
                ? "(none configured)"
                : registry.containsKey("error")
                    ? registry.get("error")
                    : registry.get("setting") + " — trust: " + registry.get("trust")));
    if (!r.selfManaged()) {
      out.println("managed:  no — " + r.note());
      out.flush();
      return 0;
    }
    out.println("home:     " + r.home());
    out.println("current:  " + (r.current() == null ? "(none)" : r.current()));
    out.println("previous: " + (r.previous() == null ? "(none)" : r.previous()));
    out.println(
        "versions: " + (r.versions().isEmpty() ? "(none)" : String.join(", ", r.versions())));
    out.println(
        "lock:     "
            + (r.lock() == null
                ? "free"
                : "held by pid "
                    + r.lock().pid()
                    + " ("
                    + r.lock().from()
                    + " -> "
                    + r.lock().to()
                    + ")"));
    out.println("trust:    " + r.trust());
    verified(r, out);
    out.println(
        "paused:   " + paused.map(p -> "yes, unattended updates are " + p.describe()).orElse("no"));
    out.println(
        "schedule: "
            + ScheduleCommand.current(context)
                .map(
                    x ->
                        x.backend()
                            + ", every "
                            + x.every()
                            + (x.next() == null ? "" : ", next " + x.next()))
                .orElse("none"));
    if (r.lastCheck() == null) {
      out.println("checked:  never");
    } else {
      out.println(
          "checked:  "
              + field(r.lastCheck(), "checkedAt")
              + " at "
              + field(r.lastCheck(), "url")
              + " (latest: "
              + field(r.lastCheck(), "latest")
              + ")");
    }
    out.flush();
    return 0;
  }

  /** {@code status --app FILE}: the app's home, versions, lock, link and registry. */
  private int app(AppDescriptor d, PrintWriter out) {
    StatusReport r = AppOption.engine(context, d, HttpSettings.config(context.env())).status();
    Map<String, Object> registry;
    try {
      registry =
          RegistryStatus.describe(Settings.toUri(d.registry()), () -> TrustSettings.forApp(d));
    } catch (Settings.BadSetting e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--app: " + e.getMessage(), e);
    }
    String link =
        d.link()
            .map(l -> l.binDir().orElse(context.defaultBinDir()).resolve(l.command()).toString())
            .orElse(null);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("app", d.app().name());
      m.put("descriptor", d.file().toString());
      Map<String, Object> report = new LinkedHashMap<>(r.toJson());
      report.remove("running");
      m.putAll(report);
      m.put("link", link);
      m.put("registry", registry);
      Output.json(out, m);
      return 0;
    }
    out.println("app:      " + d.app().name() + " (" + d.file() + ")");
    out.println("registry: " + registry.get("setting") + " — trust: " + registry.get("trust"));
    out.println("home:     " + r.home());
    out.println("command:  " + (link == null ? "(no link)" : link));
    out.println("current:  " + (r.current() == null ? "(not installed)" : r.current()));
    out.println("previous: " + (r.previous() == null ? "(none)" : r.previous()));
    out.println(
        "versions: " + (r.versions().isEmpty() ? "(none)" : String.join(", ", r.versions())));
    out.println("lock:     " + (r.lock() == null ? "free" : "held by pid " + r.lock().pid()));
    verified(r, out);
    out.flush();
    return 0;
  }

  /** Which digest the active install was checked by; SHA-1 alone is said to be weak. */
  private static void verified(StatusReport r, PrintWriter out) {
    if (r.verifiedBy() == null) return;
    out.println(
        "verified: "
            + (r.verifiedBySha1Only()
                ? "sha1 only — the registry publishes no SHA-256 or SHA-512 for this release, and"
                    + " SHA-1 no longer protects against a forged archive"
                : r.verifiedBy()));
  }

  /** A field of the last check as text, {@code ?} when it is missing or not a value. */
  private static String field(Map<String, Object> check, String name) {
    Object v = check.get(name);
    return v == null || v instanceof Map || v instanceof List ? "?" : v.toString();
  }
}
