package dev.hoist.engine.internal.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.registry.Asset;
import dev.hoist.engine.internal.registry.Manifest;
import dev.hoist.engine.internal.registry.Release;
import dev.hoist.engine.internal.registry.ReleaseSource;
import dev.hoist.engine.internal.version.Platform;
import dev.hoist.engine.internal.version.Version;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The GitHub Releases backend ({@code github:<owner>/<repo>[?api=<base URL>&asset=<text>]}): the
 * releases API lists versions (tags, with or without a leading {@code v}; drafts left out), the
 * archive for each platform is chosen by {@link PlatformNames}, and it is verified by the API's
 * per-asset {@code digest} or, failing that, by the release's {@code SHA256SUMS}-style asset.
 *
 * <p>Channels: {@code stable} is the highest release neither marked pre-release nor carrying a
 * SemVer pre-release; a pre-release {@code 2.0.0-beta.3} offers channel {@code beta} (its first
 * identifier's letters), which follows the highest of the stable and {@code beta} releases; {@code
 * prerelease} follows the highest of all.
 *
 * <p>A token (when configured) is sent to the API; a 403 or 429 with {@code X-RateLimit-Remaining:
 * 0} reports when the limit resets. The unchanged list costs a 304, which GitHub does not count.
 */
final class GitHubSource implements ReleaseSource {
  private static final String API_VERSION = "2022-11-28";
  static final String DEFAULT_API = "https://api.github.com/";
  private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final Pattern SUMS =
      Pattern.compile("(?i)(.*[._-])?(sha256sums|checksums)(\\.txt)?");

  private final String repo;
  private final URI releases;
  private final Optional<String> assetFilter;
  private final RegistryHttp http;
  private final ObjectMapper json;
  private final Optional<String> token;

  GitHubSource(RegistrySpec spec, RegistryHttp http, ObjectMapper json, Optional<String> token) {
    spec.allowOptions("api", "asset");
    this.repo = spec.coordinates();
    if (!REPO.matcher(repo).matches()) {
      throw new IllegalArgumentException("expected github:<owner>/<repo>, got '" + repo + "'");
    }
    this.releases =
        spec.base("api", DEFAULT_API).resolve("repos/" + repo + "/releases?per_page=100");
    this.assetFilter = Optional.ofNullable(spec.options().get("asset"));
    this.http = http;
    this.json = json;
    this.token = token;
  }

  @Override
  public String kind() {
    return "github";
  }

  @Override
  public String trust() {
    return "checksums from release (API digest or SHA256SUMS asset)";
  }

  @Override
  public Manifest fetch() throws UpdateException {
    JsonNode list = releasesDocument();
    List<Release> out = new ArrayList<>();
    Map<String, Version> channels = new LinkedHashMap<>();
    List<String> unreadable = new ArrayList<>();
    for (JsonNode r : list) {
      if (r.path("draft").asBoolean(false)) continue;
      Optional<Version> v = version(r.path("tag_name").asText(""));
      if (v.isEmpty()) {
        unreadable.add(r.path("tag_name").asText(""));
        continue;
      }
      List<Asset> assets = new ArrayList<>();
      for (JsonNode a : r.path("assets")) {
        String name = a.path("name").asText("");
        if (assetFilter.isPresent() && !name.contains(assetFilter.get())) continue;
        for (String platform : PlatformNames.of(name)) {
          assets.add(asset(a, platform));
        }
      }
      if (assets.isEmpty()) continue;
      boolean pre = r.path("prerelease").asBoolean(false) || v.get().isPreRelease();
      String page = r.path("html_url").asText("");
      out.add(
          new Release(
              v.get(),
              r.path("body").asText(""),
              100,
              assets,
              page.startsWith("https://") ? page : ""));
      offer(channels, pre ? "prerelease" : "stable", v.get());
      if (!pre) offer(channels, "prerelease", v.get());
      if (v.get().isPreRelease()) offer(channels, label(v.get()), v.get());
    }
    // Followers of a pre-release channel also get a newer stable release.
    Version stable = channels.get("stable");
    if (stable != null) channels.replaceAll((c, v) -> stable.isNewerThan(v) ? stable : v);
    return new Manifest(repo, OptionalLong.empty(), Optional.empty(), channels, out, unreadable);
  }

  /** The asset with its API digest, else the one its release's SHA256SUMS lists for it. */
  @Override
  public Asset verifiable(Release release, Asset asset) throws UpdateException {
    for (JsonNode r : releasesDocument()) {
      if (!version(r.path("tag_name").asText("")).equals(Optional.of(release.version()))) continue;
      for (JsonNode a : r.path("assets")) {
        if (!SUMS.matcher(a.path("name").asText("")).matches()) continue;
        Asset file = asset(a, Platform.ANY);
        RegistryHttp.Response sums = http.get(URI.create(file.url()), file.headers(), false);
        if (sums.code() != 200) throw RegistryHttp.failure(sums, "the release's checksums");
        for (String line : sums.text().split("\n")) {
          String[] f = line.strip().split("\\s+\\*?", 2);
          if (f.length == 2 && f[1].equals(asset.fileName()) && f[0].matches("[0-9a-fA-F]{64}")) {
            return asset.withDigest(Digest.sha256(f[0].toLowerCase(Locale.ROOT)));
          }
        }
      }
    }
    throw new UpdateException(
        Reason.CHECKSUM_MISSING,
        "release "
            + release.version()
            + " of "
            + repo
            + " has no digest for "
            + asset.fileName()
            + " (neither from the API nor in a SHA256SUMS asset); refusing to download it");
  }

  private JsonNode releasesDocument() throws UpdateException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/vnd.github+json");
    headers.put("X-GitHub-Api-Version", API_VERSION);
    token.ifPresent(t -> headers.put("Authorization", "Bearer " + t));
    RegistryHttp.Response r = http.get(releases, headers, true);
    if ((r.code() == 403 || r.code() == 429) && rateLimited(r)) throw rateLimit(r);
    if (r.code() == 401) {
      throw new UpdateException(
          Reason.REGISTRY_ERROR,
          "GitHub rejected the token (HTTP 401) for " + repo + "; check HOIST_GITHUB_TOKEN");
    }
    if (r.code() == 404) {
      throw new UpdateException(
          Reason.REGISTRY_ERROR,
          "GitHub answered HTTP 404 (not found) for "
              + repo
              + (token.isPresent() ? "" : "; a private repository needs HOIST_GITHUB_TOKEN"));
    }
    if (r.code() != 200) throw RegistryHttp.failure(r, "GitHub releases of " + repo);
    try {
      JsonNode list = json.readTree(r.body());
      if (list == null || !list.isArray()) throw new IOException("not a JSON array");
      return list;
    } catch (IOException e) {
      throw new UpdateException(
          Reason.MANIFEST_INVALID,
          "malformed GitHub releases list for " + repo + ": " + e.getMessage());
    }
  }

  private static boolean rateLimited(RegistryHttp.Response r) {
    return r.header("X-RateLimit-Remaining").map("0"::equals).orElse(false)
        || r.header("Retry-After").isPresent();
  }

  private UpdateException rateLimit(RegistryHttp.Response r) {
    String when =
        r.header("X-RateLimit-Reset")
            .filter(s -> s.matches("\\d{1,12}"))
            .map(s -> "it resets at " + Instant.ofEpochSecond(Long.parseLong(s)))
            .or(() -> r.header("Retry-After").map(s -> "retry after " + s + " s"))
            .orElse("try again later");
    return new UpdateException(
        Reason.REGISTRY_ERROR,
        "GitHub API rate limit exhausted"
            + r.header("X-RateLimit-Limit")
                .map(l -> " (limit " + l + " requests per hour)")
                .orElse("")
            + " while checking "
            + repo
            + "; "
            + when
            + (token.isPresent()
                ? ""
                : ". Set HOIST_GITHUB_TOKEN or GITHUB_TOKEN for a higher limit"));
  }

  /**
   * A release asset. With a token, it is fetched through the API's asset URL ({@code Accept:
   * application/octet-stream}, the token sent to the API host only), which is how a private
   * repository's assets can be downloaded at all; the public download URL does not take a token.
   */
  private Asset asset(JsonNode a, String platform) {
    String name = a.path("name").asText("");
    String api = a.path("url").asText("");
    if (token.isPresent() && !api.isEmpty()) {
      return new Asset(
          platform,
          api,
          a.path("size").asLong(-1),
          apiDigest(a),
          name,
          Map.of(
              "Accept",
              "application/octet-stream",
              "Authorization",
              "Bearer " + token.get(),
              "X-GitHub-Api-Version",
              API_VERSION));
    }
    return new Asset(
        platform, a.path("browser_download_url").asText(), a.path("size").asLong(-1), apiDigest(a));
  }

  private static Digest apiDigest(JsonNode asset) {
    String d = asset.path("digest").asText("");
    return d.matches("sha256:[0-9a-f]{64}") ? Digest.sha256(d.substring(7)) : null;
  }

  private static void offer(Map<String, Version> channels, String channel, Version v) {
    channels.merge(channel, v, (a, b) -> b.isNewerThan(a) ? b : a);
  }

  /**
   * The channel of a pre-release: the letters its first identifier starts with ({@code rc1} → rc).
   */
  private static String label(Version v) {
    String first = v.preRelease().get(0);
    String letters = first.replaceFirst("[^A-Za-z].*$", "").toLowerCase(Locale.ROOT);
    return letters.isEmpty() ? "prerelease" : letters;
  }

  private static Optional<Version> version(String tag) {
    try {
      return Optional.of(Version.parse(tag.startsWith("v") ? tag.substring(1) : tag));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
