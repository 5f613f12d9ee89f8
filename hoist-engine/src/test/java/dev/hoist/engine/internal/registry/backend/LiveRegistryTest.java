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
    // Again, conditionally: the registry answers 304 or the same document.
    assertEquals(m.channels(), npm.fetch().channels());
  }

  @Test
  void npmRegistry_scopedPackageResolves() throws Exception {
    Manifest m = open("npm:@types/node").fetch();
    assertTrue(m.channels().containsKey("stable"));
    assertTrue(m.releases().size() > 100);
  }

  @Test
  void mavenCentral_apacheMavenBinaryIsVerifiedBySha512() throws Exception {
    ReleaseSource central = open("maven:org.apache.maven:apache-maven:bin:tar.gz");
    Manifest m = central.fetch();
    Choice c = ReleaseSelector.select(m, "stable", Optional.empty(), LINUX);

    assertTrue(c.version().compareTo(Version.parse("3.9.0")) >= 0, c.version().toString());
    assertTrue(m.releases().stream().anyMatch(r -> r.version().isPreRelease()), "4.0.0-rc-N");
    Asset a = central.verifiable(c.release(), c.asset());
    assertEquals(Digest.Algorithm.SHA512, a.digest().algorithm());
    assertTrue(Files.size(download(a)) > 1_000_000);
  }
}
