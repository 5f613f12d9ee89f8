package dev.hoist.engine.internal.install;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.io.PrivateDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The version a user pinned a home to ({@code hoist pin}, {@code state/pinned}): every update of
 * the home, by hand or unattended, targets exactly it, as {@code --to} would, until {@code hoist
 * unpin}. Not to be confused with {@link Pins}, which keep a running process's version from garbage
 * collection.
 */
public final class PinnedVersion {
  private final Path file;

  public PinnedVersion(HoistHome home) {
    this.file = home.state().resolve("pinned");
  }

  /**
   * The pinned version, if any; an unreadable file counts as none. The file is the user's to edit,
   * and its text is shown in messages and tables, so control characters come back escaped ({@link
   * UpdateException#printable}): what is no version stays no version, and reaches no terminal.
   */
  public Optional<String> get() {
    try {
      String v = Files.readString(file, StandardCharsets.UTF_8).strip();
      return v.isEmpty() ? Optional.empty() : Optional.of(UpdateException.printable(v));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public void set(String version) throws IOException {
    PrivateDirectory.create(file.getParent());
    Durable.writeAtomically(file, (version + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @return true if a pin was removed
   */
  public boolean clear() throws IOException {
    return Files.deleteIfExists(file);
  }
}
