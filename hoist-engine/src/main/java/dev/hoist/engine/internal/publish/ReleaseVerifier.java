package dev.hoist.engine.internal.publish;

import dev.hoist.engine.internal.download.Downloader;
import dev.hoist.engine.internal.download.Transport;
import dev.hoist.engine.internal.extract.ArchiveExtractor;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.registry.Asset;
import dev.hoist.engine.internal.registry.Manifest;
import dev.hoist.engine.internal.registry.ManifestParser;
import dev.hoist.engine.internal.registry.RegistryClient;
import dev.hoist.engine.internal.registry.Release;
import dev.hoist.engine.internal.trust.ManifestSignature;
import dev.hoist.engine.internal.trust.TrustedKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a published manifest and every archive it lists with the client's own classes: the same
 * transport policy, signature check, parser, expiry rule, verified download and safe extraction. A
 * publisher runs it against the live URL after uploading; what passes here installs on a client
 * (serial replay protection aside, which depends on each client's history).
 */
public final class ReleaseVerifier {
  /**
   * The outcome: one line per check, and whether all passed.
   *
   * @param lines human-readable results, in order
   * @param ok true when nothing failed
   */
  public record Report(List<String> lines, boolean ok) {}

  private final RegistryClient registry;
  private final Downloader downloader;
  private final ArchiveExtractor extractor;
  private final TrustedKeys keys;
  private final Clock clock;

  public ReleaseVerifier(
      Transport transport,
      Downloader downloader,
      ArchiveExtractor extractor,
      TrustedKeys keys,
      Clock clock) {
    this.registry = new RegistryClient(transport);
    this.downloader = downloader;
    this.extractor = extractor;
    this.keys = keys;
    this.clock = clock;
  }

  /** Verifies {@code manifestUri}, downloading and extracting into {@code work} (left behind). */
  public Report verify(URI manifestUri, Path work) throws IOException {
    List<String> lines = new ArrayList<>();
    Manifest manifest;
    try {
      byte[] bytes = registry.fetch(manifestUri, RegistryClient.Validators.NONE).bytes();
      lines.add("manifest: " + manifestUri + " (" + bytes.length + " bytes)");
      if (keys.isEmpty()) {
        lines.add("signature: not checked (pass --key FILE to check it)");
      } else {
        URI sigUri = ManifestSignature.signatureUri(manifestUri);
        byte[] sig =
            registry
                .fetchSmall(sigUri, ManifestSignature.MAX_SIGNATURE_BYTES, Reason.SIGNATURE_INVALID)
                .orElseThrow(
                    () ->
                        new UpdateException(Reason.SIGNATURE_MISSING, sigUri + " does not exist"));
        TrustedKeys.Key signer = ManifestSignature.verify(keys, bytes, sig, sigUri);
        lines.add("signature: OK (key " + signer.fingerprint() + ")");
      }
      manifest = new ManifestParser().parse(bytes);
      if (manifest.expires().isPresent()) {
        if (manifest.expires().get().isBefore(clock.instant())) {
          throw new UpdateException(
              Reason.MANIFEST_EXPIRED, "the manifest expired at " + manifest.expires().get());
        }
        lines.add("expires: " + manifest.expires().get());
      } else {
        lines.add("expires: never (consider --expires-in, against freeze attacks)");
      }
      lines.add(
          "serial: " + (manifest.serial().isPresent() ? manifest.serial().getAsLong() : "none"));
    } catch (UpdateException e) {
      lines.add("FAILED " + e.reason().code() + ": " + e.getMessage());
      return new Report(lines, false);
    }
    boolean ok = true;
    int n = 0;
    for (Release release : manifest.releases()) {
      for (Asset asset : release.assets()) {
        Path dir = Files.createDirectories(work.resolve("asset-" + n++));
        String what = release.version() + " " + asset.platform() + " " + asset.url();
        try {
          Path archive = dir.resolve(asset.fileName());
          downloader.download(
              manifestUri.resolve(asset.url()),
              archive,
              asset.size(),
              asset.sha256(),
              Downloader.Progress.NONE);
          Path tree = Files.createDirectory(dir.resolve("tree"));
          ArchiveExtractor.Extraction extraction =
              extractor.extract(archive, asset.fileName(), tree);
          lines.add(what + ": OK (" + asset.size() + " bytes, sha256 and contents checked)");
          // Clients install it without those links: the publisher should know before they do.
          extraction.warning().ifPresent(w -> lines.add("  warning: " + w));
        } catch (UpdateException e) {
          ok = false;
          lines.add(what + ": FAILED " + e.reason().code() + ": " + e.getMessage());
        }
      }
    }
    return new Report(lines, ok);
  }
}
