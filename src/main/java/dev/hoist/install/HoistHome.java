package dev.hoist.install;

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
 */
public record HoistHome(Path root) {
  static final String MARKER = ".hoist/complete.json";

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
    return Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
  }

  /** True if {@code root} already has the shape of a Hoist home. */
  public boolean exists() {
    return Files.isDirectory(versions(), LinkOption.NOFOLLOW_LINKS)
        || Files.isSymbolicLink(current());
  }

  /** The version {@code current} points to, if it is a link to a complete install. */
  public Optional<String> currentVersion() {
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
    try {
      String v = Files.readString(state().resolve("previous"), StandardCharsets.UTF_8).strip();
      return !v.isEmpty() && isComplete(versionDir(v)) ? Optional.of(v) : Optional.empty();
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

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      return !ds.iterator().hasNext();
    }
  }

  /** Every complete install under {@code versions/}, by directory name. */
  public List<String> installedVersions() throws IOException {
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
