package dev.hoist.maven;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;

/**
 * A distribution's bundled Java runtime: {@code runtime/} made by jlink from the JDK that runs the
 * build, and {@code conf/startup.classlist}, the classes the app's start-up loads, learnt by
 * running the laid-out distribution through its own launcher on that runtime. The install that
 * activates such a release dumps a class-data-sharing archive from the list, which the launcher
 * then uses (docs/benchmarks.md: what it saves).
 */
public final class RuntimeImage {
  /**
   * What the engine, picocli, OkHttp and Jackson use, plus the EC provider TLS and Ed25519 need.
   */
  public static final List<String> MODULES =
      List.of(
          "java.base", "java.naming", "java.sql", "java.xml", "jdk.crypto.ec", "jdk.unsupported");

  private RuntimeImage() {}

  /** The platform of the running JVM in Hoist's names, e.g. {@code linux-x64}. */
  public static String platform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macos" : null;
    String a =
        arch.equals("amd64") || arch.equals("x86_64")
            ? "x64"
            : arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : null;
    if (o == null || a == null) {
      throw new IllegalArgumentException(
          "a bundled runtime is not supported on " + os + "/" + arch);
    }
    return o + "-" + a;
  }

  /**
   * Links {@code dist/runtime} with {@code modules} (at least {@link #MODULES}) using the jlink of
   * the JDK this runs in.
   */
  public static void link(Path dist, List<String> modules) throws IOException {
    ToolProvider jlink =
        ToolProvider.findFirst("jlink")
            .orElseThrow(
                () -> new IllegalArgumentException("a bundled runtime needs a JDK with jlink"));
    Set<String> all = new LinkedHashSet<>(MODULES);
    all.addAll(modules);
    StringWriter out = new StringWriter();
    int code =
        jlink.run(
            new PrintWriter(out),
            new PrintWriter(out),
            "--add-modules",
            String.join(",", all),
            "--strip-debug",
            "--no-header-files",
            "--no-man-pages",
            Runtime.version().feature() >= 21 ? "--compress=zip-6" : "--compress=2",
            "--output",
            dist.resolve("runtime").toString());
    if (code != 0) throw new IOException("jlink failed (" + code + "): " + out.toString().strip());
  }

  /**
   * Runs {@code dist}'s launcher once per entry of {@code trainings} with the JVM listing the
   * classes it loads, and writes their union to {@code conf/startup.classlist}.
   *
   * @param prefix the app's variable prefix: the launcher reads {@code <prefix>_JAVA_OPTS}
   * @param home where the runs may write (the app's home, logs); the user's home is kept out
   */
  public static void train(
      Path dist, String name, String prefix, List<List<String>> trainings, Path home)
      throws IOException {
    Path work = Files.createDirectories(home);
    List<Path> lists = new ArrayList<>();
    int n = 0;
    for (List<String> args : trainings) {
      Path list = work.resolve("training-" + (++n) + ".classlist");
      List<String> command = new ArrayList<>();
      command.add(dist.resolve("bin/" + name).toString());
      command.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith(prefix + "_") || k.equals("JDK_JAVA_OPTIONS"));
      env.put("HOME", work.toString());
      env.put(prefix + "_HOME", work.resolve("home").toString());
      env.put(prefix + "_JAVA_OPTS", "-XX:DumpLoadedClassList=" + list);
      pb.redirectErrorStream(true).redirectOutput(work.resolve("training-" + n + ".out").toFile());
      Process p = pb.start();
      try {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IOException("training run '" + String.join(" ", args) + "' timed out");
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while training", e);
      }
      if (Files.isRegularFile(list)) lists.add(list);
    }
    List<String> merged = merge(lists);
    if (merged.isEmpty())
      throw new IOException("training the start-up class list produced nothing");
    Files.createDirectories(dist.resolve("conf"));
    Files.write(dist.resolve("conf/startup.classlist"), merged, StandardCharsets.UTF_8);
  }

  /**
   * Merges lists written by {@code -XX:DumpLoadedClassList} into one {@code -Xshare:dump} accepts,
   * as {@code packaging/merge-classlists.awk} does: newer JDKs number classes per list ({@code
   * java/lang/Object id: 0}) and refuse one class under two ids, so each class is kept once under a
   * fresh id; classes of custom loaders (their lines refer to ids of their own list) are left out;
   * every other line once.
   */
  static List<String> merge(List<Path> lists) throws IOException {
    List<String> out = new ArrayList<>();
    Set<String> classes = new HashSet<>();
    Set<String> lines = new HashSet<>();
    int id = 0;
    for (Path list : lists) {
      for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 2 && f[1].equals("id:")) {
          if (f.length == 3 && classes.add(f[0])) out.add(f[0] + " id: " + id++);
        } else if (lines.add(line)) {
          out.add(line);
        }
      }
    }
    return out;
  }
}
