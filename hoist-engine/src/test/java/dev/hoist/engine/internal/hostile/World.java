package dev.hoist.engine.internal.hostile;

import dev.hoist.engine.EngineTestAccess;
import dev.hoist.engine.HttpConfig;
import dev.hoist.engine.UpdateEngine;
import dev.hoist.engine.internal.extract.ArchiveBuilder;
import dev.hoist.engine.internal.extract.ArchiveExtractor;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.Installer;
import dev.hoist.engine.internal.trust.Ed25519;
import dev.hoist.engine.internal.trust.ManifestSignature;
import dev.hoist.engine.internal.trust.TrustedKeys;
import dev.hoist.engine.testing.Releases;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;

/**
 * One hostile case's world: a Hoist home with 1.0.0 installed and current, a registry directory
 * (served as {@code file:} or by a loopback MockWebServer), an {@code outside/} directory that an
 * escaping archive would write into, and the engine settings the case may tighten.
 */
final class World implements AutoCloseable {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
  static final KeyPair PUBLISHER = Ed25519.generate();
  static final KeyPair STRANGER = Ed25519.generate();
  static final String TOP = "hoist-1.1.0/";

  /** A dependency jar of the installed 1.0.0 that a release may carry unchanged (a delta's). */
  static final byte[] DEPENDENCY =
      new java.util.Random(42)
          .ints(200_000)
          .collect(
              java.io.ByteArrayOutputStream::new,
              (o, i) -> o.write(i),
              (a, b) -> a.writeBytes(b.toByteArray()))
          .toByteArray();

  /** Run by a case's setup once the release is published: a change on the host after that. */
  IoAction afterPublish;

  @FunctionalInterface
  interface IoAction {
    void run() throws IOException;
  }

  final Path root;
  final Path registry;
  final Path outside;
  final HoistHome home;
  final List<Duration> sleeps = new ArrayList<>();
  ArchiveExtractor.Limits limits = ArchiveExtractor.Limits.defaults();
  TrustedKeys keys = TrustedKeys.NONE;
  Duration readTimeout = Duration.ofSeconds(10);
  private MockWebServer server;

  World(Path root) throws IOException {
    this.root = root;
    this.registry = Files.createDirectories(root.resolve("registry"));
    this.outside = Files.createDirectories(root.resolve("outside"));
    this.home = new HoistHome(root.resolve("home"));
    Installer installer = new Installer(home, Clock.systemUTC());
    installer.createLayout();
    Path staging = installer.newStagingDir("1.0.0");
    Path tree = Files.createDirectories(staging.resolve("hoist-1.0.0/bin"));
    Files.writeString(tree.resolve("hoist"), "#!/bin/sh\necho hoist 1.0.0\n");
    Files.writeString(tree.getParent().resolve("VERSION"), "1.0.0\n");
    Files.write(
        Files.createDirectories(tree.getParent().resolve("lib")).resolve("dep.jar"), DEPENDENCY);
    installer.promote(tree.getParent(), "1.0.0", "0".repeat(64), "test");
    installer.activate("1.0.0");
    dev.hoist.engine.internal.io.Durable.deleteTree(staging);
  }

  UpdateEngine engine() {
    UpdateEngine.Builder b =
        EngineTestAccess.retry(
            UpdateEngine.builder(),
            new dev.hoist.engine.internal.download.Downloader.RetryPolicy(
                2, Duration.ofMillis(1), Duration.ofSeconds(60)),
            sleeps::add);
    return b.installDir(java.util.Optional.of(home.versionDir("1.0.0")))
        .runningVersion("1.0.0")
        .platform("Linux", "amd64")
        .clock(CLOCK)
        .extractLimits(limits.maxTotalBytes(), limits.maxEntries(), limits.maxRatio())
        .trustedKeys(EngineTestAccess.keys(keys))
        .http(HttpConfig.builder().readTimeout(readTimeout).build())
        .smokeTestTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** The loopback server, started on first use. */
  MockWebServer server() throws IOException {
    if (server == null) {
      server = new MockWebServer();
      server.start();
    }
    return server;
  }

  /** A release archive: a plausible distribution plus whatever {@code b} adds. */
  static ArchiveBuilder distribution() {
    return new ArchiveBuilder()
        .dir(TOP)
        .dir(TOP + "bin/")
        .file(TOP + "bin/hoist", "#!/bin/sh\necho hoist 1.1.0\n", 0755)
        .file(TOP + "VERSION", "1.1.0\n");
  }

  /** Writes {@code archive} into the registry and a manifest offering it truthfully. */
  URI publish(ArchiveBuilder archive, String fileName) throws IOException {
    Path file = archive.write(registry.resolve(fileName));
    return publishFile(file);
  }

  /**
   * Writes a manifest offering {@code file} (already in the registry) with its true size and hash.
   */
  URI publishFile(Path file) throws IOException {
    return manifest(
        Releases.manifest()
            .channel("stable", "1.1.0")
            .release("1.1.0", file)
            .json()
            .getBytes(StandardCharsets.UTF_8));
  }

  /** Writes raw manifest bytes into the registry and returns their {@code file:} URL. */
  URI manifest(byte[] bytes) throws IOException {
    return Files.write(registry.resolve("manifest.json"), bytes).toUri();
  }

  /** Signs the registry's manifest with {@code key} into {@code manifest.json.sig}. */
  void sign(KeyPair key) throws IOException {
    byte[] m = Files.readAllBytes(registry.resolve("manifest.json"));
    Files.writeString(
        registry.resolve("manifest.json.sig"),
        ManifestSignature.encode(Ed25519.sign(key.getPrivate(), m)));
  }

  /** Signs the registry's manifest with {@code key} inline, as {@code release sign} does. */
  void signInline(KeyPair key) throws IOException {
    Path file = registry.resolve("manifest.json");
    byte[] m = Files.readAllBytes(file);
    Files.write(file, ManifestSignature.withInline(m, Ed25519.sign(key.getPrivate(), m)));
  }

  void trustPublisher() {
    keys = new TrustedKeys(List.of(new TrustedKeys.Key(PUBLISHER.getPublic(), "test")));
  }

  /**
   * Every path under the world except the home's staging and state directories (the check cache),
   * with a fingerprint of what it is: the proof that nothing was written elsewhere.
   */
  Map<String, String> snapshot() throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.startsWith(home.staging()) || p.startsWith(home.state())) continue;
        String kind;
        if (Files.isSymbolicLink(p)) {
          kind = "link->" + Files.readSymbolicLink(p);
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          kind = "dir";
        } else {
          kind = "file:" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
        }
        m.put(root.relativize(p).toString(), kind);
      }
    }
    return m;
  }

  @Override
  public void close() throws IOException {
    if (server != null) server.close();
  }
}
