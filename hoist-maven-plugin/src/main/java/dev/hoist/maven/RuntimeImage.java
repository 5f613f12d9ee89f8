package dev.hoist.maven;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.spi.ToolProvider;

/**
 * A distribution's bundled Java runtime: {@code runtime/} made by jlink from the JDK that runs the
 * build, and ({@link Training}) {@code conf/startup.classlist}, the classes the app's start-up
 * loads, learnt by running the distribution through its own launcher on that runtime. The install
 * that activates such a release dumps a class-data-sharing archive from the list, which the
 * launcher then uses (docs/benchmarks.md: what it saves).
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
}
