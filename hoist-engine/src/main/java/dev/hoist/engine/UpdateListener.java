package dev.hoist.engine;

/**
 * Observes a run as it passes the steps of DESIGN §2: the CLI draws progress from it, the log
 * records it, and crash tests pause at a named phase to kill the process there.
 */
public interface UpdateListener {
  /** The named points of the flow, in order. */
  enum Phase {
    CHECK,
    /** About to try the lock. */
    LOCK,
    /** The lock is held; every later phase up to {@link #RELEASE} runs under it. */
    LOCKED,
    SWEEP,
    /**
     * A delta update: the release's file index and its changed files are being fetched and the new
     * tree built from them and the installed version, in {@link #EXTRACT}; when that fails, the
     * full archive is used from {@link #DOWNLOAD} on.
     */
    DELTA,
    DOWNLOAD,
    VERIFY,
    EXTRACT,
    /** An npm package's dependencies are being installed by npm into the staged copy. */
    DEPENDENCIES,
    SMOKE_TEST,
    PROMOTE,
    ACTIVATE,
    /** The rollback record is written; about to rename {@code current} (a crash test's point). */
    FLIP,
    /** {@code current} was flipped; the new version must now answer through it. */
    HEALTH_CHECK,
    GC,
    /** About to release the lock (still held). */
    RELEASE
  }

  /** Called as the run enters a phase, on the running thread. */
  default void phase(Phase phase, String detail) {}

  /** Download progress, in bytes. */
  default void progress(long done, long total) {}

  UpdateListener NONE = new UpdateListener() {};
}
