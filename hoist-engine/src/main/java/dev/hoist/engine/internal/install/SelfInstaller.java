package dev.hoist.engine.internal.install;

import dev.hoist.engine.internal.app.App;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.lock.UpdateLock;
import dev.hoist.engine.internal.version.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.Set;

/**
 * {@code hoist self install} (and an app's installer): copies an extracted distribution into a home
 * as a complete version, points {@code current} at it and links {@code <bin>/<command>} to {@code
 * current}'s launcher. Runs under the update lock, through the same staging, promote and flip steps
 * as an update, so it is as crash-safe and may be repeated.
 */
public final class SelfInstaller {
  private final Clock clock;
  private final App app;

  /** Installs Hoist itself. */
  public SelfInstaller(Clock clock) {
    this(clock, App.HOIST);
  }

  /** Installs {@code app}: its launcher, linked on the bin dir under the launcher's name. */
  public SelfInstaller(Clock clock, App app) {
    this.clock = clock;
    this.app = app;
  }

  /**
   * The outcome.
   *
   * @param version the version now current
   * @param alreadyInstalled true if nothing had to be copied
   * @param launcher the link created on the bin dir
   */
  public record Outcome(String version, boolean alreadyInstalled, Path launcher) {}

  /**
   * Installs the distribution at {@code source} into {@code homeDir}.
   *
   * @throws UpdateException {@code INVALID_HOME} if the home exists and is not a Hoist home, the
   *     source is not a distribution, or the bin link would clobber a foreign file; {@code
   *     LOCK_FAILED} if an update holds the lock
   */
  public Outcome install(Path source, Path homeDir, Path binDir) throws UpdateException {
    return install(source, homeDir, binDir, java.util.Optional.empty());
  }

  /**
   * Like {@link #install(Path, Path, Path)}, choosing the strategy of a new home; an existing home
   * keeps the one it has, and asking for another is refused.
   */
  public Outcome install(
      Path source, Path homeDir, Path binDir, java.util.Optional<HoistHome.Strategy> strategy)
      throws UpdateException {
    String version = readVersion(source);
    HoistHome home = new HoistHome(homeDir.toAbsolutePath().normalize());
    home.requireUsable("choose another with --home");
    home.requireApp(app.name());
    if (strategy.isPresent() && home.exists() && home.strategy() != strategy.get()) {
      throw new UpdateException(
          Reason.INVALID_HOME,
          home.root()
              + " is a "
              + home.strategy().id()
              + " home; it cannot be switched to "
              + strategy.get().id());
    }
    Path launcher = binDir.toAbsolutePath().normalize().resolve(app.command());
    PathLink link = new PathLink(launcher, home.active().resolve(app.launcher()));
    link.checkSlot("choose another --bin-dir");
    UpdateLock.Attempt attempt =
        UpdateLock.tryAcquire(home.state(), home.currentVersion().orElse("none"), version, clock);
    if (attempt instanceof UpdateLock.Held held) {
      throw new UpdateException(
          Reason.LOCK_FAILED,
          "another "
              + app.name()
              + " install or update is already running"
              + held.holder().map(r -> " (pid=" + r.pid() + ")").orElse("")
              + "; skipping");
    }
    try (UpdateLock lock = ((UpdateLock.Acquired) attempt).lock()) {
      if (strategy.isPresent() && !home.exists()) {
        Durable.writeAtomically(
            home.state().resolve("strategy"),
            (strategy.get().id() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      Installer installer = new Installer(home, clock);
      boolean fresh = !home.exists();
      installer.createLayout();
      if (fresh && !app.name().equals(App.HOIST.name())) home.markApp(app.name());
      installer.sweepOrphans(inUse(home, source));
      boolean already =
          HoistHome.isComplete(home.active())
              && home.currentVersion().filter(version::equals).isPresent();
      if (!already) {
        Path staging = installer.newStagingDir(version);
        try {
          Path copy = staging.resolve(app.name() + "-" + version);
          copyTree(source.toRealPath(), copy);
          lock.verifyOwnership();
          Path promoted = installer.promote(copy, version, "", "self install from " + source);
          lock.verifyOwnership();
          installer.activate(version, promoted);
          installer.finishActivation();
        } finally {
          Durable.deleteTree(staging);
        }
      }
      link.create();
      return new Outcome(version, already, launcher);
    } catch (IOException e) {
      throw new UpdateException(
          Reason.INSTALL_FAILED, "cannot install into " + home.root() + ": " + e.getMessage(), e);
    }
  }

  private String readVersion(Path source) throws UpdateException {
    try {
      String v = Files.readString(source.resolve("VERSION"), StandardCharsets.UTF_8).strip();
      Version.parse(v);
      if (!Files.isExecutable(source.resolve(app.launcher()))) {
        throw new IOException("no executable " + app.launcher());
      }
      return v;
    } catch (IOException | IllegalArgumentException e) {
      throw new UpdateException(
          Reason.INVALID_HOME,
          source + " is not an extracted " + app.name() + " distribution (" + e.getMessage() + ")");
    }
  }

  /** The version directory of {@code home} that {@code source} is, if it is one of them. */
  private static Set<String> inUse(HoistHome home, Path source) {
    try {
      Path real = source.toRealPath();
      Path versions = home.versions().toRealPath();
      if (versions.equals(real.getParent())) return Set.of(real.getFileName().toString());
    } catch (IOException e) {
      // No versions/ yet, or no source: nothing of this home is in use.
    }
    return Set.of();
  }

  /**
   * Copies a tree, keeping permissions and relative links; never follows a link. The source's own
   * {@code .hoist/} (a self install run from inside {@code versions/<v>/}) is Hoist's state, not
   * the release's, and is left out: the copy gets markers of its own.
   */
  static void copyTree(Path from, Path to) throws IOException {
    Path own = from.resolve(HoistHome.MARKER).getParent();
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (dir.equals(own)) return FileVisitResult.SKIP_SUBTREE;
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Path dest = to.resolve(from.relativize(file).toString());
            if (file.equals(own)) return FileVisitResult.CONTINUE; // a link named .hoist
            if (attrs.isSymbolicLink()) {
              Files.createSymbolicLink(dest, Files.readSymbolicLink(file));
            } else {
              Files.copy(file, dest, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
