package dev.hoist.cli;

import dev.hoist.engine.internal.app.AppDescriptor;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.PinnedVersion;
import dev.hoist.engine.internal.version.Version;
import dev.hoist.picocli.internal.AppOption;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Output;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pin [VERSION]}: hold a home at one version; every update targets it until unpinned. */
@Command(
    name = "pin",
    mixinStandardHelpOptions = true,
    description = {
      "Hold hoist (or, with --app, a tool) at one version: every update, by hand, unattended or"
          + " with --all, installs exactly that version, as --to would, and nothing newer, until"
          + " 'hoist unpin'. Without VERSION, the installed one.",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  hoist pin                        stay on the installed version",
      "  hoist pin 1.2.0 && hoist update  go to 1.2.0 and stay there",
      "  hoist pin --app ~/.config/hoist/apps/mvn.json"
    })
final class PinCommand implements Callable<Integer> {
  private final Context context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "VERSION",
      arity = "0..1",
      description = "The version to hold (a leading v is dropped); default: the installed one.")
  String version;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  PinCommand(Context context) {
    this.context = context;
  }

  /**
   * The home and name {@code --app} names, else Hoist's own.
   *
   * @throws CommandLine.ParameterException when the descriptor names the home of another app (a pin
   *     there would hold that app, as {@code update --app} refuses to install over it)
   */
  static Map.Entry<String, HoistHome> target(Context context, CommandLine.Model.CommandSpec spec) {
    Optional<Path> file = AppOption.of(spec);
    if (file.isPresent()) {
      AppDescriptor d = AppOption.read(context, file.get(), spec);
      HoistHome home = AppOption.home(context, d);
      try {
        home.requireApp(d.app().name());
      } catch (UpdateException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--app: " + d.file() + ": " + e.getMessage(), e);
      }
      return Map.entry(d.app().name(), home);
    }
    return Map.entry("hoist", PauseCommand.homeOf(context, spec.commandLine()));
  }

  @Override
  public Integer call() throws IOException {
    var t = target(context, spec);
    HoistHome home = t.getValue();
    Optional<String> current = home.currentVersion();
    String v = version;
    if (v == null) {
      v =
          current.orElseThrow(
              () ->
                  new CommandLine.ParameterException(
                      spec.commandLine(),
                      t.getKey() + " is not installed: give the VERSION to pin"));
    }
    if (v.matches("[vV]\\d.*")) v = v.substring(1);
    if (Version.readAny(v).isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          version != null
              ? "'" + version + "' is not a version (e.g. 1.2.0)"
              : t.getKey()
                  + "'s installed version '"
                  + v
                  + "' is not one a pin can hold (e.g. 1.2.0): give the VERSION to pin");
    }
    new PinnedVersion(home).set(v);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", "pinned");
      m.put("app", t.getKey());
      m.put("pinned", v);
      m.put("current", current.orElse(null));
      Output.json(out, m);
      return 0;
    }
    out.println(
        "pinned "
            + t.getKey()
            + " at "
            + v
            + ": every update stays on it until '"
            + unpinCommand(spec)
            + "'");
    if (!current.filter(v::equals).isPresent()) {
      out.println(
          "installed: "
              + current.orElse("nothing")
              + "; 'hoist update"
              + appArg(spec)
              + "' installs "
              + v);
    }
    out.flush();
    return 0;
  }

  private static String appArg(CommandLine.Model.CommandSpec spec) {
    return AppOption.of(spec).map(f -> " --app " + f).orElse("");
  }

  private static String unpinCommand(CommandLine.Model.CommandSpec spec) {
    return "hoist unpin" + appArg(spec);
  }

  /** {@code unpin}: follow the channel again. */
  @Command(
      name = "unpin",
      mixinStandardHelpOptions = true,
      description = "Release a pin: updates follow the channel again.",
      footerHeading = "%nExamples:%n",
      footer = {"  hoist unpin", "  hoist unpin --app ~/.config/hoist/apps/mvn.json"})
  static final class Unpin implements Callable<Integer> {
    private final Context context;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    Unpin(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() throws IOException {
      var t = target(context, spec);
      boolean was = new PinnedVersion(t.getValue()).clear();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", was ? "unpinned" : "not-pinned");
        m.put("app", t.getKey());
        Output.json(out, m);
      } else {
        out.println(
            was
                ? t.getKey() + " is no longer pinned: updates follow the channel again"
                : t.getKey() + " was not pinned");
        out.flush();
      }
      return 0;
    }
  }
}
