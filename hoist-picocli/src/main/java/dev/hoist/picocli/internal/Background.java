package dev.hoist.picocli.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * A value computed on a daemon thread that starts at once, so that its cost overlaps other start-up
 * work; {@link #get()} waits for it. {@code hoist update} builds its HTTP client this way: loading
 * the TLS trust store and OkHttp takes as long as reading the settings with Jackson, and the two
 * need not wait for each other.
 *
 * <p>{@link #get()} behaves like calling the work directly: it returns its value or throws its
 * unchecked exception or error. If the waiting thread is interrupted, it computes the value itself
 * (keeping the interrupt) rather than fail in a way the direct call never would.
 */
public final class Background<T> implements Supplier<T> {
  private final Supplier<T> work;
  private final FutureTask<T> task;

  private Background(Supplier<T> work) {
    this.work = work;
    this.task = new FutureTask<>(work::get);
  }

  /** Starts {@code work} on a new daemon thread named {@code name}. */
  public static <T> Background<T> start(String name, Supplier<T> work) {
    Background<T> b = new Background<>(work);
    Thread t = new Thread(b.task, name);
    t.setDaemon(true);
    t.start();
    return b;
  }

  @Override
  public T get() {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return work.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException(cause);
    }
  }
}
