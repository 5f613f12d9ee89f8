package dev.hoist.engine;

import dev.hoist.engine.internal.app.App;
import dev.hoist.engine.internal.auto.InstallId;
import dev.hoist.engine.internal.auto.Pause;
import dev.hoist.engine.internal.auto.Rollout;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.io.PrivateDirectory;
import dev.hoist.engine.internal.json.JsonTree;
import dev.hoist.engine.internal.registry.ReleaseSelector.Choice;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What stops an unattended run ({@code --auto}) that a person's run goes through: the pause
 * sentinel, checked before the registry is contacted; the staged rollout of the chosen release; and
 * a release that failed its smoke test or health check here, which unattended runs leave alone for
 * a while ({@code state/failed-release.json}) instead of downloading it again at every session
 * start. The last two do not apply to a version named with {@code --to}; the home's pin ({@code
 * hoist pin}) skips the rollout but is held back like any release. And the check interval: an
 * unattended run that another began less than the interval ago makes no request at all.
 */
final class UnattendedGates {
  private final HoistHome home;
  private final App app;
  private final Clock clock;
  private final Duration retryFailedAfter;
  private final Duration checkInterval;
  private final Runnable claiming;

  UnattendedGates(
      HoistHome home, App app, Clock clock, Duration retryFailedAfter, Duration checkInterval) {
    this(home, app, clock, retryFailedAfter, checkInterval, () -> {});
  }

  /**
   * @param claiming test hook: runs once the previous slot's claim was read and before this slot's
   *     is made, where another run must not slip in
   */
  UnattendedGates(
      HoistHome home,
      App app,
      Clock clock,
      Duration retryFailedAfter,
      Duration checkInterval,
      Runnable claiming) {
    this.home = home;
    this.app = app;
    this.clock = clock;
    this.retryFailedAfter = retryFailedAfter;
    this.checkInterval = checkInterval;
    this.claiming = claiming;
  }

  /**
   * Skipped when another unattended run claimed a check less than the interval ago, so the two
   * session hooks of one shell, or a dozen terminals opened together, ask the registry once. The
   * claim is a file per interval-long slot ({@code state/checks/<slot>}), created with {@code
   * O_EXCL}: of the runs in one slot exactly one creates it; a run in the next slot also skips
   * while the previous claim is younger than the interval. Reading the previous claim and making
   * this one happen under a short lock ({@code state/checks/lock}, an OS lock for processes and a
   * monitor for this JVM's threads): two runs on either side of a slot boundary would otherwise
   * both read no claim and both check. Where the file system has no locks, the claim is made
   * without, as O_EXCL alone allows. A person's run never waits for it.
   */
  Optional<UpdateResult> checkedRecently(UpdateRequest request) {
    // Slots are whole milliseconds: an interval shorter than one (Duration.ofNanos) is as good as
    // none, and would divide by zero below.
    long millis = checkInterval.toMillis();
    if (!request.unattended() || millis == 0) return Optional.empty();
    Instant now = clock.instant();
    long slot = now.toEpochMilli() / millis;
    Path dir = home.state().resolve("checks");
    try {
      Files.createDirectories(PrivateDirectory.create(home.state()).resolve("checks"));
      synchronized (UnattendedGates.class) { // an OS lock keeps out other processes only
        try (FileChannel ch =
            FileChannel.open(
                dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
          lockOrGoOn(ch);
          Optional<UpdateResult> skip = claim(dir, slot, now);
          if (skip.isPresent()) return skip;
        } // closing the channel releases its lock
      }
      forgetOldClaims(dir, slot);
    } catch (IOException e) {
      // No claim can be made (a read-only state dir): check, as without an interval.
    }
    return Optional.empty();
  }

  /**
   * Takes the lock of {@link #checkedRecently}, which its holder keeps for one read and one write;
   * after a second without it (a holder stopped with SIGSTOP must not stop every run), or where the
   * file system has no locks, goes on without it: O_EXCL still gives each slot one claim.
   */
  private static void lockOrGoOn(FileChannel ch) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    try {
      while (ch.tryLock() == null && System.nanoTime() < deadline) Thread.sleep(5);
    } catch (IOException e) {
      // No OS locks here (ENOLCK): as above.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // a signal: the run stops at its next step
    }
  }

  /** Skips on the previous slot's young claim or this slot's; else claims this slot. */
  private Optional<UpdateResult> claim(Path dir, long slot, Instant now) throws IOException {
    Optional<Instant> previous = claimedAt(dir.resolve(Long.toString(slot - 1)));
    if (previous.isPresent() && previous.get().plus(checkInterval).isAfter(now)) {
      return Optional.of(recently(previous.get(), now));
    }
    claiming.run();
    try {
      Files.write(
          dir.resolve(Long.toString(slot)),
          now.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return Optional.of(recently(claimedAt(dir.resolve(Long.toString(slot))).orElse(now), now));
    }
    return Optional.empty();
  }

  private UpdateResult recently(Instant claimed, Instant now) {
    long ago = Math.max(0, Duration.between(claimed, now).toSeconds());
    return UpdateResult.skipped(
        "checked-recently",
        null,
        "another unattended run checked the registry "
            + ago
            + "s ago (unattended runs check at most every "
            + checkInterval.toSeconds()
            + "s); skipping");
  }

  /** When the claim in {@code file} was made: its content, else its modification time. */
  private static Optional<Instant> claimedAt(Path file) {
    try {
      String text = Files.readString(file).strip();
      try {
        return Optional.of(Instant.parse(text));
      } catch (DateTimeParseException e) {
        return Optional.of(Files.getLastModifiedTime(file).toInstant()); // being written
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Claims two slots old and older have nothing left to say. */
  private static void forgetOldClaims(Path dir, long slot) {
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        try {
          if (Long.parseLong(f.getFileName().toString()) < slot - 1) Files.deleteIfExists(f);
        } catch (NumberFormatException | IOException e) {
          // not a claim, or gone already
        }
      }
    } catch (IOException e) {
      // they are tiny; the next run tries again
    }
  }

  private Path failedRecord() {
    return home.state().resolve("failed-release.json");
  }

  /**
   * Skipped when the chosen release failed its smoke test or health check here less than the
   * back-off ago; a newer release, a version named with {@code --to}, or a person's run tries at
   * once. A pinned version is held back too: the pin would otherwise have every session start
   * download the broken release again, for as long as the pin stands.
   */
  Optional<UpdateResult> heldBack(UpdateRequest request, Choice choice) {
    boolean named = request.pinned().isPresent() && !request.homePin();
    if (!request.unattended() || named) return Optional.empty();
    Map<String, Object> r;
    try {
      r = JsonTree.readObject(Files.readAllBytes(failedRecord())).orElse(Map.of());
    } catch (IOException e) {
      return Optional.empty();
    }
    if (!choice.version().toString().equals(r.get("version"))) return Optional.empty();
    Instant failedAt;
    try {
      failedAt = Instant.parse(String.valueOf(r.get("failedAt")));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    Instant again = failedAt.plus(retryFailedAfter);
    if (!clock.instant().isBefore(again)) return Optional.empty();
    return Optional.of(
        UpdateResult.skipped(
            "held-back",
            null,
            app.name()
                + " "
                + choice.version()
                + " failed its "
                + r.get("error")
                + " here at "
                + failedAt
                + "; unattended runs try it again from "
                + again
                + " or when a newer release appears (run '"
                + app.name()
                + " update' to try now)"));
  }

  /** Remembers that {@code version} failed to install here, for {@link #heldBack}. */
  void failed(String version, Reason reason) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("version", version);
    r.put("error", reason.code());
    r.put("failedAt", clock.instant().toString());
    try {
      PrivateDirectory.create(home.state());
      Durable.writeAtomically(failedRecord(), JsonTree.write(r));
    } catch (IOException e) {
      // Unattended runs then try the release again: slower, never wrong.
    }
  }

  /** Forgets a failed release once a version installed. */
  void installed() {
    try {
      Files.deleteIfExists(failedRecord());
    } catch (IOException e) {
      // Only holds the failed version back a while longer.
    }
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
