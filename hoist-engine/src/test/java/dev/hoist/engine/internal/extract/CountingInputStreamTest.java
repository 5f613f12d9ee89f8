package dev.hoist.engine.internal.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Every byte read or skipped is counted and charged; the window caps what a reader buffers. */
class CountingInputStreamTest {
  private static CountingInputStream over(byte[] data, long maxBytes) {
    return new CountingInputStream(
        new ByteArrayInputStream(data),
        new Budget(new ArchiveExtractor.Limits(maxBytes, 10, 1), "t.tar", data.length));
  }

  @Test
  void singleByteReads_returnUnsignedBytes_thenMinusOne() throws IOException {
    CountingInputStream in = over(new byte[] {(byte) 0xff, 0, 7}, 100);
    assertEquals(0xff, in.read());
    assertEquals(0, in.read());
    assertEquals(7, in.read());
    assertEquals(-1, in.read());
    assertEquals(3, in.count());
  }

  @Test
  void endOfLastNonZero_isThePositionAfterTheLastNonZeroByte() throws IOException {
    CountingInputStream in = over(new byte[] {0, 5, 0, 0, 9, 0, 0, 0}, 100);
    byte[] buf = new byte[3];
    assertEquals(3, in.read(buf, 0, 3)); // 0 5 0
    assertEquals(2, in.endOfLastNonZero());
    assertEquals(3, in.read(buf, 0, 3)); // 0 9 0
    assertEquals(5, in.endOfLastNonZero());
    assertEquals(2, in.read(buf, 1, 2)); // 0 0, into the middle of the buffer
    assertEquals(5, in.endOfLastNonZero(), "zeros do not move it");
    assertEquals(8, in.count());
  }

  @Test
  void aNonZeroFirstByte_ofAReadAtAnOffset_isSeen() throws IOException {
    CountingInputStream in = over(new byte[] {4, 0, 0}, 100);
    byte[] buf = {1, 1, 1, 1, 1};
    assertEquals(3, in.read(buf, 2, 3));
    assertEquals(1, in.endOfLastNonZero(), "only the bytes read count, not the buffer's others");
    assertArrayEquals(new byte[] {1, 1, 4, 0, 0}, buf);
  }

  @Test
  void allZeros_leaveEndOfLastNonZeroAtZero() throws IOException {
    CountingInputStream in = over(new byte[16], 100);
    in.readAllBytes();
    assertEquals(0, in.endOfLastNonZero());
    assertEquals(16, in.count());
  }

  @Test
  void bytesAreChargedToTheBudget_asTheyAreRead() throws IOException {
    CountingInputStream in = over(new byte[11], 10);
    assertEquals(10, in.read(new byte[10], 0, 10));
    assertThrows(LimitExceededException.class, in::read);
  }

  @Test
  void skip_readsAndCountsEveryByte_andStopsAtTheEnd() throws IOException {
    byte[] data = new byte[20_000];
    data[19_000] = 1;
    CountingInputStream in = over(data, 100_000);
    assertEquals(0, in.skip(0));
    assertEquals(10_000, in.skip(10_000), "more than one buffer's worth");
    assertEquals(10_000, in.count());
    assertEquals(10_000, in.skip(50_000), "no more than what is left");
    assertEquals(20_000, in.count());
    assertEquals(19_001, in.endOfLastNonZero(), "skipped bytes are inspected too");
    assertEquals(0, in.skip(5));
  }

  @Test
  void skippedBytes_areChargedToTheBudget() {
    CountingInputStream in = over(new byte[50], 40);
    assertThrows(LimitExceededException.class, () -> in.skip(50));
  }

  @Test
  void theWindow_allowsExactlyItsLimit_andNamesWhatOverflowed() throws IOException {
    CountingInputStream in = over(new byte[100], 1000);
    in.read(new byte[10], 0, 10);
    in.openWindow(5, "a PAX header");
    assertEquals(5, in.read(new byte[5], 0, 5));
    LimitExceededException e = assertThrows(LimitExceededException.class, in::read);
    assertEquals("a PAX header is larger than 5 bytes; refusing it", e.getMessage());
  }

  @Test
  void aClosedWindow_limitsNothing() throws IOException {
    CountingInputStream in = over(new byte[100], 1000);
    in.openWindow(5, "a long name");
    in.read(new byte[5], 0, 5);
    in.closeWindow();
    assertEquals(50, in.read(new byte[50], 0, 50));
  }

  @Test
  void markAndReset_areNotSupported() {
    CountingInputStream in = over(new byte[4], 100);
    assertFalse(in.markSupported());
    in.mark(10);
    IOException e = assertThrows(IOException.class, in::reset);
    assertTrue(e.getMessage().contains("not supported"));
  }
}
