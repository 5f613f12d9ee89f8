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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    return run(context, home, binDir, strategy, out, err, verbose, false);
  }

  /**
   * The same; with {@code json}, one object on stdout instead of text: {@code status} ({@code
   * installed}, {@code already-installed}, {@code skipped}, {@code failed}), {@code app}, {@code
   * version}, {@code home}, {@code link}, {@code linked} (man page and completions), {@code
   * zshCompletion}, {@code binDirOnPath}.
   */
  public static int run(
      Context context,
      Optional<Path> home,
      Optional<Path> binDir,
      Optional<HoistHome.Strategy> strategy,
      PrintWriter out,
      PrintWriter err,
      boolean verbose,
      boolean json) {
    String name = context.app().name();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("app", name);
    if (context.env().installDir().isEmpty()) {
      return failed(
          json,
          out,
          err,
          result,
          "invalid-home",
          "self install must run from an extracted release archive ("
              + name
              + "-VERSION/"
              + context.app().launcher()
              + ")",
          null,
          false);
    }
    Path h = home.orElseGet(context::defaultHome);
    Path b = binDir.orElseGet(context::defaultBinDir);
    PrintWriter text = json ? new PrintWriter(java.io.Writer.nullWriter()) : out;
    try {
      SelfInstaller.Outcome o =
          new SelfInstaller(context.clock(), context.app())
              .install(context.env().installDir().get(), h, b, strategy);
      Path target =
          new HoistHome(h.toAbsolutePath().normalize()).active().resolve(context.app().launcher());
      text.println(
          (o.alreadyInstalled()
                  ? name + " " + o.version() + " is already installed in "
                  : "installed " + name + " " + o.version() + " into ")
              + h);
      text.println("linked " + o.launcher() + " -> " + target);
      List<String> linked = new ArrayList<>();
      Optional<Path> zsh = shellFiles(context, h, text, err, linked);
      boolean onPath = onPath(context, b);
      if (!onPath) {
        text.println();
        text.println(b + " is not on your PATH. Add it, e.g. in ~/.bashrc or ~/.zshrc:");
        text.println("  export PATH=\"" + b + ":$PATH\"");
      }
      text.flush();
      if (json) {
        result.put("status", o.alreadyInstalled() ? "already-installed" : "installed");
        result.put("version", o.version());
        result.put("home", h.toString());
        result.put("link", o.launcher().toString());
        result.put("linked", linked);
        result.put("zshCompletion", zsh.map(Path::toString).orElse(null));
        result.put("binDirOnPath", onPath);
        Output.json(out, result);
      }
      return 0;
    } catch (UpdateException e) {
      if (e.reason() == UpdateException.Reason.LOCK_FAILED) {
        // A late arrival, as for updates: the one that holds the lock does the work.
        if (json) {
          result.put("status", "skipped");
          result.put("reason", "locked");
          result.put("message", e.getMessage());
          Output.json(out, result);
        } else {
          err.println(name + ": " + e.getMessage());
        }
        return 0;
      }
      return failed(json, out, err, result, e.reason().code(), e.getMessage(), e, verbose);
    }
  }

  private static int failed(
      boolean json,
      PrintWriter out,
      PrintWriter err,
      Map<String, Object> result,
      String error,
      String message,
      Throwable cause,
      boolean verbose) {
    if (json) {
      result.put("status", "failed");
      result.put("error", error);
      result.put("message", message);
      Output.json(out, result);
    } else {
      Output.error(err, String.valueOf(result.get("app")), message, cause, verbose);
    }
    return 1;
  }

  /**
   * Links the man page and completions the distribution ships in {@code share/} and says how to
   * turn on zsh's; a problem here is a warning, since the command itself is installed.
   *
   * @param linked receives each link made
   * @return the zsh script to source, when the distribution has one
   */
  private static Optional<Path> shellFiles(
      Context context, Path h, PrintWriter out, PrintWriter err, List<String> linked) {
    String name = context.app().name();
    ShellFiles files =
        new ShellFiles(
            context.xdgDataHome(),
            new HoistHome(h.toAbsolutePath().normalize()),
            context.app().command());
    try {
      ShellFiles.Result r = files.install();
      for (ShellFiles.Link l : r.linked()) {
        out.println("linked " + l.what() + " " + l.link());
        linked.add(l.link().toString());
      }
      for (ShellFiles.Link l : r.taken()) {
        err.println(
            name + ": warning: " + l.link() + " is not " + name + "'s; left it, no " + l.what());
      }
      if (Files.isRegularFile(files.zshScript())) {
        out.println("zsh completion: add to ~/.zshrc:  source " + files.zshScript());
        return Optional.of(files.zshScript());
      }
    } catch (IOException e) {
      err.println(name + ": warning: cannot link the man page and completions: " + e.getMessage());
    }
    return Optional.empty();
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
