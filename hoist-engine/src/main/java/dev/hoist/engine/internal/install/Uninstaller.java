package dev.hoist.engine.internal.install;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.lock.UpdateLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code hoist self uninstall} and {@code hoist uninstall --app}: removes a home and the links that
 * lead into it, under the update lock so that no update is half-way through, and never anything
 * that is not Hoist's: in the home only the entries Hoist makes ({@code versions/}, {@code
 * current}, {@code state/}, ...), anything else is kept and named; outside it only symlinks that
 * point into the home (the PATH link, the man page and completion links), never a file.
 */
public final class Uninstaller {
  /** The entries of a home that Hoist makes; besides them, only its own temporary files. */
  private static final Set<String> OURS =
      Set.of(
          "versions",
          "current",
          "staging",
          "state",
          "logs",
          "install",
          "install.backup",
          "config.json");

  private final Clock clock;

  public Uninstaller(Clock clock) {
    this.clock = clock;
  }

  /**
   * What was done.
   *
   * @param removed what was deleted: links, then the home's entries, then the home itself
   * @param kept what was left because it is not Hoist's (a file where a link would be, a file the
   *     user put in the home)
   * @param installed false when there was nothing to remove (not installed, or already removed)
   */
  public record Outcome(List<Path> removed, List<Path> kept, boolean installed) {}

  /**
   * Removes {@code home} of {@code app} and those of {@code links} that lead into it.
   *
   * @param links where links to the home may be (the PATH link, man page, completions)
   * @throws UpdateException {@code INVALID_HOME} if the directory holds something other than a home
   *     of {@code app}; {@code LOCK_FAILED} while an update holds the lock; {@code INSTALL_FAILED}
   *     if a file cannot be deleted
   */
  public Outcome uninstall(HoistHome home, String app, List<Path> links) throws UpdateException {
    List<Path> removed = new ArrayList<>();
    List<Path> kept = new ArrayList<>();
    Path root = home.root().toAbsolutePath().normalize();
    try {
      if (!isHome(home)) {
        if (hasAny(root, OURS)) {
          throw new UpdateException(
              Reason.INVALID_HOME,
              root + " is not a Hoist home (no installed version in it); nothing removed");
        }
        // No home (never installed, or removed): links left pointing into it still go.
        removeLinks(links, root, removed, kept);
        return new Outcome(removed, kept, !removed.isEmpty());
      }
      home.requireApp(app);
      Files.createDirectories(home.state());
      UpdateLock.Attempt attempt =
          UpdateLock.tryAcquire(
              home.state(), home.currentVersion().orElse("none"), "uninstall", clock);
      if (attempt instanceof UpdateLock.Held held) {
        throw new UpdateException(
            Reason.LOCK_FAILED,
            "an update of "
                + app
                + " is running"
                + held.holder().map(r -> " (pid=" + r.pid() + ")").orElse("")
                + "; uninstall once it has finished");
      }
      try (UpdateLock lock = ((UpdateLock.Acquired) attempt).lock()) {
        lock.verifyOwnership();
        removeLinks(links, root, removed, kept);
        try (var entries = Files.list(root)) {
          for (Path p : (Iterable<Path>) entries.sorted()::iterator) {
            String name = p.getFileName().toString();
            if (name.equals("state")) continue; // the lock lives there: last
            if (OURS.contains(name) || name.contains(Durable.TEMP_INFIX)) {
              Durable.deleteTree(p);
              removed.add(p);
            } else {
              kept.add(p);
            }
          }
        }
      }
      Durable.deleteTree(home.state());
      removed.add(home.state());
      if (kept.stream().noneMatch(p -> p.startsWith(root))) {
        Files.deleteIfExists(root);
        removed.add(root);
      }
      return new Outcome(removed, kept, true);
    } catch (IOException e) {
      throw new UpdateException(
          Reason.INSTALL_FAILED, "cannot remove " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * True if {@code home} is one, positively: an install Hoist completed is in it, or it holds only
   * what an install that never completed leaves ({@code state/}, {@code staging/}, {@code logs/}).
   * A directory that merely has entries named like Hoist's ({@code ~} with a {@code logs/}) is not.
   */
  static boolean isHome(HoistHome home) throws IOException {
    if (!Files.isDirectory(home.root(), LinkOption.NOFOLLOW_LINKS)) return false;
    if (HoistHome.isComplete(home.install())) return true;
    if (Files.isDirectory(home.versions(), LinkOption.NOFOLLOW_LINKS)) {
      try (var versions = Files.list(home.versions())) {
        if (versions.anyMatch(HoistHome::isComplete)) return true;
      }
    }
    try (var entries = Files.list(home.root())) {
      List<String> names = entries.map(p -> p.getFileName().toString()).toList();
      return names.contains("state")
          && Set.of("state", "staging", "logs", "config.json").containsAll(names);
    }
  }

  private static boolean hasAny(Path root, Set<String> names) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) return false;
    try (var entries = Files.list(root)) {
      return entries.anyMatch(p -> names.contains(p.getFileName().toString()));
    }
  }

  private static void removeLinks(List<Path> links, Path root, List<Path> removed, List<Path> kept)
      throws IOException {
    for (Path link : links) {
      if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) continue;
      if (leadsInto(link, root)) {
        Files.delete(link);
        removed.add(link);
      } else {
        kept.add(link);
      }
    }
  }

  /** True for a symlink whose target is in {@code root}: one Hoist made for this home. */
  static boolean leadsInto(Path link, Path root) throws IOException {
    if (!Files.isSymbolicLink(link)) return false;
    Path target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
    return target.startsWith(root);
  }
}
