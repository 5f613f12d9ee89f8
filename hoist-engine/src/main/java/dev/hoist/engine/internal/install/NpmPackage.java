package dev.hoist.engine.internal.install;

import dev.hoist.engine.internal.app.App;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.json.JsonTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A staged npm package as npm itself would leave it: the files its {@code package.json} names in
 * {@code bin} are made executable whatever their mode in the tarball (npm's {@code bin-links} does
 * the same; many packages are published from Windows, or by tools that drop the bit).
 *
 * <p>{@code package.json} is the release's own text and is read as hostile: at most 1 MiB, a
 * regular file (never through a link), and a {@code bin} path counts only when it names a regular
 * file that is, links resolved, inside the package. Anything else is left alone, as npm leaves a
 * {@code bin} entry that names nothing; the smoke test then says the launcher is missing.
 */
public final class NpmPackage {
  static final long MAX_PACKAGE_JSON_BYTES = 1 << 20;

  private NpmPackage() {}

  /**
   * The {@code bin} entries of the package at {@code root}: command name to path inside the
   * package, in the order written. A {@code bin} that is one string is the command named as the
   * package (its scope dropped), as npm reads it.
   *
   * @throws UpdateException {@code INSTALL_FAILED} when {@code package.json} is missing, not a
   *     regular file, too large or not a JSON object
   */
  public static Map<String, String> bins(Path root) throws UpdateException {
    Map<String, Object> pkg = packageJson(root);
    Object bin = pkg.get("bin");
    Map<String, String> out = new LinkedHashMap<>();
    if (bin instanceof String path && pkg.get("name") instanceof String name) {
      out.put(name.substring(name.indexOf('/') + 1), path);
    } else if (bin instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getValue() instanceof String path) out.put((String) e.getKey(), path);
      }
    }
    return out;
  }

  /**
   * Makes every {@code bin} file of the package at {@code root} executable (0755).
   *
   * @return the paths made executable, relative to {@code root}
   */
  public static List<String> markBinsExecutable(Path root) throws UpdateException {
    List<String> marked = new ArrayList<>();
    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      throw new UpdateException(Reason.INSTALL_FAILED, "cannot read the staged package: " + e, e);
    }
    for (String path : bins(root).values()) {
      Optional<Path> file = inside(realRoot, path);
      if (file.isEmpty()) continue;
      try {
        PosixFileAttributeView view =
            Files.getFileAttributeView(
                file.get(), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view != null) view.setPermissions(PosixFilePermissions.fromString("rwxr-xr-x"));
        marked.add(realRoot.relativize(file.get()).toString());
      } catch (IOException e) {
        throw new UpdateException(
            Reason.INSTALL_FAILED,
            "cannot make " + UpdateException.printable(path) + " executable: " + e.getMessage(),
            e);
      }
    }
    return marked;
  }

  /**
   * Links the package's command {@code command} at {@code .hoist/bin/<command>} ({@link
   * App#NPM_BIN_DIR}), relative, so the link works wherever the version is promoted: the {@code
   * bin} entry of that name, else the package's only one. Hoist creates {@code .hoist/} here, where
   * nothing of the release may be (the extractor refuses it); one already there, left by an install
   * script, is refused rather than used.
   *
   * @throws UpdateException {@code INSTALL_FAILED} naming the bins there are, when none fits
   */
  public static void linkLauncher(Path root, String command) throws UpdateException {
    Map<String, String> bins = bins(root);
    String path = bins.get(command);
    if (path == null && bins.size() == 1) path = bins.values().iterator().next();
    if (path == null) {
      throw new UpdateException(
          Reason.INSTALL_FAILED,
          "the package has no command '"
              + command
              + "' in its package.json bin"
              + (bins.isEmpty() ? "" : " (it has: " + String.join(", ", bins.keySet()) + ")")
              + "; set \"command\" to one of its commands, or \"launcher\" to a file");
    }
    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      throw new UpdateException(Reason.INSTALL_FAILED, "cannot read the staged package: " + e, e);
    }
    Optional<Path> file = inside(realRoot, path);
    if (file.isEmpty()) {
      throw new UpdateException(
          Reason.INSTALL_FAILED,
          "the package's bin '"
              + command
              + "' names "
              + UpdateException.printable(path)
              + ", which is not a file inside the package");
    }
    Path own = root.resolve(App.NPM_BIN_DIR).getParent(); // .hoist
    try {
      Files.createDirectory(own);
      Path dir = Files.createDirectory(root.resolve(App.NPM_BIN_DIR));
      Files.createSymbolicLink(
          dir.resolve(command), Path.of("../..").resolve(realRoot.relativize(file.get())));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new UpdateException(
          Reason.INSTALL_FAILED,
          "the package's install scripts left " + e.getFile() + ", where Hoist links its command",
          e);
    } catch (IOException e) {
      throw new UpdateException(
          Reason.INSTALL_FAILED, "cannot link the command " + command + ": " + e.getMessage(), e);
    }
  }

  /** The regular file {@code path} names inside {@code realRoot}, links resolved, if any. */
  private static Optional<Path> inside(Path realRoot, String path) {
    if (path.isEmpty() || path.indexOf('\0') >= 0 || path.startsWith("/")) {
      return Optional.empty();
    }
    try {
      Path real = realRoot.resolve(path).toRealPath();
      return real.startsWith(realRoot) && Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)
          ? Optional.of(real)
          : Optional.empty();
    } catch (IOException | java.nio.file.InvalidPathException e) {
      return Optional.empty();
    }
  }

  static Map<String, Object> packageJson(Path root) throws UpdateException {
    Path file = root.resolve("package.json");
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new UpdateException(
          Reason.INSTALL_FAILED,
          "the npm package has no package.json at its root (or it is not a regular file)");
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes((int) MAX_PACKAGE_JSON_BYTES + 1);
      if (bytes.length > MAX_PACKAGE_JSON_BYTES) {
        throw new UpdateException(
            Reason.INSTALL_FAILED,
            "the npm package's package.json is over " + MAX_PACKAGE_JSON_BYTES + " bytes");
      }
      return JsonTree.readObject(bytes)
          .orElseThrow(
              () ->
                  new UpdateException(
                      Reason.INSTALL_FAILED, "the npm package's package.json is not an object"));
    } catch (IOException e) {
      throw new UpdateException(
          Reason.INSTALL_FAILED,
          "the npm package's package.json cannot be read: "
              + UpdateException.printable(e.getMessage()),
          e);
    }
  }
}
