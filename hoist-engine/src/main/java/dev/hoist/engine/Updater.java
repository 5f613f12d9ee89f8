package dev.hoist.engine;

import dev.hoist.engine.UpdateListener.Phase;
import dev.hoist.engine.internal.app.App;
import dev.hoist.engine.internal.auto.KnownRelease;
import dev.hoist.engine.internal.download.Downloader;
import dev.hoist.engine.internal.extract.ArchiveExtractor;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.Installer;
import dev.hoist.engine.internal.install.NpmDependencies;
import dev.hoist.engine.internal.install.PathLink;
import dev.hoist.engine.internal.install.SmokeTest;
import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.lock.UpdateLock;
import dev.hoist.engine.internal.registry.Asset;
import dev.hoist.engine.internal.registry.Manifest;
import dev.hoist.engine.internal.registry.ReleaseSelector;
import dev.hoist.engine.internal.registry.ReleaseSelector.Choice;
import dev.hoist.engine.internal.version.Platform;
import dev.hoist.engine.internal.version.Version;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The update flow of DESIGN §2 for one Hoist home, step by step. Every path that does not install
 * (nothing newer, check, dry run, registry trouble) returns before the lock is taken. The home
 * holds Hoist itself or another {@link App}; a home with nothing installed yet (an app's first run)
 * gets its first version the same way.
 *
 * <p>What a failure leaves on disk: nothing outside {@code staging/}, whose directory for the run
 * is deleted on every exit path; {@code current} moves only in the final flip.
 *
 * <p>Why one class: the steps share one state (the lock, the staging directory, the choice) and
 * their order is the safety argument, so it reads top to bottom in one place.
 */
final class Updater {
  private final HoistHome home;
  private final App app;
  private final Optional<String> runningVersion;
  private final Optional<PathLink> link;
  private final HandOff handOff;
  private final ReleaseCheck check;
  private final Downloader downloader;
  private final ArchiveExtractor extractor;
  private final SmokeTest smokeTest;
  private final NpmDependencies npmDependencies;
  private final Platform platform;
  private final Clock clock;
  private final Duration retryFailedAfter;
  private final Duration releaseSpread;
  private final Duration checkInterval;

  /**
   * @param runningVersion the version of the running process when it lives in this home (never
   *     deleted by GC, and the installed version when {@code current} cannot be read); empty when
   *     the engine manages another application's home
   * @param link the command link on PATH to create once a version is active, if any
   * @param handOff offered each install before the lock, to run it in another process
   * @param retryFailedAfter how long unattended runs leave a release that failed here alone
   * @param checkInterval the least time between two unattended checks of the registry
   */
  Updater(
      HoistHome home,
      App app,
      Optional<String> runningVersion,
      Optional<PathLink> link,
      HandOff handOff,
      ReleaseCheck check,
      Downloader downloader,
      ArchiveExtractor extractor,
      SmokeTest smokeTest,
      NpmDependencies npmDependencies,
      Platform platform,
      Clock clock,
      Duration retryFailedAfter,
      Duration checkInterval,
      Duration releaseSpread) {
    this.releaseSpread = releaseSpread;
    this.npmDependencies = npmDependencies;
    this.home = home;
    this.app = app;
    this.runningVersion = runningVersion;
    this.link = link;
    this.handOff = handOff;
    this.check = check;
    this.downloader = downloader;
    this.extractor = extractor;
    this.smokeTest = smokeTest;
    this.platform = platform;
    this.clock = clock;
    this.retryFailedAfter = retryFailedAfter;
    this.checkInterval = checkInterval;
  }

  UpdateResult update(UpdateRequest request, UpdateListener listener) throws UpdateException {
    // 1. Context: the installed version is what `current` names, whatever this process runs.
    Optional<String> current = installed();
    parseInstalled(current, Optional.empty()); // a home naming no version fails before the registry
    UnattendedGates gates = new UnattendedGates(home, app, clock, retryFailedAfter, checkInterval);
    // A pause stops unattended runs before they contact the registry (and without the lock).
    Optional<UpdateResult> paused = gates.paused(request);
    if (paused.isPresent()) return paused.get();
    Optional<UpdateResult> recently = gates.checkedRecently(request);
    if (recently.isPresent()) return recently.get();

    // 2. Check the registry (no lock).
    enter(listener, Phase.CHECK, request.registry().toString());
    Manifest manifest =
        check.fetch(
            request.registry(),
            request.unattended()
                ? Optional.of(new ReleaseSpread(home.state(), releaseSpread, clock))
                : Optional.empty());
    Optional<Version> order = registryOrder(manifest);
    Optional<Version> installedVersion = parseInstalled(current, order);
    // The newest release that can really be installed (a listed one may be unpublished).
    Installable.Resolved resolved =
        new Installable(c -> check.verifiable(request.registry(), c), home.state(), clock)
            .resolve(
                manifest,
                request.channel(),
                pinned(order, request),
                platform,
                v -> wanted(v, installedVersion, request));
    UpdateResult result =
        decide(request, listener, gates, current, installedVersion, resolved.choice())
            .withWarnings(resolved.passedOver());
    remember(request, result);
    // Said whenever a version is being looked at or installed; not on every quiet no-op of a
    // session-start hook, which would repeat it many times a day about a registry nobody can fix.
    boolean quietNoOp =
        request.mode() == UpdateRequest.Mode.INSTALL
            && result.status() != UpdateResult.Status.UPDATED;
    return quietNoOp
        ? result
        : result.withWarnings(manifest.unreadableWarning().map(List::of).orElse(List.of()));
  }

  /**
   * Every version the registry offers, newest first, with the channels that name it and whether it
   * can be installed on this platform ({@code hoist versions}). Takes no lock, changes nothing but
   * the check's cache.
   */
  List<OfferedVersion> versions(URI registry) throws UpdateException {
    parseInstalled(installed(), Optional.empty());
    Manifest manifest = check.fetch(registry);
    Optional<String> current = installed();
    List<OfferedVersion> out = new java.util.ArrayList<>();
    List<dev.hoist.engine.internal.registry.Release> releases =
        new java.util.ArrayList<>(manifest.releases());
    releases.sort((a, b) -> b.version().compareTo(a.version()));
    for (var r : releases) {
      List<String> channels =
          manifest.channels().entrySet().stream()
              .filter(e -> e.getValue().samePrecedence(r.version()))
              .map(java.util.Map.Entry::getKey)
              .sorted()
              .toList();
      boolean installable;
      try {
        ReleaseSelector.asset(r, platform);
        installable = true;
      } catch (UpdateException e) {
        installable = false;
      }
      boolean here = current.filter(c -> c.equals(r.version().toString())).isPresent();
      out.add(
          new OfferedVersion(r.version().toString(), channels, installable, here, r.notesUrl()));
    }
    return out;
  }

  /**
   * What the check learnt, for the notice an interactive command shows ({@link KnownRelease}): a
   * newer release a check or dry run found, or none once the install is up to date. A version named
   * with {@code --to} says nothing about what is newest.
   */
  private void remember(UpdateRequest request, UpdateResult result) {
    if (request.pinned().isPresent()) return;
    KnownRelease known = new KnownRelease(home.state(), clock);
    switch (result.status()) {
      case UPDATE_AVAILABLE -> known.available(result.latest());
      case UP_TO_DATE, UPDATED -> known.clear();
      default -> {}
    }
  }

  /** Steps 3 on, once the release to act on is known. */
  private UpdateResult decide(
      UpdateRequest request,
      UpdateListener listener,
      UnattendedGates gates,
      Optional<String> current,
      Optional<Version> installedVersion,
      Choice choice)
      throws UpdateException {
    String target = choice.version().toString();

    // 3. Nothing to do, or only looking: report without the lock.
    if (!wanted(choice.version(), installedVersion, request)) {
      if (request.mode() == UpdateRequest.Mode.INSTALL && home.mayHaveLeftovers()) {
        sweepIfFree(listener);
      }
      if (request.mode() == UpdateRequest.Mode.INSTALL) repairLink();
      return upToDate(current.orElseThrow());
    }
    // Staged rollout gates unattended runs only; a person, or a version named by --to, goes ahead.
    Optional<UpdateResult> rollingOut = gates.rollout(request, choice, current);
    if (rollingOut.isPresent()) return rollingOut.get();
    Optional<UpdateResult> heldBack = gates.heldBack(request, choice);
    if (heldBack.isPresent()) return heldBack.get();
    // A release whose archive URL is not one cannot be installed: never offer it.
    URI assetUri = assetUri(request, choice);
    ReleaseInfo info =
        new ReleaseInfo(
            target,
            choice.release().notes(),
            choice.release().notesUrl(),
            assetUri.toString(),
            choice.asset().size());
    if (request.mode() == UpdateRequest.Mode.CHECK) {
      return UpdateResult.available(
              current.orElse(null),
              target,
              app.name()
                  + " "
                  + target
                  + " is available (installed: "
                  + current.orElse("nothing")
                  + ")")
          .withRelease(info);
    }
    if (request.mode() == UpdateRequest.Mode.DRY_RUN) {
      return UpdateResult.available(
              current.orElse(null),
              target,
              "would "
                  + current
                      .map(c -> "update " + app.name() + " " + c + " -> ")
                      .orElse("install " + app.name() + " ")
                  + target
                  + " from "
                  + assetUri)
          .withRelease(info);
    }
    // The command link on PATH must be ours to make before anything is downloaded.
    if (link.isPresent()) link.get().checkSlot("set binDir in the app descriptor");
    // Another process may run this install (nothing is held or changed yet).
    Optional<UpdateResult> elsewhere = handOff.install(target, choice.asset().size());
    if (elsewhere.isPresent()) return elsewhere.get();

    // 4. Take the lock, without blocking unless asked to wait.
    enter(listener, Phase.LOCK, target);
    UpdateLock.Attempt attempt =
        request.waitForLock().isPresent()
            ? UpdateLock.acquire(
                home.state(), current.orElse("none"), target, clock, request.waitForLock().get())
            : UpdateLock.tryAcquire(home.state(), current.orElse("none"), target, clock);
    if (attempt instanceof UpdateLock.Held held) {
      return lockedOut(held, request);
    }
    UpdateLock lock = ((UpdateLock.Acquired) attempt).lock();
    try {
      enter(listener, Phase.LOCKED, lock.record().nonce());
      UpdateResult r;
      try {
        r = install(request, choice, lock, listener);
      } catch (UpdateException e) {
        if (e.reason() == Reason.SMOKE_TEST_FAILED || e.reason() == Reason.HEALTH_CHECK) {
          gates.failed(target, e.reason());
        }
        throw e;
      }
      if (r.status() != UpdateResult.Status.UPDATED) return r;
      gates.installed();
      return r.withRelease(info);
    } finally {
      release(lock, listener);
    }
  }

  private UpdateResult install(
      UpdateRequest request, Choice choice, UpdateLock lock, UpdateListener listener)
      throws UpdateException {
    String target = choice.version().toString();
    repairCurrent();
    // 5. Look again: a winner may have installed the target while we waited for the lock.
    Optional<String> from = installed();
    if (!wanted(choice.version(), parseInstalled(from, Optional.of(choice.version())), request)) {
      repairLink();
      return upToDate(from.orElseThrow());
    }
    Installer installer = new Installer(home, clock);
    Path staging;
    try {
      // 6. Sweep what crashed runs left.
      enter(listener, Phase.SWEEP, "");
      installer.createLayout();
      if (runningVersion.isEmpty() && from.isEmpty()) {
        // The first install of an app: its home is marked as the app's from now on.
        home.markApp(app.name());
      }
      installer.sweepOrphans(runningVersion.map(Set::of).orElse(Set.of()));
      lock.sweepOrphans();
      staging = installer.newStagingDir(target);
    } catch (IOException e) {
      throw ioFailure("cannot prepare " + home.staging(), e);
    }
    try {
      Asset asset = check.verifiable(request.registry(), choice);
      URI uri = assetUri(request, choice);
      // 7–9 as a delta: the unchanged files from the installed version, the others fetched alone.
      DeltaUpdate.Outcome delta = DeltaUpdate.Outcome.full(null);
      if (asset.index() != null && from.isPresent()) {
        enter(listener, Phase.DELTA, asset.index().url());
        delta =
            new DeltaUpdate(downloader.forScratchFiles(), extractor.indexedTree())
                .build(
                    request.registry(),
                    asset,
                    home.active(),
                    Version.readAny(from.get()),
                    staging,
                    listener);
      }
      ArchiveExtractor.Extraction extraction;
      long archiveBytes = 0;
      if (delta.extraction().isPresent()) {
        extraction = delta.extraction().get();
      } else {
        // 7–8. Download, verifying size and SHA-256 before anything is extracted.
        enter(listener, Phase.DOWNLOAD, uri.toString());
        Path archive = staging.resolve(asset.fileName());
        downloader.download(
            uri, asset.headers(), archive, asset.size(), asset.digest(), listener::progress);
        archiveBytes = Files.size(archive);
        enter(listener, Phase.VERIFY, asset.sha256());
        // 9. Extract, confined to staging.
        enter(listener, Phase.EXTRACT, asset.fileName());
        Path tree = Files.createDirectory(staging.resolve("tree"));
        extraction = extractor.extract(archive, asset.fileName(), tree);
      }
      Path root = extraction.root();
      if (check.servesNpmPackages(request.registry())) {
        // As npm installs it: bins executable, dependencies installed, before the smoke test.
        npmDependencies.prepare(
            root,
            app.npmCommand(),
            staging.resolve("npm-install.log"),
            () -> enter(listener, Phase.DEPENDENCIES, "npm install"));
      }
      // 10. The old version verifies the new one.
      enter(listener, Phase.SMOKE_TEST, target);
      try {
        smokeTest.check(app, root, target, staging.resolve("smoke-test.out"));
      } catch (UpdateException e) {
        // A release that needed a link it may not have: say so beside the smoke test's words.
        throw extraction.warning().isEmpty()
            ? e
            : new UpdateException(
                e.reason(), e.getMessage() + "; " + extraction.warning().get(), e);
      }
      // 11. Complete and promote into versions/.
      enter(listener, Phase.PROMOTE, target);
      lock.verifyOwnership();
      Path promoted =
          delta.extraction().isPresent()
              ? installer.promote(
                  root,
                  target,
                  delta.indexDigest(),
                  delta.indexUri()
                      + (delta.packUri() == null
                          ? " (a delta update)"
                          : " (a delta update, by the pack " + delta.packUri() + ")"))
              : installer.promote(root, target, asset.digest(), uri.toString());
      // 12. Flip current, then collect garbage.
      listener.phase(Phase.ACTIVATE, target);
      lock.verifyOwnership();
      Optional<String> previousBefore = home.previousVersion();
      installer.activate(target, promoted, () -> listener.phase(Phase.FLIP, target));
      // Health gate: the command on PATH resolves through the active install; it must answer as
      // the new version.
      listener.phase(Phase.HEALTH_CHECK, target);
      try {
        smokeTest.check(app, home.active(), target, staging.resolve("health-check.out"));
      } catch (UpdateException e) {
        throw reverted(installer, from, target, previousBefore, e);
      }
      // From here on the new version is active: what fails now is a warning, never a failure
      // (a failed result promises that current did not change).
      List<String> warnings = new ArrayList<>();
      delta
          .packUnusable()
          .ifPresent(
              why ->
                  warnings.add(
                      "the delta pack could not be used, so the index and the changed files were"
                          + " fetched alone: "
                          + why));
      delta
          .fallback()
          .ifPresent(
              why -> warnings.add("the delta update failed, so the full archive was used: " + why));
      extraction.warning().ifPresent(warnings::add);
      try {
        installer.finishActivation();
      } catch (IOException e) {
        warnings.add("the previous install's backup was not removed: " + e.getMessage());
      }
      if (link.isPresent()) {
        try {
          link.get().createIfAbsent();
        } catch (IOException e) {
          warnings.add("the command link was not created: " + e.getMessage());
        }
      }
      listener.phase(Phase.GC, "");
      try {
        // The running process may still load classes from its own version: never delete it.
        installer.collectGarbage(runningVersion.map(Set::of).orElse(Set.of()));
      } catch (IOException e) {
        warnings.add("old versions were not collected: " + e.getMessage());
      }
      return UpdateResult.updated(
              from.orElse(null),
              target,
              from.map(f -> "updated " + app.name() + " " + f + " -> " + target)
                      .orElse("installed " + app.name() + " " + target)
                  + delta.summary(asset.size()),
              warnings)
          .withTransfer(delta.transfer(archiveBytes));
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
   * A {@code current} whose completion marker was lost is repaired, not replaced: when its launcher
   * answers its own version it is marked complete again (under the lock, before anything else looks
   * at the home). Otherwise it stays as it is; the sweep never deletes it.
   */
  private void repairCurrent() {
    Optional<String> unmarked = new Installer(home, clock).unmarkedCurrent();
    if (unmarked.isEmpty()) return;
    Path dir = home.versionDir(unmarked.get());
    try {
      // In staging/, which the sweep empties, so a crash mid-check leaves nothing for good.
      Path out = Files.createTempFile(Files.createDirectories(home.staging()), "repair-", ".out");
      try {
        smokeTest.check(app, dir, unmarked.get(), out);
      } finally {
        Files.deleteIfExists(out);
      }
      new Installer(home, clock).repairMarker(unmarked.get());
    } catch (UpdateException | IOException e) {
      // Not answering as itself: left as it is, and the update installs over it as usual.
    }
  }

  /**
   * The failed health check's result, once the activation is undone; a revert that cannot complete
   * (a full disk) says exactly what is active instead.
   */
  private UpdateException reverted(
      Installer installer,
      Optional<String> from,
      String target,
      Optional<String> previousBefore,
      UpdateException e) {
    try {
      installer.revertActivation(from, target, previousBefore);
    } catch (IOException revert) {
      return new UpdateException(
          Reason.HEALTH_CHECK,
          app.name()
              + " "
              + target
              + " failed its health check after activation, and reverting failed ("
              + revert.getMessage()
              + "): active now is "
              + home.currentVersion().orElse("no complete version")
              + "; "
              + e.getMessage(),
          e);
    }
    return new UpdateException(
        Reason.HEALTH_CHECK,
        app.name()
            + " "
            + target
            + " failed its health check after activation, so "
            + from.map(f -> f + " is current again: ").orElse("it was removed again: ")
            + e.getMessage(),
        e);
  }

  /**
   * Removes what a killed update left, when no update is running: an up-to-date run would otherwise
   * never clean up, since only a lock holder may. Takes the lock only in this rare case and only
   * without waiting; a live holder means the leftovers may be its work, so nothing is touched.
   */
  private void sweepIfFree(UpdateListener listener) throws UpdateException {
    UpdateLock.Attempt attempt =
        UpdateLock.tryAcquire(home.state(), installed().orElse("none"), "cleanup", clock);
    if (!(attempt instanceof UpdateLock.Acquired acquired)) return;
    UpdateLock lock = acquired.lock();
    try {
      listener.phase(Phase.LOCKED, lock.record().nonce());
      enter(listener, Phase.SWEEP, "");
      repairCurrent();
      new Installer(home, clock).sweepOrphans(runningVersion.map(Set::of).orElse(Set.of()));
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
  static void enter(UpdateListener listener, Phase phase, String detail) throws UpdateException {
    listener.phase(phase, detail);
    if (Thread.currentThread().isInterrupted()) {
      throw new UpdateException(
          Reason.INTERRUPTED,
          "interrupted before "
              + phase.name().toLowerCase(java.util.Locale.ROOT)
              + "; nothing was changed");
    }
  }

  /** Whether the chosen release should replace the installed one (or be the first). */
  private static boolean wanted(
      Version chosen, Optional<Version> installed, UpdateRequest request) {
    if (installed.isEmpty()) return true;
    return request.pinned().isPresent()
        ? !chosen.samePrecedence(installed.get())
        : chosen.isNewerThan(installed.get());
  }

  /** The installed version: what {@code current} names, else the running copy's own version. */
  private Optional<String> installed() {
    return home.currentVersion().or(() -> runningVersion);
  }

  private UpdateResult upToDate(String current) {
    return UpdateResult.upToDate(current, app.name() + " " + current + " is up to date");
  }

  /**
   * Puts back a missing command link of an up-to-date app, as an update would have made it. Only a
   * missing one: anything else at that path is the user's, and a repair that fails changes nothing
   * the result reports.
   */
  private void repairLink() {
    if (link.isEmpty()) return;
    try {
      link.get().createIfAbsent();
    } catch (IOException e) {
      // The app is installed and up to date; the next run tries again.
    }
  }

  /** The chosen archive's URL, resolved against the registry's ({@link ReleaseUrls}). */
  static URI assetUri(UpdateRequest request, Choice choice) throws UpdateException {
    return ReleaseUrls.resolve(
        request.registry(),
        request.registry(),
        choice.asset().url(),
        "the asset url '%s' of " + choice.version());
  }

  private UpdateResult lockedOut(UpdateLock.Held held, UpdateRequest request) {
    Long pid = held.holder().map(r -> r.pid()).orElse(null);
    String who = pid == null ? "" : " (pid=" + pid + ")";
    if (request.waitForLock().isPresent()) {
      return UpdateResult.failed(
          new UpdateException(
              Reason.LOCK_TIMEOUT,
              "another "
                  + app.name()
                  + " update is still running"
                  + who
                  + " after waiting "
                  + request.waitForLock().get().toSeconds()
                  + "s; giving up"));
    }
    return locked(app, held);
  }

  /**
   * The late arrival's result: skipped, with the holder's pid (DESIGN §3): {@code another hoist
   * update is already running (pid=N); skipping}, with the app's name for another app.
   */
  static UpdateResult locked(App app, UpdateLock.Held held) {
    Long pid = held.holder().map(r -> r.pid()).orElse(null);
    return UpdateResult.skipped(
        "locked",
        pid,
        "another "
            + app.name()
            + " update is already running"
            + (pid == null ? "" : " (pid=" + pid + ")")
            + "; skipping");
  }

  /**
   * The installed version, read in the order of {@code sample} (the registry's: Maven's or
   * SemVer's) when there is one, else in whichever order reads it.
   */
  private static Optional<Version> parseInstalled(Optional<String> v, Optional<Version> sample)
      throws UpdateException {
    if (v.isEmpty()) return Optional.empty();
    if (sample.isPresent()) {
      try {
        return Optional.of(Version.like(sample.get(), v.get()));
      } catch (IllegalArgumentException e) {
        // an install made from another kind of registry: read it as it was written below
      }
    }
    Optional<Version> read = Version.readAny(v.get());
    if (read.isEmpty()) {
      throw new UpdateException(
          Reason.INVALID_HOME, "the installed version '" + v.get() + "' is not a version");
    }
    return read;
  }

  /** A version of the registry's, whose order ({@link Version#like}) the others are read in. */
  private static Optional<Version> registryOrder(Manifest manifest) {
    return manifest.releases().stream().findFirst().map(r -> r.version());
  }

  /** The version {@code --to} names, read in the order of the registry's versions. */
  private static Optional<Version> pinned(Optional<Version> order, UpdateRequest request)
      throws UpdateException {
    if (request.pinned().isEmpty()) return Optional.empty();
    String text = request.pinned().get();
    try {
      return Optional.of(order.isPresent() ? Version.like(order.get(), text) : Version.parse(text));
    } catch (IllegalArgumentException e) {
      throw new UpdateException(
          Reason.NO_SUCH_VERSION, "version " + text + " is not in the registry's manifest");
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
