package greet;

import dev.hoist.picocli.UpdateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "greet",
    mixinStandardHelpOptions = true,
    version = "greet 1.0.0",
    subcommands = UpdateCommand.class)
public class Greet implements Runnable {
  @Override
  public void run() {
    System.out.println("hello from greet");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Greet()).execute(args));
  }
}
