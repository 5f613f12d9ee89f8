package dev.hoist.engine;

import dev.hoist.engine.internal.app.App;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.Installer;
import dev.hoist.engine.internal.lock.UpdateLock;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code hoist rollback}: flips {@code current} back to the previous complete version, under the
 * update lock like any other change; a late arrival is skipped as an update would be.
 */
final class Rollback {
  private final HoistHome home;
  private final App app;
  private final Optional<String> running;
  private final Clock clock;

  /**
   * @param running the version of the running process when it lives in this home; empty for an
   *     app's home, which must have a version installed to roll back from
   */
  Rollback(HoistHome home, App app, Optional<String> running, Clock clock) {
    this.home = home;
    this.app = app;
    this.running = running;
    this.clock = clock;
  }

  UpdateResult run() throws UpdateException {
    if (running.isEmpty() && home.currentVersion().isEmpty()) {
      throw new UpdateException(
          Reason.NO_PREVIOUS_VERSION, app.name() + " is not installed in " + home.root() + " yet");
    }
    UpdateLock.Attempt attempt =
        UpdateLock.tryAcquire(
            home.state(), home.currentVersion().orElse("?"), "previous version", clock);
    if (attempt instanceof UpdateLock.Held held) return Updater.locked(app, held);
    try (UpdateLock lock = ((UpdateLock.Acquired) attempt).lock()) {
      String from = home.currentVersion().orElse(running.orElse("none"));
      String to = home.previousVersion().orElseThrow(() -> nothingToRollBackTo(from));
      lock.verifyOwnership();
      new Installer(home, clock).activate(to);
      return UpdateResult.rolledBack(
          from, to, "rolled back " + app.name() + " " + from + " -> " + to);
    } catch (IOException e) {
      throw Updater.ioFailure("cannot roll back", e);
    }
  }

  private UpdateException nothingToRollBackTo(String from) {
    return new UpdateException(
        Reason.NO_PREVIOUS_VERSION,
        home.strategy() == HoistHome.Strategy.IN_PLACE
            ? "an in-place install keeps no previous version to roll back to;"
                + " install the one you want with: hoist update --to VERSION"
            : "there is no previous version to roll back to (installed: " + from + ")");
  }
}
