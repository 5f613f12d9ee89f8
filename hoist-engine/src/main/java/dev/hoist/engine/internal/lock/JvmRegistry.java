package dev.hoist.engine.internal.lock;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This JVM's view of each lock directory, keyed by the directory's file key (so two paths to one
 * directory, e.g. a bind mount, share an entry).
 *
 * <p>Why it exists: an fcntl lock belongs to the process, not to the descriptor, so a second lock
 * attempt from the same JVM would not be refused by the kernel, and closing any other descriptor of
 * the locked file silently drops the lock. So within one JVM, every touch of a lock file (acquire,
 * inspect, release, sweep) happens under {@link Slot#busy}, and while a {@link Slot#holder} exists
 * nobody in this JVM opens the lock file at all: a second {@code tryAcquire} reports {@code Held}
 * with the holder's record, and {@code holder()} answers from memory. Entries are never removed
 * (one small object per lock directory ever used). Thread-safe.
 */
final class JvmRegistry {
  private static final ConcurrentHashMap<Object, Slot> SLOTS = new ConcurrentHashMap<>();

  private JvmRegistry() {}

  static Slot slot(Object directoryKey) {
    return SLOTS.computeIfAbsent(directoryKey, k -> new Slot());
  }

  /** One lock directory as seen by this JVM. */
  static final class Slot {
    /** Held while a thread of this JVM touches the lock file; never across a wait. */
    final ReentrantLock busy = new ReentrantLock();

    /** This JVM's current holder, guarded by {@link #busy}. */
    UpdateLock holder;
  }
}
