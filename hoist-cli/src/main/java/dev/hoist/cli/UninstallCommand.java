package dev.hoist.cli;

import dev.hoist.engine.internal.app.AppDescriptor;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.picocli.internal.AppOption;
import dev.hoist.picocli.internal.Context;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code uninstall --app FILE}: remove a tool installed with {@code update --app}. */
@Command(
    name = "uninstall",
    mixinStandardHelpOptions = true,
    description = {
      "Remove a tool installed with 'hoist update --app FILE': its home (every installed"
          + " version, state and log) and its link on PATH. Only what Hoist made is removed:"
          + " another file where the link would be, or a file of yours in the home, is kept and"
          + " named. The descriptor file itself is yours and is kept. Hoist itself is removed"
          + " with 'hoist self uninstall'.",
      "Asks first on a terminal; elsewhere give --yes."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  hoist uninstall --app ~/.config/hoist/apps/mvn.json",
      "  hoist uninstall --app mvn.json --yes --json"
    })
final class UninstallCommand implements Callable<Integer> {
  private final Context context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--app",
      paramLabel = "FILE",
      required = true,
      description = "The app descriptor the tool was installed with (docs/apps.md).")
  Path app;

  @CommandLine.Mixin Uninstall.Options options;

  UninstallCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    AppDescriptor d = AppOption.read(context, app, spec);
    HoistHome home = AppOption.home(context, d);
    List<Path> links =
        d.link()
            .map(
                l ->
                    Uninstall.linksOf(
                        context, home, l.binDir().orElse(context.defaultBinDir()), l.command()))
            .orElse(List.of());
    return new Uninstall(context, d.app().name(), home, links, false)
        .run(spec.commandLine(), options);
  }
}
