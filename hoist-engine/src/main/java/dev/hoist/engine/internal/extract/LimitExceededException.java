package dev.hoist.engine.internal.extract;

import java.io.IOException;

/**
 * Signals from inside a stream that an archive went over one of its {@link
 * ArchiveExtractor.Limits}. It is an {@link IOException} only so that it can pass through the
 * decompressors and archive readers; {@link Failures} turns it back into {@code ARCHIVE_LIMITS}.
 */
final class LimitExceededException extends IOException {
  private static final long serialVersionUID = 1L;

  LimitExceededException(String message) {
    super(message);
  }
}
