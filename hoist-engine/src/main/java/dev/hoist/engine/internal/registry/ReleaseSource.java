package dev.hoist.engine.internal.registry;

import dev.hoist.engine.internal.failure.UpdateException;

/**
 * A registry backend: fetches what one registry publishes and resolves it to the same model the
 * manifest format parses into, so that selection, download, verification and install do not care
 * where a release came from (DESIGN §4). Asset URLs it returns are absolute.
 *
 * <p>Implementations send every request through {@link
 * dev.hoist.engine.internal.download.Transport}, so the HTTPS policy holds for them and for the
 * redirects their registries answer with.
 */
public interface ReleaseSource {

  /**
   * Fetches the registry's current releases.
   *
   * @throws UpdateException {@code REGISTRY_UNREACHABLE}, {@code REGISTRY_ERROR} (including not
   *     found and rate-limited), {@code MANIFEST_INVALID} for a document this client cannot read
   */
  Manifest fetch() throws UpdateException;

  /**
   * Returns {@code asset}, which has no digest yet, with the digest it must be verified against. A
   * registry that keeps checksums beside the artifact (Maven, GitHub's SHA256SUMS) fetches them
   * here, only for the chosen release; an asset that already has a digest is never passed here.
   *
   * @throws UpdateException {@code CHECKSUM_MISSING} when the registry offers no usable checksum:
   *     such an archive is never downloaded
   */
  default Asset verifiable(Release release, Asset asset) throws UpdateException {
    return asset;
  }

  /** The backend's name as the registry setting spells it: {@code npm}, {@code maven}, … */
  String kind();

  /** What a download from this backend is trusted by, as {@code hoist status} reports it. */
  String trust();
}
