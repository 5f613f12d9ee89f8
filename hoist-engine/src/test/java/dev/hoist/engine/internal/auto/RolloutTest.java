package dev.hoist.engine.internal.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutTest {
  private static final int BUCKET_A = 53;

  @TempDir Path state;

  @Test
  void bucket_isStableAndPinnedToItsDefinition() {
    // echo -n install-a:1.1.0 | sha256sum: a fixed value, so a change of the hash is noticed.
    assertEquals(BUCKET_A, Rollout.bucket("install-a", "1.1.0"));
    assertEquals(Rollout.bucket("install-a", "1.1.0"), Rollout.bucket("install-a", "1.1.0"));
    assertEquals(expected("install-a", "1.1.0"), Rollout.bucket("install-a", "1.1.0"));
  }

  /** The definition, computed independently through BigInteger. */
  private static int expected(String id, String version) {
    try {
      byte[] h =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest((id + ":" + version).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return new java.math.BigInteger(1, java.util.Arrays.copyOf(h, 4))
          .mod(java.math.BigInteger.valueOf(100))
          .intValue();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void buckets_spreadEvenlyOverManyInstalls() {
    int[] counts = new int[100];
    int n = 50_000;
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < n; i++) {
      counts[Rollout.bucket(new UUID(random.nextLong(), random.nextLong()).toString(), "2.0.0")]++;
    }
    for (int b = 0; b < 100; b++) {
      // Expected 500 per bucket; binomial sd ~22, so 380..620 is over 5 sd either way.
      assertTrue(counts[b] > 380 && counts[b] < 620, "bucket " + b + " holds " + counts[b]);
    }
    long at20 = 0;
    for (int b = 0; b < 20; b++) at20 += counts[b];
    assertEquals(0.20, at20 / (double) n, 0.01);
  }

  @Test
  void admits_growsMonotonicallyWithThePercentage() {
    for (int i = 0; i < 200; i++) {
      String id = "id-" + i;
      boolean was = false;
      for (int p = 0; p <= 100; p++) {
        boolean now = Rollout.admits(p, id, "1.2.0");
        assertTrue(now || !was, id + " admitted at some % but not at " + p);
        was = now;
      }
      assertFalse(Rollout.admits(0, id, "1.2.0"));
      assertTrue(Rollout.admits(100, id, "1.2.0"));
      int b = Rollout.bucket(id, "1.2.0");
      assertFalse(Rollout.admits(b, id, "1.2.0"));
      assertTrue(Rollout.admits(b + 1, id, "1.2.0"));
    }
  }

  @Test
  void bucket_differsByVersion() {
    Set<Integer> buckets = new HashSet<>();
    for (int minor = 0; minor < 20; minor++)
      buckets.add(Rollout.bucket("same", "1." + minor + ".0"));
    assertTrue(buckets.size() > 10, "the same install is not always first: " + buckets);
  }

  @Test
  void installId_isCreatedOnceEvenWhenRaced() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add(
          pool.submit(
              () -> {
                start.await();
                return InstallId.of(state);
              }));
    }
    start.countDown();
    Set<String> seen = new HashSet<>();
    for (Future<String> f : ids) seen.add(f.get(30, TimeUnit.SECONDS));
    pool.shutdown();
    assertEquals(1, seen.size(), seen.toString());
    assertEquals(seen.iterator().next(), InstallId.of(state));
    try (var s = java.nio.file.Files.list(state)) {
      assertEquals(List.of("install-id"), s.map(p -> p.getFileName().toString()).toList());
    }
  }
}
