package greet;

import dev.hoist.picocli.UpdateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Says hello, and keeps itself up to date with {@code greet update}. */
@Command(
    name = "greet",
    mixinStandardHelpOptions = true,
    versionProvider = Greet.Version.class,
    description = "Says hello.",
    subcommands = UpdateCommand.class)
public class Greet implements Runnable {
  @Parameters(arity = "0..1", defaultValue = "world", description = "Whom to greet.")
  String whom;

  @Override
  public void run() {
    System.out.println("hello, " + whom);
  }

  /** {@code greet <version>}, the version Maven wrote into the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Greet.class.getPackage().getImplementationVersion();
      return new String[] {"greet " + (v != null ? v : "0.0.0-dev")};
    }
  }

  public static void main(String[] args) {
    // A bare `greet update` that nothing changed for is answered before the command line is built.
    if (dev.hoist.picocli.QuickUpdate.answer("greet", args)) System.exit(0);
    System.exit(
        new CommandLine(new Greet())
            .setParameterExceptionHandler(new dev.hoist.picocli.UsageErrors())
            .setExecutionStrategy(new dev.hoist.picocli.UpdateNotice())
            .execute(args));
  }
}
