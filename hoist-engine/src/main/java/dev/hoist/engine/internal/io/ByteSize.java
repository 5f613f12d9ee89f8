package dev.hoist.engine.internal.io;

import java.util.Locale;

/** Byte counts as every message prints them: {@code 940 B}, {@code 125.6 KiB}, {@code 8.4 MiB}. */
public final class ByteSize {
  private ByteSize() {}

  public static String human(long bytes) {
    if (bytes < 1024) return bytes + " B";
    if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
