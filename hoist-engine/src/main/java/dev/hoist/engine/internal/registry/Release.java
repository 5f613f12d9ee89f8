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
 */
public record Release(Version version, String notes, int rollout, List<Asset> assets) {
  public Release {
    assets = List.copyOf(assets);
  }
}
