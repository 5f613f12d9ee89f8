package dev.hoist.update;

import dev.hoist.UpdateException;
import dev.hoist.UpdateException.Reason;
import dev.hoist.auto.InstallId;
import dev.hoist.auto.Pause;
import dev.hoist.auto.Rollout;
import dev.hoist.download.Downloader;
import dev.hoist.extract.ArchiveExtractor;
import dev.hoist.install.Durable;
import dev.hoist.install.HoistHome;
import dev.hoist.install.Installer;
import dev.hoist.install.SmokeTest;
import dev.hoist.lock.UpdateLock;
import dev.hoist.registry.Asset;
import dev.hoist.registry.Manifest;
import dev.hoist.registry.ReleaseSelector;
import dev.hoist.registry.ReleaseSelector.Choice;
import dev.hoist.update.UpdateListener.Phase;
import dev.hoist.version.Platform;
import dev.hoist.version.Version;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * The update flow of DESIGN §2 for one Hoist home, step by step. Every path that does not install
 * (nothing newer, check, dry run, registry trouble) returns before the lock is taken.
 *
 * <p>What a failure leaves on disk: nothing outside {@code staging/}, whose directory for the run
 * is deleted on every exit path; {@code current} moves only in the final flip.
 */
final class Updater {
  private final HoistHome home;
  private final String runningVersion;
  private final ReleaseCheck check;
  private final Downloader downloader;
  private final ArchiveExtractor extractor;
  private final SmokeTest smokeTest;
  private final Platform platform;
  private final Clock clock;

  Updater(
      HoistHome home,
      String runningVersion,
      ReleaseCheck check,
      Downloader downloader,
      ArchiveExtractor extractor,
      SmokeTest smokeTest,
      Platform platform,
      Clock clock) {
    this.home = home;
    this.runningVersion = runningVersion;
    this.check = check;
    this.downloader = downloader;
    this.extractor = extractor;
    this.smokeTest = smokeTest;
    this.platform = platform;
    this.clock = clock;
  }

  UpdateResult update(UpdateRequest request, UpdateListener listener) throws UpdateException {
    // 1. Context: the installed version is what `current` names, whatever this process runs.
    String current = home.currentVersion().orElse(runningVersion);
    Version currentVersion = parseInstalled(current);
    if (request.unattended()) {
      // A pause stops unattended runs before they contact the registry (and without the lock).
      Optional<Pause.State> paused = new Pause(home.state(), clock).active();
      if (paused.isPresent()) {
        return UpdateResult.skipped(
            "paused", null, "unattended updates are " + paused.get().describe() + "; skipping");
      }
    }

    // 2. Check the registry (no lock).
    enter(listener, Phase.CHECK, request.registry().toString());
    Manifest manifest = check.fetch(request.registry());
    Choice choice = ReleaseSelector.select(manifest, request.channel(), request.pinned(), platform);
    String target = choice.version().toString();

    // 3. Nothing to do, or only looking: report without the lock.
    if (!wanted(choice.version(), currentVersion, request)) {
      if (request.mode() == UpdateRequest.Mode.INSTALL && home.mayHaveLeftovers()) {
        sweepIfFree(listener);
      }
      return UpdateResult.upToDate(current, "hoist " + current + " is up to date");
    }
    // Staged rollout gates unattended runs only; a person, or a version named by --to, goes ahead.
    if (request.unattended() && request.pinned().isEmpty() && !admitted(choice)) {
      return UpdateResult.skipped(
          "rollout",
          null,
          "hoist "
              + target
              + " is rolling out to "
              + choice.release().rollout()
              + "% of installs and this one is not among them yet; staying on "
              + current);
    }
    if (request.mode() == UpdateRequest.Mode.CHECK) {
      return UpdateResult.available(
          current, target, "hoist " + target + " is available (installed: " + current + ")");
    }
    if (request.mode() == UpdateRequest.Mode.DRY_RUN) {
      return UpdateResult.available(
          current,
          target,
          "would update hoist " + current + " -> " + target + " from " + assetUri(request, choice));
    }

    // 4. Take the lock, without blocking unless asked to wait.
    enter(listener, Phase.LOCK, target);
    UpdateLock.Attempt attempt =
        request.waitForLock().isPresent()
            ? UpdateLock.acquire(home.state(), current, target, clock, request.waitForLock().get())
            : UpdateLock.tryAcquire(home.state(), current, target, clock);
    if (attempt instanceof UpdateLock.Held held) {
      return lockedOut(held, request);
    }
    UpdateLock lock = ((UpdateLock.Acquired) attempt).lock();
    try {
      enter(listener, Phase.LOCKED, lock.record().nonce());
      return install(request, choice, lock, listener);
    } finally {
      release(lock, listener);
    }
  }

  private UpdateResult install(
      UpdateRequest request, Choice choice, UpdateLock lock, UpdateListener listener)
      throws UpdateException {
    String target = choice.version().toString();
    // 5. Look again: a winner may have installed the target while we waited for the lock.
    String from = home.currentVersion().orElse(runningVersion);
    if (!wanted(choice.version(), parseInstalled(from), request)) {
      return UpdateResult.upToDate(from, "hoist " + from + " is up to date");
    }
    Installer installer = new Installer(home, clock);
    Path staging;
    try {
      // 6. Sweep what crashed runs left.
      enter(listener, Phase.SWEEP, "");
      installer.createLayout();
      installer.sweepOrphans();
      lock.sweepOrphans();
      staging = installer.newStagingDir(target);
    } catch (IOException e) {
      throw ioFailure("cannot prepare " + home.staging(), e);
    }
    try {
      Asset asset = check.verifiable(request.registry(), choice);
      URI uri = assetUri(request, choice);
      // 7–8. Download, verifying size and SHA-256 before anything is extracted.
      enter(listener, Phase.DOWNLOAD, uri.toString());
      Path archive = staging.resolve(asset.fileName());
      downloader.download(uri, archive, asset.size(), asset.digest(), listener::progress);
      enter(listener, Phase.VERIFY, asset.sha256());
      // 9. Extract, confined to staging.
      enter(listener, Phase.EXTRACT, asset.fileName());
      Path tree = Files.createDirectory(staging.resolve("tree"));
      Path root = extractor.extract(archive, asset.fileName(), tree);
      // 10. The old version verifies the new one.
      enter(listener, Phase.SMOKE_TEST, target);
      smokeTest.check(root, target, staging.resolve("smoke-test.out"));
      // 11. Complete and promote into versions/.
      enter(listener, Phase.PROMOTE, target);
      lock.verifyOwnership();
      Path promoted = installer.promote(root, target, asset.sha256(), uri.toString());
      // 12. Flip current, then collect garbage.
      listener.phase(Phase.ACTIVATE, target);
      lock.verifyOwnership();
      Optional<String> previousBefore = home.previousVersion();
      installer.activate(target, promoted);
      // Health gate: the hoist on PATH resolves through the active install; it must answer as
      // the new version.
      listener.phase(Phase.HEALTH_CHECK, target);
      try {
        smokeTest.check(home.active(), target, staging.resolve("health-check.out"));
      } catch (UpdateException e) {
        installer.revertActivation(from, target, previousBefore);
        throw new UpdateException(
            Reason.HEALTH_CHECK,
            "hoist "
                + target
                + " failed its health check after activation, so "
                + from
                + " is current again: "
                + e.getMessage(),
            e);
      }
      installer.finishActivation();
      listener.phase(Phase.GC, "");
      // The running process may still load classes from its own version: never delete it.
      installer.collectGarbage(Set.of(runningVersion));
      return UpdateResult.updated(from, target, "updated hoist " + from + " -> " + target);
    } catch (IOException e) {
      throw ioFailure("cannot install " + target, e);
    } finally {
      boolean interrupted = Thread.interrupted();
      try {
        Durable.deleteTree(staging);
      } catch (IOException e) {
        // Left for the next lock holder's sweep (invariant 4); the result is unaffected.
      }
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  /**
   * Removes what a killed update left, when no update is running: an up-to-date run would otherwise
   * never clean up, since only a lock holder may. Takes the lock only in this rare case and only
   * without waiting; a live holder means the leftovers may be its work, so nothing is touched.
   */
  private void sweepIfFree(UpdateListener listener) throws UpdateException {
    UpdateLock.Attempt attempt =
        UpdateLock.tryAcquire(home.state(), runningVersion, "cleanup", clock);
    if (!(attempt instanceof UpdateLock.Acquired acquired)) return;
    UpdateLock lock = acquired.lock();
    try {
      listener.phase(Phase.LOCKED, lock.record().nonce());
      enter(listener, Phase.SWEEP, "");
      new Installer(home, clock).sweepOrphans();
      lock.sweepOrphans();
    } catch (IOException e) {
      // Leftovers stay for the next lock holder; an up-to-date result is still true.
    } finally {
      release(lock, listener);
    }
  }

  /**
   * Announces the release while still holding (so a trace's intervals lie within the real hold) and
   * releases on every path, with any pending interrupt (a signal) set aside meanwhile: it would
   * otherwise close the lock's channel under the release.
   */
  private static void release(UpdateLock lock, UpdateListener listener) {
    boolean interrupted = Thread.interrupted();
    try {
      listener.phase(Phase.RELEASE, "");
    } finally {
      lock.close();
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  /**
   * Announces a phase, then stops the run if the thread was interrupted (a signal, see the CLI's
   * SignalGuard): every phase up to and including the start of promotion is a safe stopping point,
   * where nothing outside staging has changed.
   */
  private static void enter(UpdateListener listener, Phase phase, String detail)
      throws UpdateException {
    listener.phase(phase, detail);
    if (Thread.currentThread().isInterrupted()) {
      throw new UpdateException(
          Reason.INTERRUPTED,
          "interrupted before "
              + phase.name().toLowerCase(java.util.Locale.ROOT)
              + "; nothing was changed");
    }
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

  /** Whether the chosen release should replace the installed one. */
  private static boolean wanted(Version chosen, Version installed, UpdateRequest request) {
    return request.pinned().isPresent()
        ? !chosen.samePrecedence(installed)
        : chosen.isNewerThan(installed);
  }

  private static URI assetUri(UpdateRequest request, Choice choice) {
    return request.registry().resolve(choice.asset().url());
  }

  private UpdateResult lockedOut(UpdateLock.Held held, UpdateRequest request) {
    Long pid = held.holder().map(r -> r.pid()).orElse(null);
    String who = pid == null ? "" : " (pid=" + pid + ")";
    if (request.waitForLock().isPresent()) {
      return UpdateResult.failed(
          new UpdateException(
              Reason.LOCK_TIMEOUT,
              "another hoist update is still running"
                  + who
                  + " after waiting "
                  + request.waitForLock().get().toSeconds()
                  + "s; giving up"));
    }
    return UpdateResult.skipped(
        "locked", pid, "another hoist update is already running" + who + "; skipping");
  }

  private static Version parseInstalled(String v) throws UpdateException {
    try {
      return Version.parse(v);
    } catch (IllegalArgumentException e) {
      throw new UpdateException(
          Reason.INVALID_HOME, "the installed version '" + v + "' is not a semantic version");
    }
  }

  static UpdateException ioFailure(String what, IOException e) {
    if (Downloader.isDiskFull(e)) {
      return new UpdateException(Reason.DISK_FULL, what + ": no space left on device", e);
    }
    return new UpdateException(
        Reason.INSTALL_FAILED, what + ": " + Optional.ofNullable(e.getMessage()).orElse(""), e);
  }
}
