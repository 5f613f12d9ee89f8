package dev.hoist.engine.internal.install;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.io.PrivateDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Changes the install layout: promotes a verified staging directory into {@code versions/}, flips
 * {@code current}, collects garbage and sweeps what crashed runs left behind (DESIGN §1).
 *
 * <p>Every method here must be called only while holding the update lock: none of them is safe
 * against a concurrent writer, and the sweep deletes what an active updater is working on.
 *
 * <p>Why one class: every method changes the layout under the lock, and promote, flip, GC and sweep
 * must agree on one notion of what is installed, current, previous and orphaned.
 */
public final class Installer {
  /** The temporary link beside {@code current} that a flip renames over it. */
  static final String TEMP_LINK_PREFIX = ".current-";

  private static final java.time.Duration STATE_TEMP_MIN_AGE = java.time.Duration.ofMinutes(5);

  private final HoistHome home;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final StartupCache startupCache = new StartupCache(java.time.Duration.ofSeconds(120));

  public Installer(HoistHome home, Clock clock) {
    this.home = home;
    this.clock = clock;
  }

  /** Creates the directories of the layout that do not exist yet ({@code state/} is 0700). */
  public void createLayout() throws IOException {
    if (home.strategy() == HoistHome.Strategy.VERSIONED) Files.createDirectories(home.versions());
    Files.createDirectories(home.staging());
    Files.createDirectories(home.logs());
    PrivateDirectory.create(home.state());
  }

  /** A fresh, unique directory under {@code staging/} for one update attempt. */
  public Path newStagingDir(String version) throws IOException {
    Files.createDirectories(home.staging());
    return Files.createDirectory(
        home.staging().resolve(version + "-" + UUID.randomUUID().toString().substring(0, 8)));
  }

  /**
   * Marks a fully extracted and verified install complete and renames it into {@code
   * versions/<version>} (invariant 2). If a complete install of that version is already there, the
   * staged copy is left for the caller to delete and the existing one is returned.
   *
   * @return the version directory
   */
  public Path promote(Path stagedRoot, String version, String sha256, String source)
      throws IOException {
    return promote(stagedRoot, version, sha256.isEmpty() ? null : Digest.sha256(sha256), source);
  }

  /**
   * {@link #promote(Path, String, String, String)} for an archive verified by {@code digest}
   * (recorded in the marker under its own algorithm's name), or null when nothing was downloaded.
   */
  public Path promote(Path stagedRoot, String version, Digest digest, String source)
      throws IOException {
    if (home.strategy() == HoistHome.Strategy.IN_PLACE) {
      // In place, the tree stays in staging until the swap; completing it is all there is here.
      markComplete(stagedRoot, version, digest, source);
      return stagedRoot;
    }
    Path target = home.versionDir(version);
    if (HoistHome.isComplete(target)) {
      return target;
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      // An incomplete directory of a crashed run: never an install (invariant 2).
      retire(target);
    }
    markComplete(stagedRoot, version, digest, source);
    Files.createDirectories(home.versions());
    Durable.rename(stagedRoot, target);
    return target;
  }

  /**
   * The version {@code current} links to when its directory exists without its completion marker
   * (the versioned strategy only), else empty.
   */
  public Optional<String> unmarkedCurrent() {
    if (home.strategy() == HoistHome.Strategy.IN_PLACE) return Optional.empty();
    Optional<String> v = currentTarget();
    return v.filter(
        x ->
            Files.isDirectory(home.versionDir(x), LinkOption.NOFOLLOW_LINKS)
                && !HoistHome.isComplete(home.versionDir(x)));
  }

  /**
   * Marks {@code version}'s directory complete again once its launcher answered as it: its {@code
   * .hoist/} is reused only when it is a real directory (whatever stood at the marker's name is
   * removed first), and the marker is created without following links.
   */
  public void repairMarker(String version) throws IOException {
    Path dir = home.versionDir(version);
    Path marker = dir.resolve(HoistHome.MARKER);
    Path own = marker.getParent();
    if (Files.isDirectory(own, LinkOption.NOFOLLOW_LINKS)) {
      // Whatever stands at the marker's name (a damaged file, a directory, a link) goes; the rest
      // of .hoist/ stays: an npm package's command link lives in .hoist/bin/.
      if (Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
        Path moved = own.resolve("complete-old-" + UUID.randomUUID());
        Durable.rename(marker, moved);
        Durable.deleteTree(moved);
      }
    } else if (Files.exists(own, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(own + " is not a directory");
    }
    markComplete(dir, version, null, "repaired: its launcher answered as " + version);
  }

  /**
   * Writes the completion marker last and flushes the whole tree to disk. The marker's directory is
   * created unless Hoist already made it in staging, and the marker opened with {@code O_NOFOLLOW |
   * O_EXCL}: a release that carried {@code .hoist} (the extractor refuses one) could not redirect
   * the write, nor could a link left in its place.
   */
  private void markComplete(Path root, String version, Digest digest, String source)
      throws IOException {
    ObjectNode marker = json.createObjectNode();
    marker.put("version", version);
    if (digest != null) {
      // Under the algorithm's own name: a SHA-1 is never recorded as a "sha256".
      marker.put(HoistHome.VERIFIED_BY, digest.algorithm().id());
      marker.put(digest.algorithm().id(), digest.hex());
    }
    marker.put("source", source);
    marker.put("completedAt", clock.instant().toString());
    Path markerFile = root.resolve(HoistHome.MARKER);
    Path own = markerFile.getParent();
    // Made here, or earlier in staging by Hoist itself (an npm package's .hoist/bin/); a release
    // cannot carry one (the extractor refuses it), and a link in its place is never followed.
    if (!Files.isDirectory(own, LinkOption.NOFOLLOW_LINKS)) Files.createDirectory(own);
    try (OutputStream out =
        Files.newOutputStream(
            markerFile,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      out.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(marker));
    }
    Durable.fsyncTree(root);
  }

  /**
   * Makes the promoted install current: for the versioned strategy, {@link #activate(String)}; in
   * place, the swap: {@code install/} is renamed to {@code install.backup/} and the promoted tree
   * into {@code install/}. Between those two renames {@code install/} does not exist — the price of
   * a strategy without a symlink; a crash there is repaired by {@link #sweepOrphans}, which renames
   * the backup back. Call {@link #finishActivation} once the new version is healthy.
   */
  public void activate(String version, Path promoted) throws IOException {
    activate(version, promoted, () -> {});
  }

  /** The same, calling {@code beforeFlip} just before the rename that makes it current. */
  public void activate(String version, Path promoted, Runnable beforeFlip) throws IOException {
    if (home.strategy() != HoistHome.Strategy.IN_PLACE) {
      activate(version, beforeFlip);
      return;
    }
    beforeFlip.run();
    if (Files.exists(home.backup(), LinkOption.NOFOLLOW_LINKS)) {
      retire(home.backup()); // a finished swap's leftover; sweeps normally remove it first
    }
    if (Files.exists(home.install(), LinkOption.NOFOLLOW_LINKS)) {
      Durable.rename(home.install(), home.backup());
    }
    Durable.rename(promoted, home.install());
  }

  /**
   * Undoes {@link #activate(String, Path)} after a failed health check: the previous install is
   * current again (or, after a first install, nothing is), the rollback record as it was, and the
   * new version removed.
   */
  public void revertActivation(
      Optional<String> from, String target, Optional<String> previousBefore) throws IOException {
    if (home.strategy() != HoistHome.Strategy.IN_PLACE) {
      if (from.isPresent()) {
        activate(from.get());
      } else {
        Files.deleteIfExists(home.current()); // the first version: nothing was current before
      }
      setPrevious(previousBefore);
      remove(target);
      return;
    }
    if (Files.exists(home.backup(), LinkOption.NOFOLLOW_LINKS)) {
      retire(home.install());
      Durable.rename(home.backup(), home.install());
    }
  }

  /**
   * Ends a healthy activation: in place, deletes the backup (the versioned strategy keeps
   * versions); then dumps the start-up archive of an install with a bundled runtime, which only
   * makes later runs faster and so never fails the activation.
   */
  public void finishActivation() throws IOException {
    if (home.strategy() == HoistHome.Strategy.IN_PLACE
        && Files.exists(home.backup(), LinkOption.NOFOLLOW_LINKS)) {
      retire(home.backup());
    }
    try {
      startupCache.prepare(home.active());
    } catch (IOException e) {
      // Without the archive the install starts more slowly; it is complete all the same.
    }
  }

  /**
   * Points {@code current} at {@code versions/<version>} by renaming a fresh relative symlink over
   * it: one {@code rename(2)}, whatever the size of the install (invariant 3). Records the version
   * it replaces as the rollback target first, together with the version that record is for and the
   * target that held until then ({@link HoistHome#previousVersion}): a crash between the two leaves
   * {@code previous} naming the version that is still current, never a rollback to itself, and the
   * real previous version keeps its protection from garbage collection.
   */
  public void activate(String version) throws IOException {
    activate(version, () -> {});
  }

  /**
   * The same, calling {@code beforeFlip} between the record and the rename (a crash test's kill
   * point).
   */
  public void activate(String version, Runnable beforeFlip) throws IOException {
    Optional<String> old = home.currentVersion();
    if (old.isPresent() && !old.get().equals(version)) {
      writePrevious(old.get(), version, home.previousVersion());
    }
    beforeFlip.run();
    Path tmp = home.root().resolve(TEMP_LINK_PREFIX + UUID.randomUUID());
    Files.createSymbolicLink(tmp, Path.of("versions", version));
    try {
      Durable.rename(tmp, home.current());
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Deletes every installed version except {@code current}, the rollback target and {@code pinned}
   * (invariant 5). Each is first renamed into {@code staging/} so it vanishes from {@code
   * versions/} atomically; a crash mid-delete leaves an orphan the next sweep removes.
   *
   * @return the versions removed
   */
  public List<String> collectGarbage(Set<String> pinned) throws IOException {
    if (home.strategy() == HoistHome.Strategy.IN_PLACE) return List.of(); // one install only
    Set<String> keep = new java.util.HashSet<>(pinned);
    keep.addAll(new Pins(home).live(true));
    home.currentVersion().ifPresent(keep::add);
    home.previousVersion().ifPresent(keep::add);
    List<String> removed = new ArrayList<>();
    for (String v : home.installedVersions()) {
      if (!keep.contains(v)) {
        retire(home.versionDir(v));
        removed.add(v);
      }
    }
    return removed;
  }

  /**
   * Removes what interrupted runs left (invariant 4): everything in {@code staging/}, temp symlinks
   * beside {@code current}, incomplete directories in {@code versions/}, temp files of start-up
   * archive dumps inside installs, and temp files of atomic writes in {@code state/} older than
   * five minutes.
   *
   * @return the paths removed, for the log
   */
  public List<Path> sweepOrphans() throws IOException {
    return sweepOrphans(Set.of());
  }

  /**
   * The same, never deleting a version in use: what {@code current} names, a pinned version, and
   * {@code inUse} (the running copy's, a self install's source). Any of those may lack its marker
   * (it was lost, or a release once carried a bad one) and still be the only install there is; an
   * incomplete directory is an orphan only when nothing uses it.
   */
  public List<Path> sweepOrphans(Set<String> inUse) throws IOException {
    Set<String> keep = new java.util.HashSet<>(inUse);
    currentTarget().ifPresent(keep::add);
    keep.addAll(new Pins(home).live(false));
    List<Path> removed = new ArrayList<>();
    if (Files.exists(home.backup(), LinkOption.NOFOLLOW_LINKS)) {
      // The in-place swap was interrupted: keep whichever side is a complete install.
      if (HoistHome.isComplete(home.install())) {
        retire(home.backup());
      } else {
        if (Files.exists(home.install(), LinkOption.NOFOLLOW_LINKS)) retire(home.install());
        Durable.rename(home.backup(), home.install());
      }
      removed.add(home.backup());
    }
    for (Path p : list(home.staging())) {
      Durable.deleteTree(p);
      removed.add(p);
    }
    for (Path p : list(home.root())) {
      if (p.getFileName().toString().startsWith(TEMP_LINK_PREFIX)) {
        Files.deleteIfExists(p);
        removed.add(p);
      }
    }
    for (Path p : list(home.versions())) {
      if (!HoistHome.isComplete(p) && !keep.contains(p.getFileName().toString())) {
        Durable.deleteTree(p);
        removed.add(p);
      } else {
        StartupCache.sweep(p, removed);
      }
    }
    if (HoistHome.isComplete(home.install())) StartupCache.sweep(home.install(), removed);
    java.time.Instant cutoff = fileSystemNow().minus(STATE_TEMP_MIN_AGE);
    for (Path p : list(home.state())) {
      // Runs that hold no lock write state files too; only an old temp file is surely orphaned.
      if (p.getFileName().toString().contains(Durable.TEMP_INFIX) && modifiedBefore(p, cutoff)) {
        Files.deleteIfExists(p);
        removed.add(p);
      }
    }
    return removed;
  }

  /** The version directory {@code current} links to, complete or not. */
  private Optional<String> currentTarget() {
    try {
      Path target = Files.readSymbolicLink(home.current());
      return Optional.of(target.getFileName().toString());
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /**
   * The time as the file system stamps files: the modification time of a probe written now. Temp
   * files are aged by it, never by this process's clock, which may be skewed (or a test's):
   * otherwise a holder whose clock runs ahead would take another process's fresh temp file for an
   * orphan and delete it under that process.
   */
  private java.time.Instant fileSystemNow() throws IOException {
    PrivateDirectory.create(home.state());
    Path probe = home.state().resolve(".age-probe-" + UUID.randomUUID());
    try {
      Files.createFile(probe);
      return Files.getLastModifiedTime(probe, LinkOption.NOFOLLOW_LINKS).toInstant();
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  /**
   * Whether {@code p} was last modified before {@code cutoff}; false when it is already gone, as
   * the temp file of a concurrent writer is once that writer renames it into place.
   */
  private static boolean modifiedBefore(Path p, java.time.Instant cutoff) throws IOException {
    try {
      return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** Removes an installed version that is neither current nor the rollback target. */
  public void remove(String version) throws IOException {
    if (home.currentVersion().filter(version::equals).isPresent()) {
      throw new IOException("refusing to remove the current version " + version);
    }
    retire(home.versionDir(version));
  }

  /**
   * Sets the rollback target, or clears it; used to undo {@link #activate}'s record when an
   * activation is reverted.
   */
  public void setPrevious(Optional<String> version) throws IOException {
    Path file = home.state().resolve("previous");
    Optional<String> current = home.currentVersion();
    if (version.isEmpty()) {
      Files.deleteIfExists(file);
    } else if (current.isPresent()) {
      writePrevious(version.get(), current.get(), version);
    } else {
      Durable.writeAtomically(file, (version.get() + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * {@code state/previous}: the rollback target once {@code forCurrent} is current, that version,
   * and the target while it is not (yet) current.
   */
  private void writePrevious(String previous, String forCurrent, Optional<String> otherwise)
      throws IOException {
    String record = previous + "\n" + forCurrent + "\n" + otherwise.orElse("") + "\n";
    Durable.writeAtomically(
        home.state().resolve("previous"), record.getBytes(StandardCharsets.UTF_8));
  }

  private void retire(Path dir) throws IOException {
    Path grave =
        home.staging().resolve("gc-" + dir.getFileName() + "-" + UUID.randomUUID().toString());
    Files.createDirectories(home.staging());
    Durable.rename(dir, grave);
    Durable.deleteTree(grave);
  }

  private static List<Path> list(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return out;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(out::add);
    }
    return out;
  }
}
