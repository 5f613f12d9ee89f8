package dev.hoist.engine.internal.install;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.io.Durable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The command on the user's PATH: a symlink such as {@code ~/.local/bin/hoist ->
 * <home>/current/bin/ hoist}. It leads through {@code current}, so it is made once and never
 * changes on an update. Hoist replaces only its own link, never a file or link someone else put
 * there.
 *
 * @param link where the link lives
 * @param target what it points to
 */
public record PathLink(Path link, Path target) {

  /** True when {@code link} is already this link. */
  public boolean exists() {
    try {
      return Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Refuses a path that something else occupies, before any work is done.
   *
   * @param remedy what the user can do instead, e.g. {@code choose another --bin-dir}
   * @throws UpdateException {@code INVALID_HOME} naming the path
   */
  public void checkSlot(String remedy) throws UpdateException {
    if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS) || exists()) return;
    throw new UpdateException(
        Reason.INVALID_HOME,
        link + " already exists and is not hoist's link to " + target + "; remove it or " + remedy);
  }

  /** Creates the link when nothing is at its path; leaves it, or anyone else's file, alone. */
  public void createIfAbsent() throws IOException {
    if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) create();
  }

  /** Creates or replaces the link by one rename of a fresh one, so it is never missing. */
  public void create() throws IOException {
    Files.createDirectories(link.getParent());
    Path tmp = link.resolveSibling(".hoist-" + UUID.randomUUID());
    Files.createSymbolicLink(tmp, target);
    try {
      Durable.rename(tmp, link);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
