package dev.hoist.engine.internal.install;

import dev.hoist.engine.internal.app.App;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How the running copy was installed, and so whether Hoist may update it (DESIGN §2 step 1). A copy
 * Hoist does not manage is never touched; the result says which command would update it.
 */
public sealed interface Provenance {

  /** A copy living in {@code <home>/versions/<v>}: Hoist updates it. */
  record SelfManaged(HoistHome home, Path installDir) implements Provenance {}

  /**
   * A copy Hoist must not touch.
   *
   * @param why what this copy is, in words
   * @param updateCommand what would update it instead
   */
  record NotSelfManaged(String why, String updateCommand) implements Provenance {}

  /** Classifies a running copy of Hoist. */
  static Provenance of(Optional<Path> installDir, Optional<Path> homeOverride) {
    return of(App.HOIST, installDir, homeOverride);
  }

  /**
   * Classifies the running copy of {@code app}; the advice names the app's own commands.
   *
   * @param installDir the distribution directory the launcher passed; empty for a development build
   *     run from the class path
   * @param homeOverride the app's home setting ({@code HOIST_HOME} for Hoist), when set: a copy
   *     outside it is not the one to update
   */
  static Provenance of(App app, Optional<Path> installDir, Optional<Path> homeOverride) {
    boolean hoist = app.name().equals(App.HOIST.name());
    if (installDir.isEmpty()) {
      return new NotSelfManaged(
          "this is a development build (not started by an installed " + app.launcher() + ")",
          hoist
              ? "rebuild it with ./mvnw package, or install a release with packaging/install.sh"
              : "install a release with " + app.name() + "-install.sh");
    }
    Optional<NotSelfManaged> managed =
        packageManager(app.name(), installDir.get().toAbsolutePath().normalize());
    if (managed.isPresent()) return managed.get();
    Path dir;
    try {
      dir = installDir.get().toRealPath();
    } catch (IOException e) {
      return new NotSelfManaged(
          "the install directory " + installDir.get() + " cannot be resolved",
          "reinstall " + app.name());
    }
    managed = packageManager(app.name(), dir);
    if (managed.isPresent()) return managed.get();

    Optional<HoistHome> owner = homeOf(dir);
    if (owner.isPresent()) {
      HoistHome home = owner.get();
      Path root = home.root();
      if (homeOverride.isPresent() && !sameFile(homeOverride.get(), root)) {
        return new NotSelfManaged(
            (hoist ? "HOIST_HOME" : "the home setting")
                + " is "
                + homeOverride.get()
                + " but this copy runs from "
                + root,
            new HoistHome(homeOverride.get()).active().resolve(app.launcher()) + " update");
      }
      return new SelfManaged(home, dir);
    }
    return new NotSelfManaged(
        "this copy at " + dir + " is not inside a Hoist home",
        hoist
            ? dir.resolve(app.launcher()) + " self install (installs it into a Hoist home)"
            : dir.resolve(app.launcher())
                + " update --self-install (installs it into its home, as "
                + app.name()
                + "-install.sh does)");
  }

  /**
   * The home a complete install directory belongs to: {@code <home>/versions/<v>} next to a {@code
   * current} link, or {@code <home>/install} of an in-place home.
   */
  private static Optional<HoistHome> homeOf(Path dir) {
    Path parent = dir.getParent();
    if (parent == null) return Optional.empty();
    if (dir.getFileName().toString().equals("install")) {
      HoistHome home = new HoistHome(parent);
      return HoistHome.isComplete(dir) && home.strategy() == HoistHome.Strategy.IN_PLACE
          ? Optional.of(home)
          : Optional.empty();
    }
    Path root = parent.getParent();
    if (root != null
        && parent.getFileName().toString().equals("versions")
        && Files.isSymbolicLink(root.resolve("current"))
        && (HoistHome.isComplete(dir) || isCurrent(root, dir))) {
      // What current names stays Hoist's even if its marker was lost: the update repairs it.
      return Optional.of(new HoistHome(root));
    }
    return Optional.empty();
  }

  private static boolean isCurrent(Path root, Path dir) {
    try {
      return Files.readSymbolicLink(root.resolve("current"))
          .getFileName()
          .toString()
          .equals(dir.getFileName().toString());
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Under a {@code Cellar} directory of a Homebrew prefix: one beside {@code bin/brew}. Any other
   * directory that happens to be called {@code Cellar} (a user's home of that name) is not
   * Homebrew's.
   */
  private static boolean homebrewCellar(Path path) {
    for (Path p = path; p != null && p.getParent() != null; p = p.getParent()) {
      if (p.getFileName().toString().equals("Cellar")
          && Files.isExecutable(p.getParent().resolve("bin/brew"))) {
        return true;
      }
    }
    return false;
  }

  /** A copy under a package manager's tree belongs to that package manager. */
  private static Optional<NotSelfManaged> packageManager(String name, Path path) {
    String p = (path.toString().replace('\\', '/') + "/").toLowerCase(Locale.ROOT);
    if (homebrewCellar(path) || p.startsWith("/opt/homebrew/") || p.contains("/linuxbrew/")) {
      return Optional.of(new NotSelfManaged("installed by Homebrew", "brew upgrade " + name));
    }
    if (p.contains("/.sdkman/candidates/")) {
      return Optional.of(new NotSelfManaged("installed by SDKMAN!", "sdk upgrade " + name));
    }
    if (p.startsWith("/nix/store/")) {
      return Optional.of(new NotSelfManaged("installed by Nix", "your Nix configuration"));
    }
    if (p.startsWith("/snap/")) {
      return Optional.of(new NotSelfManaged("installed as a snap", "snap refresh " + name));
    }
    if (p.startsWith("/usr/") && !p.startsWith("/usr/local/")) {
      return Optional.of(
          new NotSelfManaged(
              "installed by the system package manager", "your package manager (e.g. apt)"));
    }
    return Optional.empty();
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }
}
