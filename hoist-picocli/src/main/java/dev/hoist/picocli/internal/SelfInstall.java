package dev.hoist.picocli.internal;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.SelfInstaller;
import dev.hoist.engine.internal.install.ShellFiles;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Installs the extracted distribution the process runs from into a home and links its command on
 * the bin dir: {@code hoist self install}, and what an app's installer script runs ({@code <app>
 * update --self-install}). Prints what it did and how to put the bin dir on PATH.
 */
public final class SelfInstall {
  private SelfInstall() {}

  /**
   * @return the exit code: 0 installed (or already), 1 failed
   */
  public static int run(
      Context context,
      Optional<Path> home,
      Optional<Path> binDir,
      Optional<HoistHome.Strategy> strategy,
      PrintWriter out,
      PrintWriter err,
      boolean verbose) {
    String name = context.app().name();
    if (context.env().installDir().isEmpty()) {
      Output.error(
          err,
          name,
          "self install must run from an extracted release archive ("
              + name
              + "-VERSION/"
              + context.app().launcher()
              + ")",
          null,
          false);
      return 1;
    }
    Path h = home.orElseGet(context::defaultHome);
    Path b = binDir.orElseGet(context::defaultBinDir);
    try {
      SelfInstaller.Outcome o =
          new SelfInstaller(context.clock(), context.app())
              .install(context.env().installDir().get(), h, b, strategy);
      out.println(
          (o.alreadyInstalled()
                  ? name + " " + o.version() + " is already installed in "
                  : "installed " + name + " " + o.version() + " into ")
              + h);
      out.println(
          "linked "
              + o.launcher()
              + " -> "
              + new HoistHome(h.toAbsolutePath().normalize())
                  .active()
                  .resolve(context.app().launcher()));
      shellFiles(context, h, out, err);
      if (!onPath(context, b)) {
        out.println();
        out.println(b + " is not on your PATH. Add it, e.g. in ~/.bashrc or ~/.zshrc:");
        out.println("  export PATH=\"" + b + ":$PATH\"");
      }
      out.flush();
      return 0;
    } catch (UpdateException e) {
      if (e.reason() == UpdateException.Reason.LOCK_FAILED) {
        // A late arrival, as for updates: the one that holds the lock does the work.
        err.println(name + ": " + e.getMessage());
        return 0;
      }
      Output.error(err, name, e.getMessage(), e, verbose);
      return 1;
    }
  }

  /**
   * Links the man page and completions the distribution ships in {@code share/} and says how to
   * turn on zsh's; a problem here is a warning, since the command itself is installed.
   */
  private static void shellFiles(Context context, Path h, PrintWriter out, PrintWriter err) {
    String name = context.app().name();
    ShellFiles files =
        new ShellFiles(
            context.xdgDataHome(),
            new HoistHome(h.toAbsolutePath().normalize()),
            context.app().command());
    try {
      ShellFiles.Result r = files.install();
      for (ShellFiles.Link l : r.linked()) out.println("linked " + l.what() + " " + l.link());
      for (ShellFiles.Link l : r.taken()) {
        err.println(
            name + ": warning: " + l.link() + " is not " + name + "'s; left it, no " + l.what());
      }
      if (Files.isRegularFile(files.zshScript())) {
        out.println("zsh completion: add to ~/.zshrc:  source " + files.zshScript());
      }
    } catch (IOException e) {
      err.println(name + ": warning: cannot link the man page and completions: " + e.getMessage());
    }
  }

  private static boolean onPath(Context context, Path dir) {
    String path = context.env().get("PATH").orElse("");
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .anyMatch(
            p -> {
              try {
                return Files.isSameFile(p, dir);
              } catch (IOException e) {
                return false;
              }
            });
  }
}
