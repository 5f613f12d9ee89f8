package dev.hoist.engine.internal.auto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.io.PrivateDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The pause sentinel {@code state/paused} (DESIGN §1): while it exists and has not expired,
 * unattended runs skip with reason {@code paused}; a manual {@code hoist update} goes ahead.
 *
 * <p>The file holds {@code {"since": ..., "until": ...}} ({@code until} absent: until resumed). It
 * is replaced atomically; a file that does not parse (say, made with {@code touch}) still pauses,
 * with no expiry, because its existence is the signal. An expired sentinel is ignored, not deleted:
 * readers never write.
 */
public final class Pause {
  /**
   * Built on first use, not when this class initialises: an {@code ObjectMapper} costs tens of
   * milliseconds at start-up, and commands such as {@code --version} never read or write JSON.
   */
  private static final class Lazy {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  private final Path file;
  private final Clock clock;

  public Pause(Path stateDir, Clock clock) {
    this.file = stateDir.resolve("paused");
    this.clock = clock;
  }

  /** An active pause. */
  public record State(Optional<Instant> since, Optional<Instant> until) {
    /** One line for messages: {@code paused until 2026-12-01T10:00:00Z} or {@code paused}. */
    public String describe() {
      return until.map(u -> "paused until " + u).orElse("paused until 'hoist resume'");
    }
  }

  /** The pause in force now, if any. */
  public Optional<State> active() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(new State(Optional.empty(), Optional.empty()));
    }
    State s = parse(bytes);
    if (s.until().isPresent() && !clock.instant().isBefore(s.until().get())) {
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /**
   * Pauses unattended runs, for {@code duration} or until {@link #resume()}; replaces any earlier
   * pause.
   *
   * @throws IOException if the state directory cannot be written
   */
  public State pause(Optional<Duration> duration) throws IOException {
    Instant now = clock.instant();
    State s = new State(Optional.of(now), duration.map(now::plus));
    ObjectNode n = Lazy.JSON.createObjectNode();
    n.put("since", now.toString());
    s.until().ifPresent(u -> n.put("until", u.toString()));
    PrivateDirectory.create(file.getParent());
    Durable.writeAtomically(file, Lazy.JSON.writeValueAsBytes(n));
    return s;
  }

  /**
   * Ends the pause.
   *
   * @return true if a sentinel was removed
   * @throws IOException if it exists and cannot be removed
   */
  public boolean resume() throws IOException {
    return Files.deleteIfExists(file);
  }

  private static State parse(byte[] bytes) {
    try {
      JsonNode n = Lazy.JSON.readTree(bytes);
      if (n == null || !n.isObject()) return new State(Optional.empty(), Optional.empty());
      return new State(instant(n, "since"), instant(n, "until"));
    } catch (IOException e) {
      return new State(Optional.empty(), Optional.empty());
    }
  }

  private static Optional<Instant> instant(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) return Optional.empty();
    try {
      return Optional.of(Instant.parse(v.asText()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
