package dev.hoist.engine.internal.registry;

import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.version.Version;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One downloadable archive of a release.
 *
 * @param platform {@code any} or {@code <os>-<arch>}
 * @param url the archive URL as written in the manifest (may be relative)
 * @param size the exact archive size in bytes, or {@code -1} when the registry does not say (then
 *     the download is bounded by {@link
 *     dev.hoist.engine.internal.download.Downloader#MAX_UNKNOWN_SIZE})
 * @param digest the digest the archive must match; null only while a backend has yet to fetch it
 *     (see {@link ReleaseSource#verifiable}), and a download without one is refused
 * @param name the archive's file name when the URL does not end with it (a GitHub API asset URL),
 *     else null
 * @param headers request headers the download needs, e.g. a private repository's token; sent only
 *     to the URL's own host (never to a redirect's other host) and never printed
 * @param index the archive's per-file index, for a delta update (docs/manifest.md), or null
 */
public record Asset(
    String platform,
    String url,
    long size,
    Digest digest,
    String name,
    Map<String, String> headers,
    Index index) {

  /**
   * Where the archive's {@link dev.hoist.engine.internal.extract.FileIndex} is, and what it must
   * be.
   *
   * @param url absolute, or relative to the manifest's URL
   * @param size its exact size in bytes
   * @param sha256 its lower-case hex SHA-256
   * @param packs packs of the index and the blobs changed since an earlier release, each fetched in
   *     one request by a client that has that release installed
   */
  public record Index(String url, long size, String sha256, List<Pack> packs) {
    public Index {
      packs = List.copyOf(packs);
    }

    /** An index without packs. */
    public Index(String url, long size, String sha256) {
      this(url, size, sha256, List.of());
    }

    /** The pack for a client that has {@code installed}, if the publisher made one. */
    public Optional<Pack> packFrom(Version installed) {
      return packs.stream().filter(p -> p.from().samePrecedence(installed)).findFirst();
    }
  }

  /**
   * One file holding the index and the blobs of the files that changed since {@code from}
   * (docs/manifest.md, "Delta packs"), so that a client with {@code from} installed updates in one
   * request.
   *
   * @param from the release the pack is made for
   * @param url absolute, or relative to the manifest's URL
   * @param size its exact size in bytes
   * @param sha256 its lower-case hex SHA-256
   */
  public record Pack(Version from, String url, long size, String sha256) {}

  public Asset {
    headers = Map.copyOf(headers);
  }

  /** An asset without a file index. */
  public Asset(
      String platform,
      String url,
      long size,
      Digest digest,
      String name,
      Map<String, String> headers) {
    this(platform, url, size, digest, name, headers, null);
  }

  /** An asset fetched from its URL as is, with no extra headers. */
  public Asset(String platform, String url, long size, Digest digest) {
    this(platform, url, size, digest, null, Map.of());
  }

  /** An asset of the manifest format, whose digest is always SHA-256. */
  public Asset(String platform, String url, long size, String sha256) {
    this(platform, url, size, Digest.sha256(sha256));
  }

  /**
   * The hex SHA-256 when the digest is SHA-256 (always so for manifests); otherwise the digest as
   * {@code <algorithm>:<hex>}, so that provenance records still name what was verified.
   */
  public String sha256() {
    if (digest == null) return null;
    return digest.algorithm() == Digest.Algorithm.SHA256 ? digest.hex() : digest.toString();
  }

  /** This asset with {@code d} as its digest. */
  public Asset withDigest(Digest d) {
    return new Asset(platform, url, size, d, name, headers, index);
  }

  /** The archive's file name: {@link #name}, else the last segment of its URL path. */
  public String fileName() {
    if (name != null) return name;
    String path = URI.create(url).getPath();
    if (path == null || path.isEmpty()) {
      path = url;
    }
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** This asset with {@code i} as its file index. */
  public Asset withIndex(Index i) {
    return new Asset(platform, url, size, digest, name, headers, i);
  }

  /** Without the headers' values, which may be credentials. */
  @Override
  public String toString() {
    return "Asset[platform="
        + platform
        + ", url="
        + url
        + ", size="
        + size
        + ", digest="
        + digest
        + (name == null ? "" : ", name=" + name)
        + (headers.isEmpty() ? "" : ", headers=" + headers.keySet())
        + (index == null ? "" : ", index=" + index)
        + "]";
  }
}
