package dev.hoist.cli;

import dev.hoist.engine.OfferedVersion;
import dev.hoist.engine.UpdateEngine;
import dev.hoist.engine.internal.app.AppDescriptor;
import dev.hoist.picocli.internal.AppOption;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.HttpSettings;
import dev.hoist.picocli.internal.Output;
import dev.hoist.picocli.internal.Settings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code versions}: what the registry offers, for this platform. Takes no lock. */
@Command(
    name = "versions",
    mixinStandardHelpOptions = true,
    description =
        "List every version the registry offers, newest first: the channels that name it,"
            + " whether it has an archive for this platform, and which is installed.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  hoist versions",
      "  hoist versions --json",
      "  hoist versions --app ~/.config/hoist/apps/mvn.json"
    })
final class VersionsCommand implements Callable<Integer> {
  private final Context context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  @Option(
      names = "--registry",
      paramLabel = "URL",
      description = "The registry to list (default: the configured one).")
  String registry;

  VersionsCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Optional<Path> file = AppOption.of(spec);
    UpdateEngine engine;
    URI uri;
    String name;
    try {
      if (file.isPresent()) {
        AppDescriptor d = AppOption.read(context, file.get(), spec);
        engine = AppOption.engine(context, d, HttpSettings.config(context.env()));
        uri = Settings.toUri(registry != null ? registry : d.registry());
        name = d.app().name();
      } else {
        uri =
            registry != null
                ? Settings.toUri(registry)
                : Settings.resolve(
                        context.env(), context.home(), Optional.empty(), Optional.empty())
                    .registry()
                    .orElseThrow(
                        () ->
                            new CommandLine.ParameterException(
                                spec.commandLine(),
                                "no registry configured: pass --registry URL or set"
                                    + " HOIST_REGISTRY"));
        engine = context.engine();
        name = "hoist";
      }
    } catch (Settings.BadSetting e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    UpdateEngine.Offered offered = engine.versions(uri);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("app", name);
      m.put("registry", uri.toString());
      if (offered.error() != null) {
        m.put("status", "failed");
        m.put("error", offered.error().code());
        m.put("message", offered.message());
      } else {
        m.put("versions", offered.versions().stream().map(OfferedVersion::toJson).toList());
      }
      Output.json(out, m);
      return offered.error() == null ? 0 : 1;
    }
    if (offered.error() != null) {
      Output.error(spec.commandLine().getErr(), offered.message(), null, false);
      return 1;
    }
    if (offered.versions().isEmpty()) out.println(uri + " lists no versions");
    int width = offered.versions().stream().mapToInt(v -> v.version().length()).max().orElse(7);
    for (OfferedVersion v : offered.versions()) {
      StringBuilder line = new StringBuilder(String.format("%-" + width + "s", v.version()));
      if (!v.channels().isEmpty()) line.append("  ").append(String.join(", ", v.channels()));
      if (v.installed()) line.append("  (installed)");
      if (!v.installable()) line.append("  (no archive for " + context.platform().id() + ")");
      out.println(line.toString().stripTrailing());
    }
    out.flush();
    return 0;
  }
}
