package dev.hoist.picocli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.testing.ApiSurface;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an app author sees of {@code hoist-picocli}: its public types name only the JDK, picocli,
 * the engine's API and themselves; nothing of {@code dev.hoist.picocli.internal}, the engine's
 * internals, OkHttp or Jackson.
 */
class ApiSurfaceTest {
  @Test
  void theCommandsApiNamesOnlyTheJdkPicocliAndTheEnginesApi() throws IOException {
    List<Class<?>> api = ApiSurface.publicTypes(UpdateCommand.class);
    assertTrue(
        api.contains(DetachedUpdate.class) || api.contains(UpdateCommand.class), api.toString());
    assertEquals(
        List.of(),
        ApiSurface.leaks(
            api,
            pkg ->
                pkg.startsWith("java.")
                    || pkg.equals("picocli")
                    || pkg.equals("dev.hoist.engine")
                    || pkg.equals("dev.hoist.picocli")));
  }
}
