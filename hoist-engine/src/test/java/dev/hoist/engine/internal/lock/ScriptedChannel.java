package dev.hoist.engine.internal.lock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A {@link FileChannel} over a real one that moves at most {@code chunk} bytes per positional read
 * or write (as a channel is allowed to), and whose {@code tryLock} can be made to fail: the
 * behaviours a local file system never shows.
 */
final class ScriptedChannel extends FileChannel {
  /** What {@link #tryLock(long, long, boolean)} does instead of locking. */
  interface LockFailure {
    void fail() throws IOException;
  }

  private final FileChannel real;
  private final int chunk;
  private final LockFailure lockFailure;

  ScriptedChannel(FileChannel real, int chunk, LockFailure lockFailure) {
    this.real = real;
    this.chunk = chunk;
    this.lockFailure = lockFailure;
  }

  private ByteBuffer limited(ByteBuffer b) {
    ByteBuffer slice = b.slice();
    slice.limit(Math.min(chunk, slice.remaining()));
    return slice;
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    ByteBuffer part = limited(dst);
    int n = real.read(part, position);
    if (n > 0) {
      dst.position(dst.position() + n);
    }
    return n;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    ByteBuffer part = limited(src);
    int n = real.write(part, position);
    src.position(src.position() + n);
    return n;
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    if (lockFailure != null) {
      lockFailure.fail();
    }
    return real.tryLock(position, size, shared);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return real.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return real.read(dsts, offset, length);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return real.write(src);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    return real.write(srcs, offset, length);
  }

  @Override
  public long position() throws IOException {
    return real.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    real.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return real.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    real.truncate(size);
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    real.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return real.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    return real.transferFrom(src, position, count);
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return real.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return real.lock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    real.close();
  }
}
