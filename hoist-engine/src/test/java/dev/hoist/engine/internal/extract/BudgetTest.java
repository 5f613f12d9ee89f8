package dev.hoist.engine.internal.extract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import org.junit.jupiter.api.Test;

/** Each limit of an extraction is inclusive: exactly at the limit passes, one more is refused. */
class BudgetTest {
  private static final long MIB = 1L << 20;
  private static final long FLOOR = Budget.RATIO_FLOOR_BYTES;

  @Test
  void totalBytes_exactlyAtTheLimitPass_oneMoreIsRefused() throws Exception {
    Budget b = new Budget(new ArchiveExtractor.Limits(1000, 10, 1_000_000), "a.tar", 10);
    b.chargeBytes(600);
    b.chargeBytes(400);
    LimitExceededException e = assertThrows(LimitExceededException.class, () -> b.chargeBytes(1));
    assertTrue(e.getMessage().contains("'a.tar' expands to more than 1000 bytes"), e.getMessage());
  }

  @Test
  void ratio_isNotCheckedUpToTheFloor_evenFarAboveTheRatio() throws Exception {
    // A 1-byte archive with ratio 1: the ceiling is 1 byte, but up to 16 MiB nothing is refused.
    Budget b = new Budget(new ArchiveExtractor.Limits(Long.MAX_VALUE, 10, 1), "small.zip", 1);
    b.chargeBytes(FLOOR);
    LimitExceededException e = assertThrows(LimitExceededException.class, () -> b.chargeBytes(1));
    assertTrue(e.getMessage().contains("more than 1 times its size"), e.getMessage());
  }

  @Test
  void ratio_aboveTheFloor_exactlyAtTheCeilingPasses_oneMoreIsRefused() throws Exception {
    // 2 MiB of archive at ratio 10: the ceiling, 20 MiB, lies above the 16 MiB floor.
    Budget b = new Budget(new ArchiveExtractor.Limits(Long.MAX_VALUE, 10, 10), "big.tgz", 2 * MIB);
    b.chargeBytes(20 * MIB);
    assertThrows(LimitExceededException.class, () -> b.chargeBytes(1));
  }

  @Test
  void ratio_withAHugeArchive_doesNotOverflowIntoNoLimit() throws Exception {
    // size * ratio overflows a long: the ceiling saturates and the ratio cannot refuse anything.
    Budget huge =
        new Budget(new ArchiveExtractor.Limits(Long.MAX_VALUE, 10, 1L << 40), "x", 1L << 40);
    assertDoesNotThrow(() -> huge.chargeBytes(1L << 50));
    // A modest archive still gets its ratio checked, whatever the ratio's magnitude.
    Budget modest = new Budget(new ArchiveExtractor.Limits(Long.MAX_VALUE, 10, 1L << 20), "y", 32);
    modest.chargeBytes(32 * MIB);
    assertThrows(LimitExceededException.class, () -> modest.chargeBytes(1));
  }

  @Test
  void anEmptyArchiveSize_countsAsOneByte() throws Exception {
    Budget b = new Budget(new ArchiveExtractor.Limits(Long.MAX_VALUE, 10, 20 * MIB), "z", 0);
    b.chargeBytes(20 * MIB);
    assertThrows(LimitExceededException.class, () -> b.chargeBytes(1));
  }

  @Test
  void entries_exactlyAtTheLimitPass_oneMoreIsRefused() throws Exception {
    Budget b = new Budget(new ArchiveExtractor.Limits(1000, 3, 10), "e.zip", 10);
    for (int i = 0; i < 3; i++) b.chargeEntry();
    UpdateException e = assertThrows(UpdateException.class, b::chargeEntry);
    assertEquals(UpdateException.Reason.ARCHIVE_LIMITS, e.reason());
    assertTrue(e.getMessage().contains("more than 3 entries"), e.getMessage());
  }

  @Test
  void limits_mustBePositive_eachOfThem() {
    assertThrows(IllegalArgumentException.class, () -> new ArchiveExtractor.Limits(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new ArchiveExtractor.Limits(1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new ArchiveExtractor.Limits(1, 1, 0));
    assertDoesNotThrow(() -> new ArchiveExtractor.Limits(1, 1, 1));
  }
}
