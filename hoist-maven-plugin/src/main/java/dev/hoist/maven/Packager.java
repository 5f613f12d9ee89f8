package dev.hoist.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Lays out and archives a self-updating distribution (docs/embedding.md; {@link RuntimeImage} adds
 * a bundled runtime): {@code <name>-<version>/} with {@code bin/<name>} (the launcher, from the one
 * template every distribution shares), {@code lib/}, {@code VERSION} and {@code conf/} ({@code
 * hoist.json} with the app, registry and channel; {@code keys/*.pub}), then a reproducible {@code
 * .tar.gz} and its {@code .sha256}. Plain Java with no Maven types, so that the Maven goal, {@code
 * packaging/build.sh} ({@link PackagerMain}) and a later Gradle plugin share it.
 */
public final class Packager {
  static final String LAUNCHER_TEMPLATE = "launcher.sh";
  static final String INSTALLER_TEMPLATE = "install.sh";

  private Packager() {}

  /**
   * Writes the distribution's tree into {@code workDir/<name>-<version>/} (which must not exist).
   *
   * @return that directory
   * @throws IllegalArgumentException for a public key that is not one
   */
  public static Path layout(Distribution d, Path workDir) throws IOException {
    Path dist = workDir.resolve(d.base());
    Files.createDirectories(workDir);
    Files.createDirectory(dist);
    Path bin = Files.createDirectories(dist.resolve("bin"));
    Path launcher = bin.resolve(d.name());
    Files.writeString(launcher, launcher(d), StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path lib = Files.createDirectories(dist.resolve("lib"));
    for (Path jar : d.jars()) {
      Path to = lib.resolve(jar.getFileName().toString());
      if (Files.exists(to)) {
        throw new IllegalArgumentException("two jars named " + to.getFileName() + " for lib/");
      }
      Files.copy(jar, to, StandardCopyOption.COPY_ATTRIBUTES);
    }
    Files.writeString(dist.resolve("VERSION"), d.version() + "\n", StandardCharsets.UTF_8);
    Path conf = Files.createDirectories(dist.resolve("conf"));
    Files.writeString(conf.resolve("hoist.json"), settings(d), StandardCharsets.UTF_8);
    // The launcher's class path, for the start-up archive's dump (StartupCache), which must use
    // the very same one.
    Files.writeString(
        conf.resolve("classpath"),
        firstJars(d).replace("$INSTALL/", "") + "lib/*\n",
        StandardCharsets.UTF_8);
    if (!d.publicKeys().isEmpty()) {
      Path keys = Files.createDirectories(conf.resolve("keys"));
      int n = 0;
      for (Path key : d.publicKeys()) {
        requirePublicKey(key);
        Files.copy(key, keys.resolve(String.format("%02d.pub", ++n)));
      }
    }
    return dist;
  }

  /**
   * Copies {@code from} (when it is a directory) into the distribution as {@code share/}: what the
   * app ships beside its launcher, such as completion scripts and a man page ({@code
   * share/completion/}, {@code share/man/man1/}, which {@code self install} links for the user).
   * Links are refused: a release's files are its own.
   *
   * @throws IllegalArgumentException for a link in {@code from}
   */
  public static void addShare(Path dist, Path from) throws IOException {
    if (!Files.isDirectory(from)) return;
    Path to = dist.resolve("share");
    try (var files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isSymbolicLink(p)) {
          throw new IllegalArgumentException("share: " + p + " is a link; give the file itself");
        } else if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }

  /**
   * Archives {@code dist} as {@code outDir/<dir name><suffix>.tar.gz} and writes its {@code
   * .sha256} beside it (both by rename, so a reader never sees half a file).
   *
   * @param suffix e.g. {@code -linux-x64} for an archive with a bundled runtime, else empty
   * @param mtimeSeconds the one modification time of every entry (reproducible builds)
   * @return the archive
   */
  public static Path archive(Path dist, Path outDir, String suffix, long mtimeSeconds)
      throws IOException {
    Files.createDirectories(outDir);
    Path archive = outDir.resolve(dist.getFileName() + suffix + ".tar.gz");
    String sha256 = ReproducibleTar.write(dist, archive, mtimeSeconds);
    Path sum = outDir.resolve(archive.getFileName() + ".sha256");
    Path tmp = outDir.resolve("." + sum.getFileName() + ".tmp");
    Files.writeString(tmp, sha256 + "  " + archive.getFileName() + "\n", StandardCharsets.UTF_8);
    // Uploaded and served: world-readable whatever the publisher's umask.
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    Files.move(tmp, sum, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return archive;
  }

  /**
   * Writes {@code outDir/<name>-install.sh}, the installer for the app's users: {@code --archive
   * FILE | --registry URL [--home DIR] [--bin-dir DIR]}; it verifies before extracting and installs
   * through the app's own {@code update --self-install}.
   *
   * @return the script
   */
  public static Path installer(String name, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    Path script = outDir.resolve(name + "-install.sh");
    Path tmp = outDir.resolve("." + script.getFileName() + ".tmp");
    Files.writeString(tmp, installer(name), StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.move(tmp, script, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return script;
  }

  /** The installer script for the app {@code name}: the shared template with its name. */
  static String installer(String name) {
    Distribution.requireName(name);
    return template(INSTALLER_TEMPLATE)
        .replace("@NAME@", name)
        .replace("@PREFIX@", Distribution.prefixOf(name));
  }

  /** The launcher for {@code d}: the shared template with its name, prefix and main class. */
  static String launcher(Distribution d) {
    return template(LAUNCHER_TEMPLATE)
        .replace("@NAME@", d.name())
        .replace("@PREFIX@", d.prefix())
        .replace("@MAIN_CLASS@", d.mainClass())
        .replace("@FIRST_JARS@", firstJars(d));
  }

  /**
   * What the launcher puts before {@code lib/*}: the app's own jar and Hoist's two, each {@code
   * $INSTALL/lib/NAME:}. Without a start-up archive the JVM looks for a class in the class path's
   * jars in order, opening every jar it passes, and {@code lib/*} lists them in directory order; so
   * a bare {@code update}'s quick path, which needs nothing else, would open every dependency first
   * (~3 ms on a system JDK, docs/benchmarks.md). A jar listed again by {@code lib/*} is not opened
   * twice. The same order with an archive ({@code conf/classpath}), so that a class found in two
   * jars is the same one either way. Names a shell could misread inside quotes are left out.
   */
  static String firstJars(Distribution d) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < d.jars().size(); i++) {
      String n = d.jars().get(i).getFileName().toString();
      boolean first = i == 0 || n.startsWith("hoist-picocli-") || n.startsWith("hoist-engine-");
      if (first && n.matches("[A-Za-z0-9._+-]+\\.jar")) {
        b.append("$INSTALL/lib/").append(n).append(':');
      }
    }
    return b.toString();
  }

  /** {@code conf/hoist.json}: the app the update command manages, its registry and channel. */
  static String settings(Distribution d) {
    StringBuilder json = new StringBuilder("{\n  \"app\": {\n");
    json.append("    \"name\": ").append(Json.string(d.name())).append(",\n");
    json.append("    \"launcher\": ").append(Json.string("bin/" + d.name())).append(",\n");
    json.append("    \"version\": {\"args\": ").append(Json.strings(d.versionArgs()));
    d.versionPattern().ifPresent(p -> json.append(", \"pattern\": ").append(Json.string(p)));
    json.append("}\n  }");
    d.registry().ifPresent(r -> json.append(",\n  \"registry\": ").append(Json.string(r)));
    json.append(",\n  \"channel\": ").append(Json.string(d.channel().orElse("stable")));
    return json.append("\n}\n").toString();
  }

  /** A PEM {@code PUBLIC KEY} or a raw base64 32-byte key; never a private key. */
  static void requirePublicKey(Path key) throws IOException {
    String text = Files.readString(key, StandardCharsets.US_ASCII);
    if (text.contains("PRIVATE")) {
      throw new IllegalArgumentException(
          key + " holds a private key, which must never be shipped; give the .pub file");
    }
    if (text.contains("-----BEGIN")) {
      if (!text.contains("-----BEGIN PUBLIC KEY-----")) {
        throw new IllegalArgumentException(
            key + " is not a PEM PUBLIC KEY (a private key must never be shipped)");
      }
      return;
    }
    String raw = text.strip();
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(raw);
    } catch (IllegalArgumentException e) {
      bytes = new byte[0];
    }
    if (bytes.length != 32) {
      throw new IllegalArgumentException(
          key + " is neither a PEM PUBLIC KEY nor a raw base64 32-byte key");
    }
  }

  static String template(String name) {
    try (InputStream in = Packager.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("template " + name + " is missing");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The little JSON the settings file needs, without a JSON library. */
  static final class Json {
    private Json() {}

    static String string(String s) {
      StringBuilder b = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          case '\t' -> b.append("\\t");
          case '\r' -> b.append("\\r");
          default -> {
            if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
          }
        }
      }
      return b.append('"').toString();
    }

    static String strings(List<String> items) {
      List<String> quoted = new ArrayList<>();
      for (String s : items) quoted.add(string(s));
      return "[" + String.join(", ", quoted) + "]";
    }
  }

  /** Deletes {@code dir} and everything in it, if it exists. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
