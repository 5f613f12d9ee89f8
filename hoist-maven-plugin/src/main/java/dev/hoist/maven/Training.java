package dev.hoist.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Learns {@code conf/startup.classlist} for a distribution with a bundled runtime: the classes its
 * start-up paths load, listed by the JVM ({@code -XX:DumpLoadedClassList}) while the app runs them.
 * The distribution is first installed with its own {@code update --self-install}, so the installed
 * code path runs; then the app's version command, {@code update --help}, the caller's own runs, and
 * the up-to-date update a session hook runs most: against a {@code file:} manifest, and against a
 * loopback {@link TrainingRegistry} over HTTP (a 200, then a 304) and over HTTPS (the same,
 * trusting its throwaway CA through a copy of the runtime's trust store as a public registry is
 * trusted, then once through {@code <PREFIX>_CA_BUNDLE}), so that the list holds the HTTP client
 * and a whole TLS handshake. A run that fails is a warning, not a failure: the list is only an
 * optimisation, and a build must not break on a machine without, say, keytool.
 */
final class Training {
  private static final String ZERO = "0".repeat(64);

  private final Path dist;
  private final String name;
  private final String prefix;
  private final Path work;
  private final List<Path> lists = new ArrayList<>();
  private final List<Path> quickLists = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private Training(Path dist, String name, Path work) {
    this.dist = dist;
    this.name = name;
    this.prefix = Distribution.prefixOf(name);
    this.work = work;
  }

  /**
   * Trains {@code dist} (laid out, with {@code runtime/}) in {@code work} and writes its {@code
   * conf/startup.classlist}.
   *
   * @param extraRuns argument lists of further runs, e.g. an app's most used commands
   * @param work a directory for the runs' home and files, deleted afterwards (it holds the training
   *     CA's key)
   * @return the warnings: runs that failed, parts that could not be trained
   * @throws IOException when no run produced a class list
   */
  static List<String> run(
      Path dist,
      String name,
      String version,
      List<String> versionArgs,
      List<List<String>> extraRuns,
      Path work)
      throws IOException {
    Training t = new Training(dist, name, Files.createDirectories(work));
    List<String> merged;
    List<String> quick;
    try {
      t.train(version, versionArgs, extraRuns);
      merged = merge(t.lists);
      quick = merge(t.quickLists);
    } finally {
      Packager.deleteTree(work);
    }
    if (merged.isEmpty()) {
      throw new IOException(
          "training the start-up class list produced nothing"
              + t.warnings.stream().map(w -> "; " + w).reduce("", String::concat));
    }
    Files.createDirectories(dist.resolve("conf"));
    Files.write(dist.resolve("conf/startup.classlist"), merged, StandardCharsets.UTF_8);
    if (!quick.isEmpty()) {
      Files.write(dist.resolve("conf/quick.classlist"), quick, StandardCharsets.UTF_8);
    }
    return List.copyOf(t.warnings);
  }

  private void train(String version, List<String> versionArgs, List<List<String>> extraRuns)
      throws IOException {
    Path launcher = work.resolve("bin").resolve(name);
    int code =
        exec(
            List.of(
                dist.resolve("bin").resolve(name).toString(),
                "update",
                "--self-install",
                "--home",
                work.resolve("home").toString(),
                "--bin-dir",
                work.resolve("bin").toString()),
            Map.of(),
            Optional.empty(),
            "install");
    boolean installed = code == 0 && Files.isExecutable(launcher);
    if (!installed) {
      warnings.add(
          "'"
              + name
              + " update --self-install' "
              + (code == 0 ? "installed nothing" : "exited " + code)
              + " ("
              + lastLine("install")
              + "), so training runs the laid-out distribution and leaves update checks out");
      launcher = dist.resolve("bin").resolve(name);
    }
    run(launcher, versionArgs, Map.of(), "");
    run(launcher, List.of("update", "--help"), Map.of(), "");
    for (List<String> extra : extraRuns) run(launcher, extra, Map.of(), "");
    if (!installed) return;

    byte[] manifest = manifest(version).getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(work.resolve("manifest.json"), manifest);
    run(launcher, update(file.toString()), Map.of(), "");
    Optional<TrainingTls> tls =
        TrainingTls.make(
            work.resolve("tls"), dist.resolve("runtime/lib/security/cacerts"), warnings);
    try (TrainingRegistry registry = TrainingRegistry.start(manifest, tls)) {
      run(launcher, update(registry.httpUrl()), Map.of(), "");
      run(launcher, update(registry.httpUrl()), Map.of(), "");
      quick(launcher, registry.httpUrl(), "");
      if (tls.isPresent() && registry.httpsUrl().isPresent()) {
        String url = registry.httpsUrl().get();
        String trust = "-Djavax.net.ssl.trustStore=" + tls.get().trustStore();
        run(launcher, update(url), Map.of(), trust);
        run(launcher, update(url), Map.of(), trust);
        quick(launcher, url, trust);
        run(launcher, update(url), Map.of(prefix + "_CA_BUNDLE", tls.get().caPem().toString()), "");
      }
    }
  }

  /**
   * A bare {@code update} three times, as people type it: the first and second take the full path
   * (the second stores its verdict), the third the quick one (dev.hoist.engine.QuickCheck), whose
   * JDK HTTP client the other runs never load.
   */
  private void quick(Path launcher, String url, String javaOpts) throws IOException {
    Optional<Path> list = Optional.empty();
    for (int i = 0; i < 3; i++) {
      list = run(launcher, List.of("update"), Map.of(prefix + "_REGISTRY", url), javaOpts);
    }
    // The third run's classes are the quick path's own archive, if it really took that path.
    if (list.isPresent()) {
      String text = Files.readString(list.get(), StandardCharsets.UTF_8);
      // Class lists name classes with slashes, one per line.
      if (text.contains("dev/hoist/engine/internal/download/ConditionalGet")
          && !text.contains("\npicocli/CommandLine")) {
        quickLists.add(list.get());
      } else {
        warnings.add("training: the third bare update over " + url + " took the full path");
      }
    }
  }

  /** A run's arguments written as one line: words separated by white space. */
  static List<String> words(String line) {
    return List.of(line.strip().split("\\s+"));
  }

  private static List<String> update(String registry) {
    return List.of("update", "--json", "--registry", registry);
  }

  private String manifest(String version) {
    return "{\"schema\":1,\"app\":\""
        + name
        + "\",\"channels\":{\"stable\":\""
        + version
        + "\"},\"releases\":[{\"version\":\""
        + version
        + "\",\"assets\":[{\"platform\":\"any\",\"url\":\"a.tar.gz\",\"size\":1,\"sha256\":\""
        + ZERO
        + "\"}]}]}\n";
  }

  /** One training run, its classes listed; a failure is a warning. Returns its list. */
  private Optional<Path> run(
      Path launcher, List<String> args, Map<String, String> vars, String javaOpts)
      throws IOException {
    String id = "run-" + (lists.size() + 1);
    Path list = work.resolve(id + ".classlist");
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(args);
    int code =
        exec(command, vars, Optional.of("-XX:DumpLoadedClassList=" + list + " " + javaOpts), id);
    if (code != 0) {
      warnings.add(
          "training run '"
              + name
              + " "
              + String.join(" ", args)
              + "' exited "
              + code
              + ": "
              + lastLine(id));
    }
    if (!Files.isRegularFile(list)) return Optional.empty();
    lists.add(list);
    return Optional.of(list);
  }

  /**
   * Runs {@code command} with the user's settings kept out: the app's and Hoist's variables, the
   * JVM's option variables and proxies; {@code HOME} and the XDG directories inside {@code work}.
   */
  private int exec(
      List<String> command, Map<String, String> vars, Optional<String> javaOpts, String id)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
    Map<String, String> env = pb.environment();
    env.keySet()
        .removeIf(
            k ->
                k.startsWith(prefix + "_")
                    || k.startsWith("HOIST_")
                    || k.startsWith("XDG_")
                    || k.equals("JDK_JAVA_OPTIONS")
                    || k.equals("JAVA_TOOL_OPTIONS")
                    || k.equals("_JAVA_OPTIONS")
                    || k.toLowerCase(Locale.ROOT).endsWith("_proxy"));
    Path user = work.resolve("user");
    env.put("HOME", user.toString());
    env.put("XDG_CONFIG_HOME", user.resolve(".config").toString());
    env.put("XDG_DATA_HOME", user.resolve(".local/share").toString());
    env.put("XDG_STATE_HOME", user.resolve(".local/state").toString());
    env.put("XDG_CACHE_HOME", user.resolve(".cache").toString());
    env.put(prefix + "_HOME", work.resolve("home").toString());
    javaOpts.ifPresent(o -> env.put(prefix + "_JAVA_OPTS", o.strip()));
    env.putAll(vars);
    pb.redirectErrorStream(true).redirectOutput(work.resolve(id + ".out").toFile());
    Process p = pb.start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("training run '" + String.join(" ", command) + "' timed out");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while training", e);
    }
    return p.exitValue();
  }

  private String lastLine(String id) throws IOException {
    List<String> lines = Files.readAllLines(work.resolve(id + ".out"), StandardCharsets.UTF_8);
    return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).strip();
  }

  /**
   * Merges lists written by {@code -XX:DumpLoadedClassList} into one {@code -Xshare:dump} accepts:
   * newer JDKs number classes per list ({@code java/lang/Object id: 0}) and refuse one class under
   * two ids, so each class is kept once under a fresh id; classes of custom loaders (their lines
   * refer to ids of their own list) are left out; every other line once.
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
