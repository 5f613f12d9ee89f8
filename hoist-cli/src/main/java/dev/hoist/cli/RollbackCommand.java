package dev.hoist.cli;

import dev.hoist.engine.UpdateResult;
import dev.hoist.engine.internal.app.AppDescriptor;
import dev.hoist.picocli.internal.AppOption;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.HttpSettings;
import dev.hoist.picocli.internal.Output;
import dev.hoist.picocli.internal.Unattended;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rollback}: flips {@code current} back to the previous complete version. */
@Command(
    name = "rollback",
    footerHeading = "%nExamples:%n",
    footer = {"  hoist rollback", "  hoist rollback --app ~/.config/hoist/apps/mvn.json"},
    mixinStandardHelpOptions = true,
    description = "Switch back to the version that was current before the last update.")
final class RollbackCommand implements Callable<Integer> {
  private final Context context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show the stack trace of a failure.")
  boolean verbose;

  RollbackCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Optional<Path> app = AppOption.of(spec);
    UpdateResult r;
    if (app.isPresent()) {
      AppDescriptor d = AppOption.read(context, app.get(), spec);
      r = AppOption.engine(context, d, HttpSettings.config(context.env())).rollback();
      new Unattended(context)
          .recordingIn(AppOption.home(context, d))
          .record("rollback", "manual", r);
    } else {
      r = context.engine().rollback();
      new Unattended(context).record("rollback", "manual", r);
    }
    if (json) {
      Output.json(spec.commandLine().getOut(), r.toJson());
    } else if (r.status() == UpdateResult.Status.FAILED) {
      Output.error(spec.commandLine().getErr(), r.message(), r.cause(), verbose);
    } else {
      spec.commandLine().getOut().println(r.message());
      spec.commandLine().getOut().flush();
    }
    return r.exitCode(false);
  }
}
