package dev.hoist.engine.internal.extract;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An uncompressed stream that charges every byte read to a {@link Budget}, and remembers its
 * position and where its last non-zero byte ended, so a tar reader can tell a proper end-of-archive
 * marker from a truncated or padded-with-garbage stream. Skips are served by reading, so no byte
 * goes uncounted; mark/reset is not supported for the same reason.
 */
final class CountingInputStream extends FilterInputStream {
  private final Budget budget;
  private final byte[] skipBuffer = new byte[8192];
  private long count;
  private long endOfLastNonZero;
  private long windowStart = -1;
  private long windowLimit;
  private String windowWhat = "";

  CountingInputStream(InputStream in, Budget budget) {
    super(in);
    this.budget = budget;
  }

  /** How many bytes were read so far. */
  long count() {
    return count;
  }

  /** The position just after the last non-zero byte read so far; 0 if all were zero. */
  long endOfLastNonZero() {
    return endOfLastNonZero;
  }

  /**
   * Caps the bytes read from now until {@link #closeWindow()} at {@code limit}: it bounds what a
   * reader buffers in memory (tar long names and PAX headers). Going over throws {@link
   * LimitExceededException} naming {@code what}.
   */
  void openWindow(long limit, String what) {
    windowStart = count;
    windowLimit = limit;
    windowWhat = what;
  }

  void closeWindow() {
    windowStart = -1;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      for (int i = n - 1; i >= 0; i--) {
        if (b[off + i] != 0) {
          endOfLastNonZero = count + i + 1;
          break;
        }
      }
      count += n;
      budget.chargeBytes(n);
      if (windowStart >= 0 && count - windowStart > windowLimit) {
        throw new LimitExceededException(
            windowWhat + " is larger than " + windowLimit + " bytes; refusing it");
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n) {
      int r = read(skipBuffer, 0, (int) Math.min(skipBuffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {
    // Not supported: see markSupported().
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }
}
