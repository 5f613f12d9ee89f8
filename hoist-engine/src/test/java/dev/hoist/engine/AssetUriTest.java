package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.registry.Asset;
import dev.hoist.engine.internal.registry.Release;
import dev.hoist.engine.internal.registry.ReleaseSelector.Choice;
import dev.hoist.engine.internal.version.Version;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which manifests may name a local file as an archive: a local or loopback one only. */
class AssetUriTest {
  private static Choice choice(String url) {
    Asset a = new Asset("any", url, 1, "c".repeat(64));
    return new Choice(new Release(Version.parse("1.1.0"), null, 100, List.of(a)), a);
  }

  private static URI resolve(String registry, String url) throws UpdateException {
    return Updater.assetUri(UpdateRequest.to(URI.create(registry)), choice(url));
  }

  @Test
  void aNetworkManifest_mayNotNameALocalFile() {
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> resolve("https://releases.example.com/manifest.json", "file:///dev/zero"));
    assertEquals(Reason.INSECURE_URL, e.reason());
    assertThrows(UpdateException.class, () -> resolve("npm:some-tool", "file:///tmp/fifo.tar.gz"));
  }

  @Test
  void aLocalOrLoopbackManifest_may_andRelativeUrlsResolveAgainstIt() throws Exception {
    assertEquals(
        URI.create("file:/srv/a.tar.gz"), resolve("file:/srv/manifest.json", "file:/srv/a.tar.gz"));
    assertEquals(
        URI.create("file:/srv/a.tar.gz"),
        resolve("http://127.0.0.1:8080/m.json", "file:/srv/a.tar.gz"));
    assertEquals(
        URI.create("https://releases.example.com/v/a.tar.gz"),
        resolve("https://releases.example.com/v/manifest.json", "a.tar.gz"));
  }
}
