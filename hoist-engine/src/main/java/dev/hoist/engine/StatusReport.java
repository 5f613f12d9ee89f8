package dev.hoist.engine;

import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.json.JsonTree;
import dev.hoist.engine.internal.lock.UpdateLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code hoist status} reports: the layout, the installed versions, the lock holder and the
 * last registry check. Read without the lock, so it is a snapshot.
 *
 * @param selfManaged false for a copy Hoist does not update (then most fields are null)
 * @param home the Hoist home, or null
 * @param strategy {@code versioned} or {@code in-place}, or null
 * @param running the version of the running process
 * @param current the version {@code current} names, or null
 * @param previous the rollback target, or null
 * @param versions the complete installs, in version order (SemVer, or Maven's for Maven versions)
 * @param lock the live holder of the update lock, or null
 * @param lastCheck the last registry check record ({@code state/last-check.json}: {@code url},
 *     {@code checkedAt}, {@code latest}, ...), or null
 * @param note why the copy is not self-managed and what updates it, or null
 * @param trust how manifests are trusted: {@code signed (N keys)} or {@code checksums only}
 * @param verifiedBy the digest algorithm the active install's archive was verified by ({@code
 *     sha256}, {@code sha512}, {@code sha1}), or null when it was not downloaded (a self install)
 *     or is not known
 */
public record StatusReport(
    boolean selfManaged,
    String home,
    String strategy,
    String running,
    String current,
    String previous,
    List<String> versions,
    Holder lock,
    Map<String, Object> lastCheck,
    String note,
    String trust,
    String verifiedBy) {

  /** The report without {@code verifiedBy}, as it was before that was recorded. */
  public StatusReport(
      boolean selfManaged,
      String home,
      String strategy,
      String running,
      String current,
      String previous,
      List<String> versions,
      Holder lock,
      Map<String, Object> lastCheck,
      String note,
      String trust) {
    this(
        selfManaged,
        home,
        strategy,
        running,
        current,
        previous,
        versions,
        lock,
        lastCheck,
        note,
        trust,
        null);
  }

  /** True when the active install was verified by SHA-1 alone, a digest that is no longer safe. */
  public boolean verifiedBySha1Only() {
    return "sha1".equals(verifiedBy);
  }

  /**
   * The process that holds the update lock.
   *
   * @param pid its process id
   * @param host the host it runs on
   * @param from the version it updates from, or null
   * @param to the version it installs, or null
   * @param since when it took the lock, or null
   */
  public record Holder(long pid, String host, String from, String to, java.time.Instant since) {}

  static StatusReport notSelfManaged(String running, String why, String command, String trust) {
    return new StatusReport(
        false,
        null,
        null,
        running,
        null,
        null,
        List.of(),
        null,
        null,
        why + "; update it with: " + command,
        trust);
  }

  static StatusReport of(HoistHome home, String running, String trust) {
    List<String> versions;
    try {
      versions = new ArrayList<>(home.installedVersions());
    } catch (IOException e) {
      versions = new ArrayList<>();
    }
    versions.sort(StatusReport::byVersion);
    Map<String, Object> last;
    try {
      last =
          JsonTree.readObject(Files.readAllBytes(home.state().resolve("last-check.json")))
              .orElse(null);
    } catch (IOException e) {
      last = null;
    }
    last = QuickCheck.freshen(home.state(), last);
    Optional<Holder> holder =
        UpdateLock.holder(home.state())
            .map(r -> new Holder(r.pid(), r.host(), r.from(), r.to(), r.acquiredAt()));
    return new StatusReport(
        true,
        home.root().toString(),
        home.strategy().id(),
        running,
        home.currentVersion().orElse(null),
        home.previousVersion().orElse(null),
        List.copyOf(versions),
        holder.orElse(null),
        last,
        null,
        trust,
        verifiedBy(home).orElse(null));
  }

  /**
   * Reads the active install's marker. Markers written before the algorithm was recorded kept every
   * digest as {@code sha256}, prefixed with its algorithm ({@code sha1:...}) when it was another.
   */
  private static Optional<String> verifiedBy(HoistHome home) {
    Path marker = home.activeMarker();
    if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
    Map<String, Object> m;
    try {
      m = JsonTree.readObject(Files.readAllBytes(marker)).orElse(Map.of());
    } catch (IOException e) {
      return Optional.empty();
    }
    if (m.get(HoistHome.VERIFIED_BY) instanceof String s && !s.isEmpty()) return Optional.of(s);
    if (m.get("sha256") instanceof String old && !old.isEmpty()) {
      int colon = old.indexOf(':');
      return Optional.of(colon > 0 ? old.substring(0, colon) : "sha256");
    }
    return Optional.empty();
  }

  private static int byVersion(String a, String b) {
    Optional<dev.hoist.engine.internal.version.Version> x =
        dev.hoist.engine.internal.version.Version.readAny(a);
    Optional<dev.hoist.engine.internal.version.Version> y =
        dev.hoist.engine.internal.version.Version.readAny(b);
    return x.isPresent() && y.isPresent() ? x.get().compareTo(y.get()) : a.compareTo(b);
  }

  /** The JSON object of DESIGN §5 ({@code hoist status --json}). */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("selfManaged", selfManaged);
    m.put("home", home);
    m.put("strategy", strategy);
    m.put("running", running);
    m.put("current", current);
    m.put("previous", previous);
    m.put("versions", versions);
    if (lock == null) {
      m.put("lock", null);
    } else {
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("pid", lock.pid());
      l.put("host", lock.host());
      l.put("from", lock.from());
      l.put("to", lock.to());
      l.put("since", lock.since() == null ? null : lock.since().toString());
      m.put("lock", l);
    }
    m.put("lastCheck", lastCheck);
    m.put("paused", false);
    m.put("schedule", null);
    m.put("trust", trust);
    m.put("verifiedBy", verifiedBy);
    if (note != null) m.put("note", note);
    return m;
  }
}
