package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A clean-up that fails after the flip is a warning on an updated result, never a failure. */
class UpdateResultTest {
  @Test
  void warningsAfterTheFlip_keepTheUpdate_andReachTheJsonAndTheMessage() {
    UpdateResult r =
        UpdateResult.updated(
            "1.0.0",
            "1.1.0",
            "updated hoist 1.0.0 -> 1.1.0",
            List.of("old versions were not collected: EIO"));
    assertEquals(UpdateResult.Status.UPDATED, r.status());
    assertEquals(0, r.exitCode(false));
    assertEquals(List.of("old versions were not collected: EIO"), r.toJson().get("warnings"));
    assertEquals(
        "updated hoist 1.0.0 -> 1.1.0; warning: old versions were not collected: EIO", r.message());
    assertEquals(r.warnings(), r.withDuration(5).warnings());

    UpdateResult clean = UpdateResult.updated("1.0.0", "1.1.0", "updated");
    assertFalse(clean.toJson().containsKey("warnings"), "no warnings: no key");
    assertEquals(List.of(), clean.warnings());
  }
}
