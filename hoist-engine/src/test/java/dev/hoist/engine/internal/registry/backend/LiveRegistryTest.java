package dev.hoist.engine.internal.registry.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.download.Downloader;
import dev.hoist.engine.internal.download.Transport;
import dev.hoist.engine.internal.registry.Asset;
import dev.hoist.engine.internal.registry.Manifest;
import dev.hoist.engine.internal.registry.ReleaseSelector;
import dev.hoist.engine.internal.registry.ReleaseSelector.Choice;
import dev.hoist.engine.internal.registry.ReleaseSource;
import dev.hoist.engine.internal.version.Platform;
import dev.hoist.engine.internal.version.Version;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in checks against the public npm registry and Maven Central: the recorded fixtures are only
 * as good as their resemblance to the real thing. Excluded by default; run with {@code ./mvnw test
 * -Dhoist.live=true -Dtest=LiveRegistryTest}.
 */
@Tag("live")
class LiveRegistryTest {
  static final Platform LINUX = Platform.of("Linux", "amd64");

  @TempDir Path tmp;
  private final Transport transport =
      new Transport(dev.hoist.engine.internal.download.HttpClients.defaults());

  private ReleaseSource open(String setting) throws Exception {
    return new Backends(transport, new ObjectMapper(), Optional.empty())
        .open(URI.create(setting), tmp.resolve("state"))
        .orElseThrow();
  }

  private Path download(Asset asset) throws Exception {
    Path target = tmp.resolve(asset.fileName());
    new Downloader(transport, new Downloader.RetryPolicy(1, Duration.ZERO, Duration.ZERO), d -> {})
        .download(URI.create(asset.url()), target, asset.size(), asset.digest(), (d, t) -> {});
    return target;
  }

  @Test
  void npmRegistry_latestTarballVerifiesAgainstItsIntegrity() throws Exception {
    ReleaseSource npm = open("npm:is-number");
    Manifest m = npm.fetch();
    Choice c = ReleaseSelector.select(m, "stable", Optional.empty(), LINUX);

    assertFalse(c.version().isPreRelease());
    assertTrue(c.version().compareTo(Version.parse("7.0.0")) >= 0, c.version().toString());
    Asset a = npm.verifiable(c.release(), c.asset());
    assertEquals(Digest.Algorithm.SHA512, a.digest().algorithm());
    assertTrue(a.url().startsWith("https://registry.npmjs.org/is-number/-/"), a.url());
    assertTrue(Files.size(download(a)) > 0);
    // Where a person reads about it (issue 15, item 5): the version's page on npmjs.com.
    assertEquals(
        "https://www.npmjs.com/package/is-number/v/" + c.version(), c.release().notesUrl());
    // Again, conditionally: the registry answers 304 or the same document.
    assertEquals(m.channels(), npm.fetch().channels());
  }

  @Test
  void npmRegistry_scopedPackageResolves() throws Exception {
    Manifest m = open("npm:@types/node").fetch();
    assertTrue(m.channels().containsKey("stable"));
    assertTrue(m.releases().size() > 100);
  }

  /**
   * A published release's binary is verified by SHA-512. (The newest listed one may not be
   * published at all: 3.10.1 was listed without its artifact on 2026-12-02; LiveAppTest checks that
   * the engine passes over such a version.)
   */
  @Test
  void mavenCentral_apacheMavenBinaryIsVerifiedBySha512() throws Exception {
    ReleaseSource central = open("maven:org.apache.maven:apache-maven:bin:tar.gz");
    Manifest m = central.fetch();
    Choice c = ReleaseSelector.select(m, "stable", Optional.of(Version.maven("3.9.9")), LINUX);

    assertTrue(m.releases().stream().anyMatch(r -> r.version().isPreRelease()), "4.0.0-rc-N");
    Asset a = central.verifiable(c.release(), c.asset());
    assertEquals(Digest.Algorithm.SHA512, a.digest().algorithm());
    assertTrue(Files.size(download(a)) > 1_000_000);
    assertEquals(
        "https://central.sonatype.com/artifact/org.apache.maven/apache-maven/3.9.9",
        c.release().notesUrl());
  }

  /** The newest listed release in Maven's order, worked out here from what the registry lists. */
  private static Version newestRelease(Manifest m) {
    return m.releases().stream()
        .map(dev.hoist.engine.internal.registry.Release::version)
        .filter(v -> !v.isPreRelease())
        .max(java.util.Comparator.naturalOrder())
        .orElseThrow();
  }

  /** WildFly's versions are all four-part-ish {@code N.N.N.Final}, with Alpha, Beta and CR. */
  @Test
  void mavenCentral_finalVersionsAreReleases_andTheNewestIsPicked() throws Exception {
    ReleaseSource central = open("maven:org.wildfly:wildfly-dist");
    Manifest m = central.fetch();
    Choice c = ReleaseSelector.select(m, "stable", Optional.empty(), LINUX);

    assertTrue(c.version().toString().endsWith(".Final"), c.version().toString());
    assertEquals(newestRelease(m), c.version());
    assertTrue(c.version().isNewerThan(Version.maven("26.1.3.Final")), c.version().toString());
    assertTrue(m.releases().size() > 50, "every listed version is read: " + m.releases().size());
    assertTrue(m.releases().stream().anyMatch(r -> r.version().isPreRelease()), "Beta, CR");
    Asset a = central.verifiable(c.release(), c.asset());
    assertTrue(a.digest() != null, "a checksum file beside the archive");
  }

  /** Jetty's {@code 9.4.58.v20250814}: four parts, a dated qualifier; {@code 10.0.0.beta1}. */
  @Test
  void mavenCentral_datedFourPartVersions_areOrdered_andABetaIsNotStable() throws Exception {
    ReleaseSource central = open("maven:org.eclipse.jetty:jetty-distribution");
    Manifest m = central.fetch();
    Choice c = ReleaseSelector.select(m, "stable", Optional.empty(), LINUX);

    assertEquals(newestRelease(m), c.version());
    assertTrue(c.version().isNewerThan(Version.maven("9.4.50.v20221201")), c.version().toString());
    Choice any = ReleaseSelector.select(m, "beta", Optional.empty(), LINUX);
    assertTrue(
        !any.version().isPreRelease() || any.version().isNewerThan(c.version()),
        "the newest of all is at least the stable one");
    Asset a = central.verifiable(c.release(), c.asset());
    assertTrue(Files.size(download(a)) > 1_000_000);
  }
}
