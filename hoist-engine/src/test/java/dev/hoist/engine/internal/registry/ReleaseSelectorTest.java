package dev.hoist.engine.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.version.Platform;
import dev.hoist.engine.internal.version.Version;
import dev.hoist.engine.testing.Releases;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseSelectorTest {
  private static final String SHA = "b".repeat(64);
  private static final Platform LINUX = Platform.of("Linux", "amd64");

  private static Manifest manifest(Releases.ManifestBuilder b) throws UpdateException {
    return new ManifestParser(new ObjectMapper()).parse(b.json().getBytes(StandardCharsets.UTF_8));
  }

  private static Releases.ManifestBuilder three() {
    return Releases.manifest()
        .release("1.0.0", "any", "a-1.0.0.tgz", 1, SHA)
        .release("1.1.0", "any", "a-1.1.0.tgz", 1, SHA)
        .release("1.2.0-beta.1", "any", "a-1.2.0-beta.1.tgz", 1, SHA);
  }

  @Test
  void channel_picksTheVersionItNames() throws Exception {
    Manifest m = manifest(three().channel("stable", "1.0.0").channel("beta", "1.2.0-beta.1"));
    assertEquals(
        "1.0.0", ReleaseSelector.select(m, "stable", Optional.empty(), LINUX).version().toString());
    assertEquals(
        "1.2.0-beta.1",
        ReleaseSelector.select(m, "beta", Optional.empty(), LINUX).version().toString());
  }

  @Test
  void noChannels_stableTakesHighestNonPreRelease() throws Exception {
    Manifest m = manifest(three());
    assertEquals(
        "1.1.0", ReleaseSelector.select(m, "stable", Optional.empty(), LINUX).version().toString());
    assertEquals(
        "1.2.0-beta.1",
        ReleaseSelector.select(m, "beta", Optional.empty(), LINUX).version().toString());
  }

  @Test
  void onlyPreReleases_stableHasNothing_andSaysSo() throws Exception {
    Manifest m =
        manifest(Releases.manifest().release("2.0.0-rc.1", "any", "a-2.0.0-rc.1.tgz", 1, SHA));
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> ReleaseSelector.select(m, "stable", Optional.empty(), LINUX));
    assertEquals(Reason.NO_SUCH_VERSION, e.reason());
    assertEquals("the registry lists no release for channel 'stable'", e.getMessage());
  }

  @Test
  void unknownChannel_failsNamingTheOffered() throws Exception {
    Manifest m = manifest(three().channel("stable", "1.1.0"));
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> ReleaseSelector.select(m, "nightly", Optional.empty(), LINUX));
    assertEquals(Reason.UNKNOWN_CHANNEL, e.reason());
    assertEquals(true, e.getMessage().contains("stable"));
  }

  @Test
  void pinned_selectsExactlyThatVersionEvenIfOlder() throws Exception {
    Manifest m = manifest(three().channel("stable", "1.1.0"));
    assertEquals(
        "1.0.0",
        ReleaseSelector.select(m, "stable", Optional.of(Version.parse("1.0.0")), LINUX)
            .version()
            .toString());
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> ReleaseSelector.select(m, "stable", Optional.of(Version.parse("9.9.9")), LINUX));
    assertEquals(Reason.NO_SUCH_VERSION, e.reason());
  }

  @Test
  void platformAsset_winsOverAny() throws Exception {
    String json =
        """
        {"schema":1,"app":"hoist","releases":[{"version":"1.0.0","assets":[
          {"platform":"any","url":"any.tgz","size":1,"sha256":"%1$s"},
          {"platform":"linux-x64","url":"linux.tgz","size":1,"sha256":"%1$s"},
          {"platform":"macos-arm64","url":"mac.tgz","size":1,"sha256":"%1$s"}]}]}
        """
            .formatted(SHA);
    Manifest m =
        new ManifestParser(new ObjectMapper()).parse(json.getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "linux.tgz", ReleaseSelector.select(m, "stable", Optional.empty(), LINUX).asset().url());
    assertEquals(
        "any.tgz",
        ReleaseSelector.select(m, "stable", Optional.empty(), Platform.of("Windows 10", "amd64"))
            .asset()
            .url());
  }

  @Test
  void noAssetForPlatform_fails() throws Exception {
    Manifest m = manifest(Releases.manifest().release("1.0.0", "macos-arm64", "m.tgz", 1, SHA));
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> ReleaseSelector.select(m, "stable", Optional.empty(), LINUX));
    assertEquals(Reason.NO_ASSET_FOR_PLATFORM, e.reason());
  }
}
