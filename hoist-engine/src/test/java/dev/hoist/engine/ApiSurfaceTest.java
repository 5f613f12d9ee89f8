package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.testing.ApiSurface;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's public API names only the JDK's types and its own: no OkHttp, Jackson or internal
 * type reaches an app author's code, so the internals can change without breaking a caller.
 */
class ApiSurfaceTest {
  static boolean allowed(String pkg) {
    return pkg.equals("dev.hoist.engine") || pkg.startsWith("java.");
  }

  @Test
  void theApiNamesOnlyTheJdkAndItself() throws IOException {
    List<Class<?>> api = ApiSurface.publicTypes(UpdateEngine.class);
    assertTrue(api.contains(UpdateResult.class), api.toString());
    assertEquals(List.of(), ApiSurface.leaks(api, ApiSurfaceTest::allowed));
  }

  @Test
  void everyInternalFailureHasItsPublicReason_andBackAgain() {
    for (var r : dev.hoist.engine.internal.failure.UpdateException.Reason.values()) {
      FailureReason f = FailureReason.of(r);
      assertEquals(r.code(), f.code());
      assertEquals(r.isTransient(), f.isTransient(), r.name());
      assertEquals(r, f.internal());
    }
    assertEquals(
        dev.hoist.engine.internal.failure.UpdateException.Reason.values().length,
        FailureReason.values().length);
  }

  @Test
  void theCheckSeesALeak() {
    // A public type whose signature names an internal one must be reported.
    assertEquals(
        List.of(
            "ApiSurfaceTest$Leaky.reason: dev.hoist.engine.internal.failure.UpdateException$Reason"),
        ApiSurface.leaks(List.of(Leaky.class), ApiSurfaceTest::allowed));
  }

  /** A deliberately leaky type for the check above. */
  public static final class Leaky {
    public List<? extends Comparable<?>> fine() {
      return List.of();
    }

    public dev.hoist.engine.internal.failure.UpdateException.Reason reason() {
      return null;
    }
  }
}
