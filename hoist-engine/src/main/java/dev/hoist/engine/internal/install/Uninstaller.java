package dev.hoist.engine.internal.install;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.lock.UpdateLock;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code hoist self uninstall} and {@code hoist uninstall --app}: removes a home and the links that
 * lead into it, under the update lock so that no update is half-way through, and never anything
 * that is not Hoist's: in the home only the entries Hoist makes ({@code versions/}, {@code
 * current}, {@code state/}, ...), anything else is kept and named; outside it only symlinks that
 * point into the home (the PATH link, the man page and completion links), never a file.
 *
 * <p>While it holds the lock, the home leaves its path in one rename, to a tombstone beside it
 * ({@code <home>.tmp-<uuid>}); only then is the lock released and the tombstone deleted. An
 * unattended update that takes the lock after it finds no home to build on, where deleting in place
 * and releasing before {@code state/} went would have let it rebuild the layout half-removed. A
 * home holding files of the user's, or one that cannot be renamed (a mount point), has Hoist's
 * entries moved into a tombstone inside it instead ({@code .uninstall.tmp-<uuid>}, {@code state/}
 * last).
 *
 * <p>On disk after a failure: a crash between the rename and the end of the deletion leaves the
 * tombstone, which nothing reads or runs and which can be deleted by hand (the next uninstall of a
 * home that still holds its {@code state/} removes one inside it).
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

  private static final String INNER_TOMBSTONE = ".uninstall" + Durable.TEMP_INFIX;

  private final Clock clock;
  private final Consumer<Path> released;

  public Uninstaller(Clock clock) {
    this(clock, root -> {});
  }

  /**
   * @param released test hook: told the home's path the moment the lock is released, to observe
   *     what an update taking it then would find
   */
  Uninstaller(Clock clock, Consumer<Path> released) {
    this.clock = clock;
    this.released = released;
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
   * Removes {@code home} of {@code app} and those of {@code links} that lead into it. This process
   * may run from the home (self uninstall): every jar of its class path is opened first, so that
   * the classes it needs afterwards, to report, are still there to load.
   *
   * @param links where links to the home may be (the PATH link, man page, completions)
   * @throws UpdateException {@code INVALID_HOME} if the directory holds something other than a home
   *     of {@code app}; {@code LOCK_FAILED} while an update holds the lock; {@code INSTALL_FAILED}
   *     if a file cannot be moved or deleted
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
      Path tombstone;
      try (UpdateLock lock = ((UpdateLock.Acquired) attempt).lock()) {
        lock.verifyOwnership();
        List<Path> ours = new ArrayList<>();
        List<Path> theirs = new ArrayList<>();
        try (var entries = Files.list(root)) {
          for (Path p : (Iterable<Path>) entries.sorted()::iterator) {
            (isOurs(p.getFileName().toString()) ? ours : theirs).add(p);
          }
        }
        // The lock lives in state/: it is moved last, and reported last.
        ours.sort(Comparator.comparing((Path p) -> p.getFileName().toString().equals("state")));
        openClassPath();
        removeLinks(links, root, removed, kept);
        tombstone = bury(root, ours, !theirs.isEmpty());
        removed.addAll(ours);
        kept.addAll(theirs);
      }
      released.accept(root);
      Durable.deleteTree(tombstone);
      if (!tombstone.startsWith(root)) {
        removed.add(root); // it left with the tombstone
      } else if (kept.stream().noneMatch(p -> p.startsWith(root)) && removedIfEmpty(root)) {
        removed.add(root);
      }
      return new Outcome(removed, kept, true);
    } catch (IOException e) {
      throw new UpdateException(
          Reason.INSTALL_FAILED, "cannot remove " + root + ": " + e.getMessage(), e);
    }
  }

  /** Removes the emptied home; one that cannot be (a mount point) is left, empty. */
  private static boolean removedIfEmpty(Path root) {
    try {
      return Files.deleteIfExists(root);
    } catch (IOException e) {
      // Not empty: a run that started meanwhile made something there, which is that run's.
      return false;
    }
  }

  private static boolean isOurs(String name) {
    return OURS.contains(name)
        || name.contains(Durable.TEMP_INFIX)
        || name.startsWith(Installer.TEMP_LINK_PREFIX);
  }

  /**
   * Takes Hoist's entries of {@code root} off their paths by atomic renames, under the lock: the
   * whole home to a sibling when nothing else is in it, else (or when that rename fails) each entry
   * into a tombstone inside it, {@code state/} last.
   *
   * @return the tombstone, to delete
   */
  private static Path bury(Path root, List<Path> ours, boolean othersInRoot) throws IOException {
    if (!othersInRoot) {
      Path beside =
          root.resolveSibling(root.getFileName() + Durable.TEMP_INFIX + UUID.randomUUID());
      boolean moved;
      try {
        Files.move(root, beside, StandardCopyOption.ATOMIC_MOVE);
        moved = true;
      } catch (IOException e) {
        moved = false; // a mount point, or a parent this user cannot write: bury inside instead
      }
      if (moved) {
        Durable.fsyncDirectory(beside.getParent());
        return beside;
      }
    }
    Path inside = Files.createDirectory(root.resolve(INNER_TOMBSTONE + UUID.randomUUID()));
    for (Path p : ours) {
      Files.move(p, inside.resolve(p.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
    }
    Durable.fsyncDirectory(root);
    return inside;
  }

  /**
   * Opens every jar of this JVM's class path (a lookup that goes through all of them opens each),
   * so that classes first needed after the home is gone can still be loaded: a jar the class loader
   * holds open stays readable once renamed or deleted; one it never opened would be missing, and
   * the report of a self uninstall would die of a {@code NoClassDefFoundError}.
   */
  private static void openClassPath() {
    try {
      Enumeration<URL> all =
          Uninstaller.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
      while (all.hasMoreElements()) all.nextElement();
    } catch (IOException e) {
      // A jar that cannot be read now could not be later either: nothing is lost by going on.
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
      // The tombstone of an uninstall that crashed half-way is Hoist's too.
      List<String> names =
          entries
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.startsWith(INNER_TOMBSTONE))
              .toList();
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
