package dev.hoist.engine.internal.registry.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.registry.Asset;
import dev.hoist.engine.internal.registry.Manifest;
import dev.hoist.engine.internal.registry.Release;
import dev.hoist.engine.internal.registry.ReleaseSelector;
import dev.hoist.engine.internal.registry.ReleaseSource;
import dev.hoist.engine.internal.version.Platform;
import dev.hoist.engine.internal.version.Version;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The npm registry backend ({@code npm:<package>[?registry=<base URL>]}): versions and dist-tags
 * from the package document, each version's archive from {@code dist.tarball}, verified against
 * {@code dist.integrity} (Subresource Integrity, SHA-512). The {@code latest} dist-tag is the
 * {@code stable} channel; every other dist-tag is a channel of its own name.
 *
 * <p>The abbreviated document ({@code application/vnd.npm.install-v1+json}) is asked for: it holds
 * all of this at a fraction of the size. A version without {@code integrity} falls back to the
 * legacy SHA-1 {@code shasum}, as npm itself does; one with neither is listed without a digest and
 * so is never downloaded. Versions that are not Semantic Versions are left out, and named in the
 * manifest's {@code unreadable}.
 */
final class NpmSource implements ReleaseSource {
  static final String DEFAULT_REGISTRY = "https://registry.npmjs.org/";
  private static final Pattern NAME =
      Pattern.compile("(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*", Pattern.CASE_INSENSITIVE);
  private static final String ACCEPT =
      "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*";

  private final String name;
  private final URI document;
  private final RegistryHttp http;
  private final ObjectMapper json;

  NpmSource(RegistrySpec spec, RegistryHttp http, ObjectMapper json) {
    spec.allowOptions("registry");
    this.name = spec.coordinates();
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not an npm package name");
    }
    // A scoped name keeps its @ and has its slash escaped, as the registry's API expects.
    this.document = spec.base("registry", DEFAULT_REGISTRY).resolve(name.replace("/", "%2F"));
    this.http = http;
    this.json = json;
  }

  @Override
  public String kind() {
    return "npm";
  }

  @Override
  public String trust() {
    return "checksums from registry (dist.integrity, sha512)";
  }

  @Override
  public Manifest fetch() throws UpdateException {
    RegistryHttp.Response r = http.get(document, Map.of("Accept", ACCEPT), true);
    if (r.code() != 200) throw RegistryHttp.failure(r, "npm package " + name);
    return parse(r.body(), r.uri());
  }

  /** Resolves a package document fetched from {@code from}. */
  /** The version's page on npmjs.com, for the public registry; none for another one. */
  private String page(String version) {
    if (!document.toString().startsWith(DEFAULT_REGISTRY)) return "";
    return "https://www.npmjs.com/package/" + name + "/v/" + version;
  }

  Manifest parse(byte[] body, URI from) throws UpdateException {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      throw invalid("not valid JSON");
    }
    if (root == null || !root.isObject()) throw invalid("the top level must be a JSON object");
    JsonNode versions = root.get("versions");
    if (versions == null || !versions.isObject()) throw invalid("'versions' must be an object");
    List<Release> releases = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (var it = versions.properties().iterator(); it.hasNext(); ) {
      var e = it.next();
      Optional<Version> v = semver(e.getKey());
      if (v.isEmpty()) {
        unreadable.add(e.getKey());
        continue;
      }
      JsonNode dist = e.getValue().path("dist");
      String tarball = dist.path("tarball").asText("");
      if (tarball.isBlank()) throw invalid("version " + e.getKey() + " has no dist.tarball");
      String url;
      try {
        url = from.resolve(tarball).toString();
      } catch (IllegalArgumentException ex) {
        throw invalid("version " + e.getKey() + " has a malformed dist.tarball");
      }
      Asset asset = new Asset(Platform.ANY, url, -1, digest(dist));
      releases.add(new Release(v.get(), "", 100, List.of(asset), page(e.getKey())));
    }
    Map<String, Version> channels = new LinkedHashMap<>();
    JsonNode tags = root.path("dist-tags");
    for (var it = tags.properties().iterator(); it.hasNext(); ) {
      var e = it.next();
      String channel = e.getKey().equals("latest") ? ReleaseSelector.DEFAULT_CHANNEL : e.getKey();
      if (channel.equals(ReleaseSelector.DEFAULT_CHANNEL) && !e.getKey().equals("latest")) {
        continue; // a dist-tag literally named "stable" would shadow latest
      }
      Optional<Version> v = semver(e.getValue().asText(""));
      if (v.isPresent() && releases.stream().anyMatch(x -> x.version().samePrecedence(v.get()))) {
        channels.put(channel, v.get());
      }
    }
    return new Manifest(
        root.path("name").asText(name),
        OptionalLong.empty(),
        Optional.empty(),
        channels,
        releases,
        unreadable);
  }

  /** The SRI digest, else the legacy SHA-1 shasum, else null (never downloaded). */
  private static Digest digest(JsonNode dist) {
    Optional<Digest> sri = Digest.fromSri(dist.path("integrity").asText(""));
    if (sri.isPresent()) return sri.get();
    String shasum = dist.path("shasum").asText("");
    return shasum.matches("[0-9a-f]{40}") ? new Digest(Digest.Algorithm.SHA1, shasum) : null;
  }

  private static Optional<Version> semver(String text) {
    try {
      return Optional.of(Version.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private UpdateException invalid(String detail) {
    return new UpdateException(
        Reason.MANIFEST_INVALID, "malformed npm package document for " + name + ": " + detail);
  }
}
