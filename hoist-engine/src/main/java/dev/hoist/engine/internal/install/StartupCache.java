package dev.hoist.engine.internal.install;

import dev.hoist.engine.internal.io.Durable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The class-data-sharing archive of an install with a bundled runtime: the JDK and application
 * classes of the start-up paths, pre-parsed, so that a no-op {@code hoist update} starts in about a
 * third of the time a jlinked runtime needs without one (docs/benchmarks.md).
 *
 * <p>Which classes to archive is learnt at build time: {@code packaging/build.sh --runtime} runs
 * the commands a session hook runs and ships the list as {@code conf/startup.classlist}. The
 * archive itself can only be dumped on the user's machine, in the install's final directory: Java
 * 17 records the absolute class path in it and ignores an archive whose class path differs. So the
 * lock holder dumps it into {@code .hoist/startup.jsa} once an install is in place, and the
 * launcher passes it with {@code -Xshare:auto}, under which a missing or mismatched archive is
 * silently not used. Failing to dump is never an update failure: the install is only slower.
 */
public final class StartupCache {
  static final String CLASS_LIST = "conf/startup.classlist";
  static final String ARCHIVE = ".hoist/startup.jsa";

  /** The classes of the quick no-op path alone ({@code dev.hoist.engine.QuickCheck}). */
  static final String QUICK_LIST = "conf/quick.classlist";

  static final String QUICK = ".hoist/quick.jsa";

  /** The launcher's class path, relative to the install ({@code Packager.firstJars}). */
  static final String CLASS_PATH = "conf/classpath";

  private final Duration timeout;

  public StartupCache(Duration timeout) {
    this.timeout = timeout;
  }

  /** Whether {@code installDir} bundles a runtime and a class list to build the archive from. */
  public static boolean applies(Path installDir) {
    return Files.isExecutable(java(installDir))
        && Files.isRegularFile(installDir.resolve(CLASS_LIST));
  }

  /**
   * Dumps the archive of {@code installDir} (a complete install in its final place) if it applies
   * and is not there yet: into a temp file renamed into place, so the launcher sees all of it or
   * none.
   *
   * @return whether an archive now exists
   */
  public boolean prepare(Path installDir) throws IOException {
    if (!applies(installDir)) return false;
    Path dir = installDir.toRealPath(); // the launcher's INSTALL is physical: it must match
    boolean main = prepare(dir, CLASS_LIST, ARCHIVE);
    // The quick no-op path's own archive: a few hundred classes instead of thousands, mapped
    // (and relocated, as the JVM does for every archive by default) several ms faster.
    if (main && Files.isRegularFile(dir.resolve(QUICK_LIST))) prepare(dir, QUICK_LIST, QUICK);
    return main;
  }

  private boolean prepare(Path dir, String list, String name) throws IOException {
    Path archive = dir.resolve(name);
    if (Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS)) return true;
    Files.createDirectories(archive.getParent());
    Path tmp =
        archive.resolveSibling(archive.getFileName() + Durable.TEMP_INFIX + UUID.randomUUID());
    try {
      if (!dump(dir, dir.resolve(list), tmp)) return false;
      Durable.rename(tmp, archive);
      return true;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Removes the temp files of dumps that a killed lock holder left in {@code installDir}; only a
   * lock holder may call this, as only lock holders dump.
   */
  static void sweep(Path installDir, List<Path> removed) throws IOException {
    Path dir = installDir.resolve(ARCHIVE).getParent();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + Durable.TEMP_INFIX + "*")) {
      for (Path p : ds) {
        Files.deleteIfExists(p);
        removed.add(p);
      }
    }
  }

  private boolean dump(Path dir, Path list, Path target) throws IOException {
    // The same class path string and GC as bin/hoist uses.
    ProcessBuilder pb =
        new ProcessBuilder(
            java(dir).toString(),
            "-Xshare:dump",
            "-XX:+UseSerialGC",
            "-XX:SharedClassListFile=" + list,
            "-XX:SharedArchiveFile=" + target,
            "-cp",
            classPath(dir));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process p = pb.start();
    p.getOutputStream().close();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor();
        return false;
      }
      return p.exitValue() == 0 && Files.size(target) > 0;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The class path the install's launcher passes: {@code conf/classpath} (entries relative to the
   * install, {@code lib/NAME.jar} or {@code lib/*}), else {@code lib/*} as launchers before it
   * used; an entry of any other form is ignored in favour of {@code lib/*}. The archive is only
   * used by a JVM given the same one.
   */
  static String classPath(Path dir) {
    String fallback = dir.resolve("lib") + "/*";
    try {
      String line = Files.readString(dir.resolve(CLASS_PATH)).strip();
      StringBuilder b = new StringBuilder();
      for (String e : line.split(":")) {
        if (!e.equals("lib/*") && !e.matches("lib/[A-Za-z0-9._+-]+\\.jar")) return fallback;
        if (b.length() > 0) b.append(':');
        b.append(e.equals("lib/*") ? fallback : dir.resolve(e).toString());
      }
      return line.endsWith("lib/*") ? b.toString() : fallback;
    } catch (IOException e) {
      return fallback;
    }
  }

  private static Path java(Path installDir) {
    return installDir.resolve("runtime/bin/java");
  }
}
