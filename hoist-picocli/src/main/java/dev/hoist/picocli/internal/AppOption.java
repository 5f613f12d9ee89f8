package dev.hoist.picocli.internal;

import dev.hoist.engine.HandOff;
import dev.hoist.engine.HttpConfig;
import dev.hoist.engine.UpdateEngine;
import dev.hoist.engine.internal.app.AppDescriptor;
import dev.hoist.engine.internal.install.HoistHome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --app FILE}: run {@code update}, {@code rollback}, {@code status} or {@code history} for
 * the application an app descriptor names (docs/apps.md) instead of Hoist itself. Added to those
 * commands by the {@code hoist} binary only, so an application that embeds {@code UpdateCommand}
 * does not show it.
 */
public final class AppOption {
  public static final String NAME = "app";

  @Option(
      names = "--app",
      paramLabel = "FILE",
      description =
          "Act on the application this app descriptor names (its own home, registry and"
              + " version command) instead of hoist itself; see docs/apps.md.")
  public Path file;

  /**
   * Adds the option to {@code commands} of {@code cl}, with an example in {@code update}'s help.
   */
  public static void addTo(CommandLine cl, String... commands) {
    for (String c : commands) {
      CommandLine sub = cl.getSubcommands().get(c);
      if (sub != null) sub.addMixin(NAME, new AppOption());
    }
    CommandLine update = cl.getSubcommands().get("update");
    if (update == null) return;
    CommandLine.Model.UsageMessageSpec usage = update.getCommandSpec().usageMessage();
    List<String> footer = new ArrayList<>(List.of(usage.footer()));
    footer.add("  hoist update --app ~/.config/hoist/apps/mvn.json");
    footer.add("                                   install or update another tool (docs/apps.md)");
    usage.footer(footer.toArray(String[]::new));
  }

  /** The descriptor file given to the command {@code spec}, if the option is there and set. */
  public static Optional<Path> of(CommandSpec spec) {
    CommandSpec mixin = spec.mixins().get(NAME);
    if (mixin == null) return Optional.empty();
    return Optional.ofNullable(((AppOption) mixin.userObject()).file);
  }

  /**
   * Reads the descriptor, a usage error (exit 2) when it cannot be used.
   *
   * @throws CommandLine.ParameterException naming the file and what is wrong
   */
  public static AppDescriptor read(Context context, Path file, CommandSpec spec) {
    try {
      return AppDescriptor.read(file, context.env().userHome(), context.platform());
    } catch (AppDescriptor.BadDescriptor e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--app: " + e.getMessage(), e);
    }
  }

  /** The home of the app: the descriptor's, else {@code <data>/hoist-apps/<name>}. */
  public static HoistHome home(Context context, AppDescriptor d) {
    return new HoistHome(d.home().orElse(context.defaultAppsDir().resolve(d.app().name())));
  }

  /**
   * The engine that manages the app's home.
   *
   * @throws TrustSettings.BadTrustConfig when the descriptor's trusted keys cannot be used
   */
  public static UpdateEngine engine(Context context, AppDescriptor d, HttpConfig http) {
    return engine(context, d, http, HandOff.NONE, Settings.Pacing.DEFAULT);
  }

  /**
   * The same, offering each install to {@code handOff} before the lock, with the check interval and
   * release spread that Hoist's settings give ({@code HOIST_CHECK_INTERVAL}, {@code
   * HOIST_RELEASE_SPREAD}, or the config file's keys): they apply to every tool Hoist manages.
   */
  public static UpdateEngine engine(
      Context context, AppDescriptor d, HttpConfig http, HandOff handOff, Settings.Pacing pacing) {
    UpdateEngine.Builder b =
        pacing
            .applyTo(context.engineBuilder(http))
            .handOff(handOff)
            .app(Context.api(d.app()))
            .managedHome(home(context, d).root())
            .trustedKeys(TrustSettings.forApp(d))
            .npmScripts(d.npmScripts());
    d.link()
        .ifPresent(
            l -> b.pathLink(l.binDir().orElse(context.defaultBinDir()).resolve(l.command())));
    return b.build();
  }
}
