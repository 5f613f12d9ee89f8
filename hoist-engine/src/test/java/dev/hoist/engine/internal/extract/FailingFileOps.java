package dev.hoist.engine.internal.extract;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Creates files normally but fails every write with the given message, like a full disk. */
final class FailingFileOps implements FileOps {
  private final String message;

  FailingFileOps(String message) {
    this.message = message;
  }

  @Override
  public OutputStream newFile(Path file) throws IOException {
    OutputStream real = FileOps.DEFAULT.newFile(file);
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException(message);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException(message);
      }

      @Override
      public void close() throws IOException {
        real.close();
      }
    };
  }
}
