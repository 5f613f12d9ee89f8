package dev.hoist.registry;

import java.net.URI;

/**
 * One downloadable archive of a release.
 *
 * @param platform {@code any} or {@code <os>-<arch>}
 * @param url the archive URL as written in the manifest (may be relative)
 * @param size the exact archive size in bytes
 * @param sha256 the lower-case hex SHA-256 of the archive
 */
public record Asset(String platform, String url, long size, String sha256) {

  /** The archive's file name: the last segment of its URL path. */
  public String fileName() {
    String path = URI.create(url).getPath();
    if (path == null || path.isEmpty()) {
      path = url;
    }
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
