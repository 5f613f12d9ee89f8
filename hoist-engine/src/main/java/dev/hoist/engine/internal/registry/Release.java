package dev.hoist.engine.internal.registry;

import dev.hoist.engine.internal.version.Version;
import java.util.List;

/**
 * One release listed in a manifest.
 *
 * @param version its version
 * @param notes release notes, possibly empty
 * @param rollout the percentage (0–100) of unattended machines that may take it
 * @param assets its archives, one per platform
 * @param notesUrl where to read about the release (a GitHub release page, the package's page on
 *     npmjs.com or Maven Central, a manifest's {@code notesUrl}); empty when there is none
 */
public record Release(
    Version version, String notes, int rollout, List<Asset> assets, String notesUrl) {
  public Release {
    assets = List.copyOf(assets);
    notes = notes == null ? "" : notes;
    notesUrl = notesUrl == null ? "" : notesUrl;
  }

  /** A release with no page to link to. */
  public Release(Version version, String notes, int rollout, List<Asset> assets) {
    this(version, notes, rollout, assets, "");
  }
}
