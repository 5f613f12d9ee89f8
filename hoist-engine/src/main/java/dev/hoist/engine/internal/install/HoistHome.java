package dev.hoist.engine.internal.install;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.io.Durable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The install layout of DESIGN §1, rooted at {@code $HOIST_HOME}: names of things and read-only
 * questions about them. Changes go through {@link Installer}.
 *
 * <p>Two strategies share it. {@link Strategy#VERSIONED} (the default) keeps {@code versions/<v>}
 * and flips the {@code current} symlink. {@link Strategy#IN_PLACE}, for packagings where a symlink
 * cannot be flipped, keeps one fixed {@code install/} directory and swaps it by two renames through
 * {@code install.backup/}; {@code state/strategy} says which a home uses.
 */
public record HoistHome(Path root) {
  static final String MARKER = ".hoist/complete.json";

  /** The marker's field naming the digest algorithm the install's archive was verified by. */
  public static final String VERIFIED_BY = "verifiedBy";

  /** How a home activates a new version. */
  public enum Strategy {
    VERSIONED,
    IN_PLACE;

    /** The name used in {@code state/strategy} and on the command line. */
    public String id() {
      return this == VERSIONED ? "versioned" : "in-place";
    }

    public static Strategy of(String id) {
      for (Strategy s : values()) {
        if (s.id().equals(id.strip())) return s;
      }
      throw new IllegalArgumentException(
          "unknown install strategy '" + id + "' (expected versioned or in-place)");
    }
  }

  /** The strategy recorded in {@code state/strategy}; versioned when there is none. */
  public Strategy strategy() {
    try {
      return Strategy.of(Files.readString(state().resolve("strategy"), StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      return Strategy.VERSIONED;
    }
  }

  /** The fixed install directory of the in-place strategy. */
  public Path install() {
    return root.resolve("install");
  }

  /** Where the in-place strategy parks the old install during a swap. */
  public Path backup() {
    return root.resolve("install.backup");
  }

  /** The install the PATH link leads to: {@code current}, or {@code install/} in place. */
  public Path active() {
    return strategy() == Strategy.IN_PLACE ? install() : current();
  }

  /** The completion marker of the install the PATH link leads to. */
  public Path activeMarker() {
    return active().resolve(MARKER);
  }

  /** The launcher the PATH link points to. */
  public Path launcher() {
    return active().resolve("bin/hoist");
  }

  public Path versions() {
    return root.resolve("versions");
  }

  public Path current() {
    return root.resolve("current");
  }

  public Path staging() {
    return root.resolve("staging");
  }

  public Path state() {
    return root.resolve("state");
  }

  public Path logs() {
    return root.resolve("logs");
  }

  public Path versionDir(String version) {
    return versions().resolve(version);
  }

  /** True if the directory holds a complete install: its completion marker exists. */
  public static boolean isComplete(Path dir) {
    Path marker = dir.resolve(MARKER);
    return Files.isDirectory(marker.getParent(), LinkOption.NOFOLLOW_LINKS)
        && Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS);
  }

  /** True if {@code root} already has the shape of a Hoist home. */
  public boolean exists() {
    return Files.isDirectory(versions(), LinkOption.NOFOLLOW_LINKS)
        || Files.isSymbolicLink(current())
        || Files.isDirectory(install(), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Which application the home holds: the name in {@code state/app}, written by the first install
   * of an app ({@code hoist update --app}); {@code hoist} for a home without one that has installs
   * (Hoist's own); empty for a home with nothing in it yet.
   */
  public Optional<String> appName() {
    try {
      String name = Files.readString(state().resolve("app"), StandardCharsets.UTF_8).strip();
      if (!name.isEmpty()) return Optional.of(name);
    } catch (IOException e) {
      // No record: judged by whether anything is installed.
    }
    return exists() ? Optional.of("hoist") : Optional.empty();
  }

  /** Marks a new home as {@code name}'s: {@link #appName} and {@link #requireApp} read it. */
  public void markApp(String name) throws IOException {
    Durable.writeAtomically(state().resolve("app"), (name + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Refuses a home that holds another application, so that a descriptor pointing at Hoist's home
   * (or another tool's) can never install over it.
   *
   * @throws UpdateException {@code INVALID_HOME} naming the home and its application
   */
  public void requireApp(String name) throws UpdateException {
    Optional<String> holder = appName();
    if (holder.isPresent() && !holder.get().equals(name)) {
      throw new UpdateException(
          Reason.INVALID_HOME,
          root + " is the home of " + holder.get() + ", not of " + name + "; choose another home");
    }
  }

  /**
   * Refuses a directory that holds something other than a Hoist home, before anything is written
   * into it: a missing or empty directory, or one with only Hoist's own state, is fine.
   *
   * @param remedy how to pick another, e.g. {@code choose another with --home}
   * @throws UpdateException {@code INVALID_HOME} naming the directory
   */
  public void requireUsable(String remedy) throws UpdateException {
    if (root.toAbsolutePath().toString().contains(":")) {
      // The launcher refuses to run from such a path: ':' separates Java's class path entries.
      throw new UpdateException(
          Reason.INVALID_HOME,
          root
              + " contains ':', which no launcher can run from (it separates class path"
              + " entries); "
              + remedy);
    }
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS) || exists()) return;
    try (var entries = Files.list(root)) {
      List<Path> names = entries.toList();
      boolean ours =
          names.stream()
              .map(p -> p.getFileName().toString())
              .allMatch(n -> List.of("state", "staging", "logs", "config.json").contains(n));
      if (!names.isEmpty() && !ours) {
        throw new UpdateException(
            Reason.INVALID_HOME,
            root + " exists and is not a Hoist home; " + remedy + " or remove it");
      }
    } catch (IOException e) {
      throw new UpdateException(
          Reason.INVALID_HOME, root + " cannot be used as a Hoist home: " + e.getMessage(), e);
    }
  }

  /** The version {@code current} points to, if it is a link to a complete install. */
  public Optional<String> currentVersion() {
    if (strategy() == Strategy.IN_PLACE) {
      return isComplete(install()) ? versionFileOf(install()) : Optional.empty();
    }
    try {
      Path target = Files.readSymbolicLink(current());
      String name = target.getFileName().toString();
      return isComplete(versionDir(name)) ? Optional.of(name) : Optional.empty();
    } catch (NoSuchFileException | NotLinkException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The version {@code hoist rollback} returns to, if it is still installed. */
  public Optional<String> previousVersion() {
    if (strategy() == Strategy.IN_PLACE) return Optional.empty(); // keeps no previous version
    try {
      // "<target>\n<for current>\n<target otherwise>\n" (Installer.activate), or one line as
      // written before the record named the version it is for.
      List<String> lines =
          Files.readString(state().resolve("previous"), StandardCharsets.UTF_8)
              .lines()
              .map(String::strip)
              .toList();
      Optional<String> current = currentVersion();
      String v = lines.isEmpty() ? "" : lines.get(0);
      if (lines.size() >= 2 && !current.filter(lines.get(1)::equals).isPresent()) {
        v = lines.size() >= 3 ? lines.get(2) : ""; // the flip it was written for never happened
      }
      if (v.isEmpty() || current.filter(v::equals).isPresent()) return Optional.empty();
      return isComplete(versionDir(v)) ? Optional.of(v) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * True if something an interrupted run leaves may be here: anything in {@code staging/}, a temp
   * link beside {@code current}, a lock file, or an incomplete version directory. Read-only and
   * cheap (a few directory reads), for the no-op path; what it finds may belong to a live updater,
   * so only a lock holder may act on it.
   */
  public boolean mayHaveLeftovers() {
    try {
      if (Files.isDirectory(staging()) && !isEmpty(staging())) return true;
      if (Files.exists(state().resolve("update.lock"), LinkOption.NOFOLLOW_LINKS)) return true;
      if (Files.exists(backup(), LinkOption.NOFOLLOW_LINKS)) return true;
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, ".current-*")) {
        if (ds.iterator().hasNext()) return true;
      }
      if (!Files.isDirectory(versions())) return false;
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(versions())) {
        for (Path p : ds) {
          if (!isComplete(p)) return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** The {@code VERSION} file of a distribution directory. */
  static Optional<String> versionFileOf(Path dir) {
    try {
      String v = Files.readString(dir.resolve("VERSION"), StandardCharsets.UTF_8).strip();
      return v.isEmpty() ? Optional.empty() : Optional.of(v);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      return !ds.iterator().hasNext();
    }
  }

  /** Every complete install under {@code versions/}, by directory name. */
  public List<String> installedVersions() throws IOException {
    if (strategy() == Strategy.IN_PLACE) return currentVersion().stream().toList();
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(versions())) return out;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(versions())) {
      for (Path p : ds) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && isComplete(p)) {
          out.add(p.getFileName().toString());
        }
      }
    }
    return out;
  }
}
