package dev.hoist.engine.internal.extract;

import dev.hoist.engine.internal.failure.UpdateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The staging directory as it fills up, and the only code that writes into it. It remembers what
 * each extracted path is, so that it can refuse duplicates, never write through (or over) a
 * symlink, and only link to files it wrote itself. Everything is created exclusively ({@code
 * O_EXCL}, never following a symlink), so even a path it did not expect is never overwritten.
 * Permissions are normalized: directories 0755, files 0755 when the archive set any execute bit,
 * else 0644; setuid, setgid, sticky and group/other write never survive.
 *
 * <p>On failure, whatever was written so far stays under the root; the caller deletes it. Not
 * thread-safe; one per extraction.
 *
 * <p>Why one class: every check of what an entry may be (duplicates, parents, link targets, the
 * release's root, Hoist's own names) needs the same record of what was written, and it is the only
 * writer into staging; split, the record would have to be shared between writers.
 */
final class StagingTree {
  private static final Set<PosixFilePermission> DIRECTORY_MODE =
      PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> EXECUTABLE_MODE = DIRECTORY_MODE;
  private static final Set<PosixFilePermission> PLAIN_MODE =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final int BUFFER_SIZE = 64 * 1024;

  /** The directory of an install that only Hoist writes ({@code .hoist/complete.json}). */
  static final String HOIST_OWN = ".hoist";

  private enum Kind {
    IMPLICIT_DIRECTORY,
    DIRECTORY,
    FILE,
    SYMLINK
  }

  private final Path root;
  private final FileOps fileOps;
  private final Failures failures;
  private final Budget budget;
  private final boolean posix;
  private final Map<String, Kind> kinds = new HashMap<>();
  private final List<Link> links = new ArrayList<>();

  /**
   * A symlink entry, created or dropped at the end.
   *
   * @param normalized the target to create, {@code ..} only at its start
   * @param ups the number of {@code ..} the target starts with; -1 when it cannot be judged
   *     lexically (absolute, or {@code ..} after a name)
   */
  private record Link(EntryPath path, String target, String normalized, int ups) {
    /** True when the link, once at {@code top} levels below the release's root, stays in it. */
    boolean staysInside(int top) {
      return ups >= 0 && ups <= path.segments().size() - 1 - top;
    }

    String describe() {
      return UpdateException.printable(path.name()) + " -> " + UpdateException.printable(target);
    }
  }

  StagingTree(Path root, FileOps fileOps, Failures failures, Budget budget) {
    this.root = root;
    this.fileOps = fileOps;
    this.failures = failures;
    this.budget = budget;
    this.posix = Files.getFileAttributeView(root, PosixFileAttributeView.class) != null;
  }

  /**
   * Creates a directory entry; {@code ./} (the root itself) is accepted and changes nothing, and so
   * is a directory entry repeated for a directory this extraction created: real archives carry them
   * (Apache Maven 3.9.8's {@code lib/jansi-native/}), and one writes nothing and overwrites
   * nothing. A directory entry for a path that is anything else is refused.
   */
  void directory(EntryPath path) throws UpdateException {
    if (path.isRoot()) {
      return;
    }
    createParents(path);
    Kind existing = kinds.get(path.key());
    if (existing == Kind.IMPLICIT_DIRECTORY || existing == Kind.DIRECTORY) {
      kinds.put(path.key(), Kind.DIRECTORY);
      return;
    }
    if (existing != null) {
      throw failures.unsafe(path.name(), "duplicate entry");
    }
    kinds.put(path.key(), Kind.DIRECTORY);
    Path dir = resolve(path);
    try {
      Files.createDirectory(dir);
      setMode(dir, DIRECTORY_MODE);
    } catch (IOException e) {
      throw failures.writeFailed(path.name(), e);
    }
  }

  /**
   * Creates a regular file holding everything {@code content} yields. Read failures are the
   * archive's fault (corrupt, or over a limit); write failures are the disk's.
   *
   * @param mtime the modification time to set, or null to leave it
   * @return the number of bytes written
   */
  long file(EntryPath path, InputStream content, boolean executable, FileTime mtime)
      throws UpdateException {
    return write(path, claim(path, Kind.FILE), content, executable, mtime);
  }

  /**
   * Creates a regular file with the bytes of {@code source}, a file of the installed version that
   * the caller has checked: as a hard link when it already has the mode the new file must have and
   * the filesystem allows it (the two versions then share it, and neither ever writes it), else as
   * a copy. Its bytes are charged to the limits either way.
   *
   * @return whether it is a hard link to {@code source} (else a copy)
   */
  boolean reuse(EntryPath path, Path source, boolean executable, long size) throws UpdateException {
    Path file = claim(path, Kind.FILE);
    try {
      budget.chargeBytes(size);
    } catch (LimitExceededException e) {
      throw failures.readFailed(path.name(), e);
    }
    Set<PosixFilePermission> mode = executable ? EXECUTABLE_MODE : PLAIN_MODE;
    try {
      if (posix && Files.getPosixFilePermissions(source, LinkOption.NOFOLLOW_LINKS).equals(mode)) {
        Files.createLink(file, source);
        return true;
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Another filesystem, or one without hard links: a copy does the same.
    }
    try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS)) {
      write(path, file, in, executable, null);
    } catch (IOException e) {
      throw failures.writeFailed(path.name(), e);
    }
    return false;
  }

  private long write(
      EntryPath path, Path file, InputStream content, boolean executable, FileTime mtime)
      throws UpdateException {
    long written = 0;
    try (OutputStream out = fileOps.newFile(file)) {
      byte[] buffer = new byte[BUFFER_SIZE];
      while (true) {
        int n;
        try {
          n = content.read(buffer);
        } catch (IOException e) {
          throw failures.readFailed(path.name(), e);
        }
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        written += n;
      }
    } catch (IOException e) {
      throw failures.writeFailed(path.name(), e);
    }
    try {
      setMode(file, executable ? EXECUTABLE_MODE : PLAIN_MODE);
      if (mtime != null) {
        Files.getFileAttributeView(file, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .setTimes(mtime, null, null);
      }
    } catch (IOException e) {
      throw failures.writeFailed(path.name(), e);
    }
    return written;
  }

  /**
   * Records a symlink entry; it is created by {@link #finish} if its target provably stays inside
   * the release's root, and dropped otherwise (docs/security.md, "Links that leave the release").
   * Provably inside means relative, in the form {@code ../../a/b}: {@code ..} only at the start. A
   * {@code ..} after a name could walk back out through another symlink (the kernel resolves {@code
   * l/..} from l's target), which a lexical check cannot see. Either way the name is taken: nothing
   * may later be written through it, over it or beside it under the same name. A target that is
   * empty, or carries a NUL or a backslash, is malformed and refused.
   */
  void symlink(EntryPath path, String target) throws UpdateException {
    String malformed = target.isEmpty() ? "is empty" : EntryPath.malformation(target);
    if (malformed != null) {
      throw failures.unsafe(
          path.name(), "symlink target '" + UpdateException.printable(target) + "' " + malformed);
    }
    List<String> names = new ArrayList<>();
    int ups = 0;
    boolean judged = !EntryPath.isAbsolute(target);
    for (String segment : judged ? target.split("/", -1) : new String[0]) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (!segment.equals("..")) {
        names.add(segment);
      } else if (names.isEmpty()) {
        ups++;
      } else {
        judged = false;
        break;
      }
    }
    StringBuilder relative = new StringBuilder();
    for (int i = 0; i < ups; i++) {
      relative.append("../");
    }
    relative.append(String.join("/", names));
    claim(path, Kind.SYMLINK);
    links.add(
        new Link(
            path, target, relative.length() == 0 ? "." : relative.toString(), judged ? ups : -1));
  }

  /**
   * Creates a tar hard link as a copy of a regular file this tree extracted earlier; anything else
   * (a directory, a symlink, a path outside or not yet extracted) is refused. A copy keeps the
   * install free of shared inodes and charges its bytes to the limits like any other file.
   */
  void hardLink(EntryPath path, String target, boolean executable, FileTime mtime)
      throws UpdateException {
    String why = "hard link target '" + UpdateException.printable(target) + "' ";
    EntryPath source;
    try {
      source = EntryPath.parse(target, failures);
    } catch (UpdateException e) {
      throw failures.unsafe(path.name(), why + "is outside the staging directory");
    }
    if (kinds.get(source.key()) != Kind.FILE) {
      throw failures.unsafe(path.name(), why + "is not a regular file extracted earlier");
    }
    InputStream in;
    try {
      in = Files.newInputStream(resolve(source), LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw failures.writeFailed(path.name(), e);
    }
    try (InputStream copy = new CountingInputStream(in, budget)) {
      file(path, copy, executable, mtime);
    } catch (IOException e) {
      throw failures.writeFailed(path.name(), e);
    }
  }

  /**
   * Ends the extraction: judges the tree against the root the release becomes, creates the links
   * that stay inside it, and returns it with the links dropped. Only now is that root known (the
   * single top directory, or the staging directory), so only now can a link be judged by where it
   * will point once the root is promoted to {@code versions/<v>/}: {@code up -> ..} in the top
   * directory stays inside staging, yet would point at {@code versions/}, and {@code lib/x ->
   * ../../<other version>/lib} into another version. No entry may be {@code .hoist} at that root
   * either: Hoist writes its markers there.
   */
  ArchiveExtractor.Extraction finish() throws UpdateException {
    Path installRoot = installRoot();
    int top = installRoot.equals(root) ? 0 : 1;
    for (String key : kinds.keySet()) {
      String[] segments = key.split("/");
      if (segments.length > top && segments[top].equals(HOIST_OWN)) {
        throw failures.unsafe(
            key,
            "is '"
                + HOIST_OWN
                + "' at the release's root, where Hoist writes its own markers; a release must"
                + " not carry it");
      }
    }
    List<String> dropped = new ArrayList<>();
    for (Link l : links) {
      if (!l.staysInside(top)) {
        dropped.add(l.describe());
        continue;
      }
      Path link = resolve(l.path());
      try {
        Files.createSymbolicLink(link, link.getFileSystem().getPath(l.normalized()));
      } catch (IOException e) {
        throw failures.writeFailed(l.path().name(), e);
      }
    }
    return new ArchiveExtractor.Extraction(installRoot, dropped);
  }

  /**
   * The install root: the single top-level directory when everything lives under one, else the
   * staging directory itself.
   */
  private Path installRoot() {
    String top = null;
    for (String key : kinds.keySet()) {
      if (key.indexOf('/') < 0) {
        if (top != null) {
          return root;
        }
        top = key;
      }
    }
    Kind kind = top == null ? null : kinds.get(top);
    return kind == Kind.DIRECTORY || kind == Kind.IMPLICIT_DIRECTORY ? root.resolve(top) : root;
  }

  /** Checks that the path is new and its parents are directories, then records it. */
  private Path claim(EntryPath path, Kind kind) throws UpdateException {
    if (path.isRoot()) {
      throw failures.unsafe(path.name(), "names the staging directory itself");
    }
    createParents(path);
    Kind existing = kinds.get(path.key());
    if (existing != null) {
      throw failures.unsafe(
          path.name(),
          existing == Kind.IMPLICIT_DIRECTORY
              ? "duplicate entry: a directory of that name was already extracted"
              : "duplicate entry");
    }
    kinds.put(path.key(), kind);
    return resolve(path);
  }

  /** Creates missing parents, after checking that none is a symlink or a file. */
  private void createParents(EntryPath path) throws UpdateException {
    List<String> parents = path.parentKeys();
    for (String parent : parents) {
      Kind kind = kinds.get(parent);
      if (kind == Kind.SYMLINK) {
        throw failures.unsafe(
            path.name(),
            "path goes through the symlink '" + UpdateException.printable(parent) + "'");
      }
      if (kind == Kind.FILE) {
        throw failures.unsafe(
            path.name(), "parent '" + UpdateException.printable(parent) + "' is not a directory");
      }
    }
    for (String parent : parents) {
      if (kinds.get(parent) == null) {
        kinds.put(parent, Kind.IMPLICIT_DIRECTORY);
        Path dir = root.resolve(parent);
        try {
          Files.createDirectory(dir);
          setMode(dir, DIRECTORY_MODE);
        } catch (IOException e) {
          throw failures.writeFailed(path.name(), e);
        }
      }
    }
  }

  private Path resolve(EntryPath path) throws UpdateException {
    Path resolved = root;
    for (String segment : path.segments()) {
      resolved = resolved.resolve(segment);
    }
    // Cannot fail for a parsed path on POSIX; guards against platform path quirks elsewhere.
    if (!resolved.normalize().startsWith(root.normalize()) || resolved.equals(root)) {
      throw failures.unsafe(path.name(), "path escapes the staging directory");
    }
    return resolved;
  }

  private void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
    if (posix) {
      Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setPermissions(mode);
    }
  }
}
