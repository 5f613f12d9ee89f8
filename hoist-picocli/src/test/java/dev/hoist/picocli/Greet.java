package dev.hoist.picocli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A stranger's picocli app that adds Hoist's update command with one annotation and nothing else.
 */
@Command(name = "greet", mixinStandardHelpOptions = true, subcommands = UpdateCommand.class)
public final class Greet implements Runnable {
  @Override
  public void run() {
    System.out.println("hello");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Greet()).execute(args));
  }
}
