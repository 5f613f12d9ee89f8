package dev.hoist.picocli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundTest {

  @Test
  void computesOnceOnAnotherThread_andEveryGetReturnsThatValue() {
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<Thread> ran = new AtomicReference<>();
    Background<String> b =
        Background.start(
            "test-bg",
            () -> {
              ran.set(Thread.currentThread());
              return "v" + calls.incrementAndGet();
            });
    assertEquals("v1", b.get());
    assertEquals("v1", b.get());
    assertEquals(1, calls.get());
    assertNotEquals(Thread.currentThread(), ran.get());
    assertEquals("test-bg", ran.get().getName());
    assertTrue(ran.get().isDaemon(), "never keeps the JVM alive");
  }

  @Test
  void rethrowsTheWorksOwnUncheckedExceptionAndError() {
    IllegalArgumentException boom = new IllegalArgumentException("bad proxy");
    Background<String> failing =
        Background.start(
            "test-bg",
            () -> {
              throw boom;
            });
    assertSame(boom, assertThrows(IllegalArgumentException.class, failing::get));
    assertSame(boom, assertThrows(IllegalArgumentException.class, failing::get));

    AssertionError error = new AssertionError("broken");
    Background<String> erring =
        Background.start(
            "test-bg",
            () -> {
              throw error;
            });
    assertSame(error, assertThrows(AssertionError.class, erring::get));
  }

  @Test
  void anInterruptedWaiter_computesTheValueItselfAndKeepsTheInterrupt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    Background<Integer> b =
        Background.start(
            "test-bg",
            () -> {
              int n = calls.incrementAndGet();
              if (n == 1) {
                started.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return n;
            });
    started.await();
    Thread.currentThread().interrupt();
    try {
      assertEquals(2, b.get(), "computed on the waiting thread");
      assertTrue(Thread.interrupted(), "the interrupt is kept (and cleared here)");
    } finally {
      release.countDown();
    }
  }
}
