package dev.hoist.engine.internal.registry.backend;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.download.Transport;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.registry.ReleaseSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Chooses the registry backend a registry setting names, by its scheme: {@code npm:}, {@code
 * maven:} and {@code github:} settings get their backend; anything else ({@code https:}, loopback
 * {@code http:}, {@code file:}) is a manifest URL and stays with the manifest format. The syntax is
 * documented in docs/registries.md.
 *
 * <p>Immutable and thread-safe; the sources it opens are cheap and used for one check.
 */
public final class Backends {
  /** Trust reported for the manifest format without signature keys. */
  public static final String MANIFEST_TRUST = "checksums from manifest (sha256)";

  private final Transport transport;

  /** Null until a backend needs one: see {@link #json()}. */
  private final ObjectMapper json;

  private final Optional<String> githubToken;

  /**
   * Builds its {@code ObjectMapper} only when a backend is opened, so that a manifest registry (the
   * no-op {@code hoist update} among them) never loads databind.
   *
   * @param transport carries every request, so the HTTPS policy applies to the backends too
   * @param githubToken sent to the GitHub API when set ({@code HOIST_GITHUB_TOKEN} or {@code
   *     GITHUB_TOKEN}), for private repositories and a higher rate limit
   */
  public Backends(Transport transport, Optional<String> githubToken) {
    this(transport, null, githubToken);
  }

  /** As {@link #Backends(Transport, Optional)}, with the backends' JSON read by {@code json}. */
  public Backends(Transport transport, ObjectMapper json, Optional<String> githubToken) {
    this.transport = transport;
    this.json = json;
    this.githubToken = githubToken;
  }

  /**
   * The shared mapper, built on first use: tens of milliseconds of class loading. (A method
   * reference or lambda returning it would load {@code ObjectMapper} as soon as it is created.)
   */
  private static final class Lazy {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private ObjectMapper json() {
    return json != null ? json : Lazy.MAPPER;
  }

  /**
   * The backend {@code registry} names, or empty for a manifest URL.
   *
   * @param stateDir where documents are cached for conditional requests ({@code registry-cache/}
   *     beneath it)
   * @throws UpdateException {@code MANIFEST_INVALID} for a malformed backend setting
   */
  public Optional<ReleaseSource> open(URI registry, Path stateDir) throws UpdateException {
    if (!RegistrySpec.names(registry)) return Optional.empty();
    try {
      return Optional.of(create(RegistrySpec.parse(registry), stateDir));
    } catch (IllegalArgumentException e) {
      throw new UpdateException(
          Reason.MANIFEST_INVALID, "invalid registry setting " + registry + ": " + e.getMessage());
    }
  }

  private ReleaseSource create(RegistrySpec spec, Path stateDir) {
    RegistryHttp cached =
        new RegistryHttp(transport, Optional.of(stateDir.resolve("registry-cache")));
    return switch (spec.kind()) {
      case "npm" -> new NpmSource(spec, cached, json());
      case "maven" -> new MavenSource(spec, cached);
      case "github" -> new GitHubSource(spec, cached, json(), githubToken);
      default -> throw new IllegalArgumentException("unknown registry kind " + spec.kind());
    };
  }

  /**
   * Checks a backend setting without contacting anything, for the CLI to report a typo as a usage
   * error. Manifest URLs pass.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static void validate(URI registry) {
    if (!RegistrySpec.names(registry)) return;
    RegistrySpec spec = RegistrySpec.parse(registry);
    new Backends(null, Optional.empty()).create(spec, Path.of("."));
  }

  /** The backend kind of a registry setting: {@code manifest}, {@code npm}, {@code maven}, … */
  public static String kind(URI registry) {
    return RegistrySpec.names(registry) ? RegistrySpec.parse(registry).kind() : "manifest";
  }

  /** What downloads from {@code registry} are trusted by, as {@code hoist status} reports it. */
  public static String trust(URI registry) {
    if (!RegistrySpec.names(registry)) return MANIFEST_TRUST;
    try {
      RegistrySpec spec = RegistrySpec.parse(registry);
      return new Backends(null, Optional.empty()).create(spec, Path.of(".")).trust();
    } catch (IllegalArgumentException e) {
      return "none (invalid registry setting: " + e.getMessage() + ")";
    }
  }
}
