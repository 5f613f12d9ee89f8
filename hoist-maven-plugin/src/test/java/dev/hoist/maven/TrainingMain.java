package dev.hoist.maven;

/** A tiny app for RuntimeImageTest: prints {@code tiny <version>} or its help. */
public final class TrainingMain {
  private TrainingMain() {}

  public static void main(String[] args) {
    System.out.println(args.length > 0 && args[0].equals("--version") ? "tiny 1.0.0" : "usage");
  }
}
