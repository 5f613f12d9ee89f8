package dev.hoist.engine.internal.auto;

import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.io.PrivateDirectory;
import dev.hoist.engine.internal.json.JsonTree;
import dev.hoist.engine.internal.version.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the last check knew: a newer release that was available and not installed ({@code
 * state/available.json}), written by checks ({@code update --check}, a check-only unattended run)
 * and cleared by any run that finds the install up to date; and when a person was last told of it
 * ({@code state/notice.json}), so the notice comes at most once a day. Only local files: reading
 * them costs no request and never delays a command.
 */
public final class KnownRelease {
  private final Path state;
  private final Clock clock;

  public KnownRelease(Path state, Clock clock) {
    this.state = state;
    this.clock = clock;
  }

  private Path available() {
    return state.resolve("available.json");
  }

  private Path notice() {
    return state.resolve("notice.json");
  }

  /** Remembers that {@code version} is available. Best effort: a notice is only a courtesy. */
  public void available(String version) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", version);
    m.put("seenAt", clock.instant().toString());
    write(available(), m);
  }

  /** The newer release the last check found, if any ({@code hoist list}'s "latest known"). */
  public Optional<String> known() {
    return field(available(), "version");
  }

  /** Forgets it: the install is up to date, or was just updated. */
  public void clear() {
    try {
      Files.deleteIfExists(available());
    } catch (IOException e) {
      // A stale record is compared with the running version before it is shown.
    }
  }

  /**
   * The release to tell a person about: the one recorded as available, when it is newer than {@code
   * running} and nobody was told in the last {@code every}. Claims the notice (records it as shown
   * now) when it returns one.
   */
  public Optional<String> noticeDue(String running, Duration every) {
    Optional<String> known = field(available(), "version");
    if (known.isEmpty()) return Optional.empty();
    try {
      if (!Version.parse(known.get()).isNewerThan(Version.parse(running))) return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Optional<Instant> shown =
        field(notice(), "shownAt")
            .flatMap(
                t -> {
                  try {
                    return Optional.of(Instant.parse(t));
                  } catch (DateTimeParseException e) {
                    return Optional.empty();
                  }
                });
    Instant now = clock.instant();
    if (shown.isPresent() && shown.get().plus(every).isAfter(now)) return Optional.empty();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", known.get());
    m.put("shownAt", now.toString());
    write(notice(), m);
    return known;
  }

  private static Optional<String> field(Path file, String key) {
    try {
      return JsonTree.readObject(Files.readAllBytes(file))
          .map(o -> o.get(key))
          .filter(String.class::isInstance)
          .map(String.class::cast);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void write(Path file, Map<String, Object> m) {
    try {
      PrivateDirectory.create(state);
      Durable.writeAtomically(file, JsonTree.write(m));
    } catch (IOException e) {
      // Read-only state: no notice, no harm.
    }
  }
}
