package dev.hoist.engine.internal.install;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * A JVM whose class path ends in a jar inside the home it uninstalls, as {@code hoist self
 * uninstall} runs from {@code versions/<v>/lib/*.jar}: uninstalls it, then loads the class that
 * only that jar holds, and prints {@code loaded} or why not.
 */
public final class UninstallFromWithinMain {
  private UninstallFromWithinMain() {}

  public static void main(String[] args) throws Exception {
    new Uninstaller(Clock.systemUTC())
        .uninstall(new HoistHome(Path.of(args[0])), "hoist", List.of());
    try {
      Class.forName(args[1]);
      System.out.println("loaded");
    } catch (ClassNotFoundException | LinkageError e) {
      System.out.println("not loaded: " + e);
    }
  }
}
