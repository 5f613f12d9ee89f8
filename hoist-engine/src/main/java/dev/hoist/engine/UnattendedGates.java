package dev.hoist.engine;

import dev.hoist.engine.internal.app.App;
import dev.hoist.engine.internal.auto.InstallId;
import dev.hoist.engine.internal.auto.Pause;
import dev.hoist.engine.internal.auto.Rollout;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.registry.ReleaseSelector.Choice;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * What stops an unattended run ({@code --auto}) that a person's run goes through: the pause
 * sentinel, checked before the registry is contacted, and the staged rollout of the chosen release,
 * unless the version was named with {@code --to}.
 */
final class UnattendedGates {
  private final HoistHome home;
  private final App app;
  private final Clock clock;

  UnattendedGates(HoistHome home, App app, Clock clock) {
    this.home = home;
    this.app = app;
    this.clock = clock;
  }

  /** Skipped when unattended updates are paused. */
  Optional<UpdateResult> paused(UpdateRequest request) {
    if (!request.unattended()) return Optional.empty();
    return new Pause(home.state(), clock)
        .active()
        .map(
            p ->
                UpdateResult.skipped(
                    "paused", null, "unattended updates are " + p.describe() + "; skipping"));
  }

  /** Skipped when the chosen release is still rolling out to other installs. */
  Optional<UpdateResult> rollout(UpdateRequest request, Choice choice, Optional<String> current) {
    if (!request.unattended() || request.pinned().isPresent() || admitted(choice)) {
      return Optional.empty();
    }
    return Optional.of(
        UpdateResult.skipped(
            "rollout",
            null,
            app.name()
                + " "
                + choice.version()
                + " is rolling out to "
                + choice.release().rollout()
                + "% of installs and this one is not among them yet; "
                + current.map(c -> "staying on " + c).orElse("nothing installed yet")));
  }

  /**
   * Whether this install's rollout bucket admits the chosen release. An install whose id cannot be
   * read or created waits for the full rollout rather than guessing.
   */
  private boolean admitted(Choice choice) {
    int percent = choice.release().rollout();
    if (percent >= 100) return true;
    try {
      return Rollout.admits(percent, InstallId.of(home.state()), choice.version().toString());
    } catch (IOException e) {
      return false;
    }
  }
}
