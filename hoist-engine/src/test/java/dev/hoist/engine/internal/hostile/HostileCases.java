package dev.hoist.engine.internal.hostile;

import static dev.hoist.engine.internal.hostile.World.TOP;
import static dev.hoist.engine.internal.hostile.World.distribution;

import dev.hoist.engine.internal.extract.ArchiveExtractor;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.testing.Releases;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The crafted cases of the hostile-input suite: what an attacker controlling the network, the
 * registry or the archive can throw at an update. Each names the one failure it must end in, or,
 * for what real publishers ship and Hoist leaves out, the warning its install must carry.
 */
final class HostileCases {
  private HostileCases() {}

  /** Prepares a world and returns the manifest URL to update from. */
  @FunctionalInterface
  interface Setup {
    URI prepare(World w) throws Exception;
  }

  /**
   * One case.
   *
   * @param category archive, manifest, signature or http
   * @param name what is thrown at the updater
   * @param expected the failure it must end in, or null when the release installs (without what it
   *     may not have, said in a warning)
   * @param outcome for a case that installs, what it is tested to do (the table's words); null for
   *     a failure
   * @param hint a word the one-line message (or, for an install, its warning) must contain
   */
  record Case(
      String category, String name, Reason expected, String outcome, String hint, Setup setup) {}

  /** The outcome of a release that installs without the links that leave it. */
  static final String LINKS_LEFT_OUT =
      "`updated`, the outward links left out and named in a warning";

  static final List<Case> ALL = new ArrayList<>();

  static void add(String category, String name, Reason r, String hint, Setup s) {
    add(category, name, r, r == null ? LINKS_LEFT_OUT : null, hint, s);
  }

  /**
   * @param outcome for a case that installs (no {@code r}), what its table row says it does
   */
  static void add(String category, String name, Reason r, String outcome, String hint, Setup s) {
    ALL.add(new Case(category, name, r, outcome, hint, s));
  }

  private static void archive(String name, Reason r, String hint, Setup s) {
    add("archive", name, r, hint, s);
  }

  /** A sound release carrying something that is left out: it installs, with a warning. */
  private static void installs(String name, String warning, Setup s) {
    add("archive", name, null, warning, s);
  }

  static {
    Reason unsafe = Reason.UNSAFE_ARCHIVE_ENTRY;
    archive(
        "absolute path entry",
        unsafe,
        "absolute",
        w -> w.publish(distribution().file(w.outside.resolve("evil").toString(), "x"), "a.tar.gz"));
    archive(
        "`..` entry escaping staging",
        unsafe,
        "..",
        w -> w.publish(distribution().file(TOP + "../../../outside/evil", "x"), "a.tar.gz"));
    archive(
        "`..` entry in a zip",
        unsafe,
        "..",
        w -> w.publish(distribution().file("../outside/evil", "x"), "a.zip"));
    // Links that leave the release install without them, named in a warning (docs/security.md).
    installs(
        "absolute symlink",
        TOP + "lib -> ",
        w -> w.publish(distribution().symlink(TOP + "lib", w.outside.toString()), "a.tar.gz"));
    installs(
        "relative symlink escaping staging",
        TOP + "up -> ../../../outside",
        w -> w.publish(distribution().symlink(TOP + "up", "../../../outside"), "a.tar.gz"));
    // Links judged against the root the release becomes (versions/<v>/), not staging above it.
    installs(
        "symlink to the version's parent (`up -> ..` in the top directory)",
        TOP + "up -> ..",
        w -> w.publish(distribution().symlink(TOP + "up", ".."), "a.tar.gz"));
    installs(
        "symlink into another installed version",
        TOP + "bin/old -> ../../1.0.0/bin",
        w -> w.publish(distribution().symlink(TOP + "bin/old", "../../1.0.0/bin"), "a.tar.gz"));
    installs(
        "symlink to the version's parent, in a zip",
        TOP + "up -> ..",
        w -> w.publish(distribution().symlink(TOP + "up", ".."), "a.zip"));
    installs(
        "symlink escaping, in a zip",
        TOP + "up -> ../../outside",
        w -> w.publish(distribution().symlink(TOP + "up", "../../outside"), "a.zip"));
    installs(
        "a runtime copied from a Debian system: links to `/etc` and `../../../share`",
        "3 symbolic links point outside the release",
        w ->
            w.publish(
                distribution()
                    .file(TOP + "runtime/legal/java.base/LICENSE", "GPLv2 + CE")
                    .symlink(TOP + "runtime/legal/java.xml/LICENSE", "../java.base/LICENSE")
                    .symlink(TOP + "runtime/lib/security/cacerts", "/etc/ssl/certs/java/cacerts")
                    .symlink(TOP + "runtime/conf/net.properties", "/etc/java/net.properties")
                    .symlink(TOP + "runtime/docs", "../../../share/doc/openjdk-17-jre-headless")
                    // Inside the release here (runtime/ is a level down), though dangling: kept.
                    .symlink(TOP + "runtime/lib/src.zip", "../../openjdk-17/src.zip"),
                "a.tar.gz"));
    archive(
        "the launcher is a link out of the release (`bin/hoist -> /bin/sh`)",
        Reason.SMOKE_TEST_FAILED,
        "bin/hoist -> /bin/sh",
        w ->
            w.publish(
                new dev.hoist.engine.internal.extract.ArchiveBuilder()
                    .dir(TOP)
                    .dir(TOP + "bin/")
                    .symlink(TOP + "bin/hoist", "/bin/sh")
                    .file(TOP + "VERSION", "1.1.0\n"),
                "a.tar.gz"));
    // Nothing of a release may be, or pass through, what Hoist writes itself.
    archive(
        "a `.hoist` symlink at the release's root",
        unsafe,
        ".hoist",
        w -> w.publish(distribution().symlink(TOP + ".hoist", "bin"), "a.tar.gz"));
    archive(
        "a `.hoist` directory carrying a forged completion marker",
        unsafe,
        ".hoist",
        w -> w.publish(distribution().file(TOP + ".hoist/complete.json", "{}"), "a.tar.gz"));
    archive(
        "a `.hoist` file in an archive without a top directory",
        unsafe,
        ".hoist",
        w ->
            w.publish(
                new dev.hoist.engine.internal.extract.ArchiveBuilder()
                    .dir("bin/")
                    .file("bin/hoist", "#!/bin/sh\necho hoist 1.1.0\n", 0755)
                    .file("VERSION", "1.1.0\n")
                    .symlink(".hoist", "bin"),
                "a.tar.gz"));
    archive(
        "symlink, then an entry written through it",
        unsafe,
        "symlink",
        w ->
            w.publish(
                distribution().symlink(TOP + "d", "bin").file(TOP + "d/evil", "x"), "a.tar.gz"));
    archive(
        "symlink to parent, then an entry through it",
        unsafe,
        "symlink",
        w ->
            w.publish(
                distribution().symlink(TOP + "p", "..").file(TOP + "p/evil", "x"), "a.tar.gz"));
    archive(
        "hard link to an absolute path",
        unsafe,
        "link",
        w -> w.publish(distribution().hardLink(TOP + "passwd", "/etc/passwd"), "a.tar.gz"));
    archive(
        "hard link escaping with `..`",
        unsafe,
        "link",
        w -> w.publish(distribution().hardLink(TOP + "passwd", "../../../etc/passwd"), "a.tar.gz"));
    archive(
        "character device",
        unsafe,
        "device",
        w -> w.publish(distribution().characterDevice(TOP + "null"), "a.tar.gz"));
    archive(
        "block device",
        unsafe,
        "device",
        w -> w.publish(distribution().blockDevice(TOP + "sda"), "a.tar.gz"));
    archive("FIFO", unsafe, "FIFO", w -> w.publish(distribution().fifo(TOP + "pipe"), "a.tar.gz"));
    archive(
        "setuid file",
        unsafe,
        "setuid",
        w -> w.publish(distribution().file(TOP + "bin/su", "x", 04755), "a.tar.gz"));
    archive(
        "setgid file in a zip",
        unsafe,
        "setgid",
        w -> w.publish(distribution().file(TOP + "bin/sg", "x", 02755), "a.zip"));
    archive(
        "duplicate entry (a second bin/hoist)",
        unsafe,
        "duplicate",
        w -> w.publish(distribution().file(TOP + "bin/hoist", "evil", 0755), "a.tar.gz"));
    Reason limits = Reason.ARCHIVE_LIMITS;
    archive(
        "bomb by compression ratio (32 MiB of zeros)",
        limits,
        "times its size",
        w -> w.publish(distribution().zeros(TOP + "lib/zeros", 32L << 20), "a.tar.gz"));
    archive(
        "bomb by total size",
        limits,
        "bytes",
        w -> {
          w.limits = new ArchiveExtractor.Limits(1 << 20, 1000, 1000);
          return w.publish(distribution().zeros(TOP + "lib/big", 2L << 20), "a.tar.gz");
        });
    archive(
        "bomb by entry count",
        limits,
        "entries",
        w -> {
          w.limits = new ArchiveExtractor.Limits(1L << 30, 50, 1000);
          var b = distribution();
          for (int i = 0; i < 60; i++) b.file(TOP + "lib/f" + i, "x");
          return w.publish(b, "a.tar.gz");
        });
    Reason corrupt = Reason.ARCHIVE_CORRUPT;
    archive(
        "truncated archive (hash matches the truncated bytes)",
        corrupt,
        "",
        w -> {
          Path full =
              distribution()
                  .file(TOP + "lib/app.txt", "payload".repeat(500))
                  .write(w.root.resolve("full.tar.gz"));
          byte[] b = Files.readAllBytes(full);
          Path cut = Files.write(w.registry.resolve("a.tar.gz"), Arrays.copyOf(b, b.length / 2));
          return w.publishFile(cut);
        });
    archive(
        "corrupt zip entry (CRC mismatch)",
        corrupt,
        "CRC",
        w -> {
          Path zip =
              distribution()
                  .stored()
                  .file(TOP + "lib/app.txt", "PAYLOAD-PAYLOAD")
                  .write(w.registry.resolve("a.zip"));
          byte[] b = Files.readAllBytes(zip);
          String s = new String(b, StandardCharsets.ISO_8859_1);
          int at = s.indexOf("PAYLOAD-PAYLOAD");
          b[at] = 'X';
          Files.write(zip, b);
          return w.publishFile(zip);
        });
    archive(
        "random bytes named .tar.gz",
        corrupt,
        "",
        w -> {
          byte[] junk = new byte[4096];
          new java.util.Random(42).nextBytes(junk);
          return w.publishFile(Files.write(w.registry.resolve("a.tar.gz"), junk));
        });

    add(
        "archive",
        "checksum does not match the manifest",
        Reason.CHECKSUM_MISMATCH,
        "sha256",
        w -> {
          Path f = distribution().write(w.registry.resolve("a.tar.gz"));
          return w.manifest(manifestFor("a.tar.gz", Files.size(f), "0".repeat(64)));
        });
    NetworkCases.addTo();
    SignatureCases.addTo();
    DeltaCases.addTo();
    DeltaCases.addPackCases();
  }

  static String manifestJson(String url, long size, String sha) {
    return Releases.manifest()
        .channel("stable", "1.1.0")
        .release("1.1.0", "any", url, size, sha)
        .json();
  }

  static byte[] manifestFor(String url, long size, String sha) {
    return manifestJson(url, size, sha).getBytes(StandardCharsets.UTF_8);
  }
}
