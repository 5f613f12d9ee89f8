package dev.hoist.engine.internal.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a blob's stored bytes are: a whole file (a blob fetched alone), or a range of one (a blob
 * inside a {@link DeltaPack}, read where it lies rather than copied out).
 *
 * @param file the file
 * @param offset where the bytes start in it
 * @param size how many there are
 */
public record StoredBlob(Path file, long offset, long size) {
  /** The whole of {@code file}, {@code size} bytes long. */
  public static StoredBlob whole(Path file, long size) {
    return new StoredBlob(file, 0, size);
  }

  /** The stored bytes: exactly {@link #size} of them, then the end of the stream. */
  public InputStream open() throws IOException {
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    return new InputStream() {
      private long position = offset;
      private final long end = offset + size;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (position >= end) return -1;
        int n =
            channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
        if (n < 0) throw new IOException(file + " ended before its blob did");
        position += n;
        return n;
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }
}
