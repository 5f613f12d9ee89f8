package dev.hoist.picocli.internal;

import dev.hoist.engine.UpdateListener;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGINT and SIGTERM into a clean stop. The JVM runs shutdown hooks on those signals while
 * the main thread keeps running, and exits as soon as the hooks return — so the hook here asks the
 * main thread to stop and then waits for it to finish, keeping the JVM alive until the lock is
 * released and staging removed. The exit status is the JVM's own for the signal: 130 for SIGINT,
 * 143 for SIGTERM.
 *
 * <p>Up to the smoke test the main thread is interrupted at once: downloads, extraction and child
 * processes give way to an interrupt, and the flow checks for it at every phase. From promotion on
 * nothing is interrupted: the swap is a few renames and finishes, so a signal never leaves it half
 * done.
 */
public final class SignalGuard {
  /** Phases a signal may cut short; later ones run to their end. */
  public static final Set<UpdateListener.Phase> CANCELLABLE =
      EnumSet.range(UpdateListener.Phase.CHECK, UpdateListener.Phase.SMOKE_TEST);

  private static final long CLEANUP_SECONDS = 30;

  private final Thread main;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile UpdateListener.Phase phase;
  private volatile boolean signalled;

  private SignalGuard(Thread main) {
    this.main = main;
  }

  /** Registers the hook for {@code main}, the thread that runs commands. */
  public static SignalGuard install(Thread main) {
    SignalGuard g = new SignalGuard(main);
    Runtime.getRuntime().addShutdownHook(new Thread(g::onShutdown, "hoist-signal-guard"));
    return g;
  }

  /** A guard that no signal reaches, for tests that call {@code Main.run}. */
  public static SignalGuard inert() {
    return new SignalGuard(null);
  }

  /**
   * Called by the entry point ({@code dev.hoist.cli.Main} for hoist) once the command has returned
   * and cleaned up.
   */
  public void finished() {
    finished.countDown();
  }

  private void onShutdown() {
    if (finished.getCount() == 0) return; // a normal exit
    signalled = true;
    UpdateListener.Phase p = phase;
    if (p == null || CANCELLABLE.contains(p)) {
      main.interrupt();
    }
    try {
      finished.await(CLEANUP_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Wraps a listener so the guard knows the phase and interrupts on entering a cancellable one. */
  public UpdateListener watch(UpdateListener next) {
    return new UpdateListener() {
      @Override
      public void phase(Phase p, String detail) {
        phase = p;
        if (signalled && CANCELLABLE.contains(p)) {
          Thread.currentThread().interrupt();
        }
        next.phase(p, detail);
      }

      @Override
      public void progress(long done, long total) {
        next.progress(done, total);
      }
    };
  }
}
