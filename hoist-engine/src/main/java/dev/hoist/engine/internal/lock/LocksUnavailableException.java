package dev.hoist.engine.internal.lock;

import java.io.IOException;

/** Signals that the file system holding the lock offers no OS advisory locks (some NFS mounts). */
final class LocksUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  LocksUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True for the errors Linux and the JDK report when a file system cannot lock at all. */
  static boolean meansUnsupported(IOException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("Function not implemented")
        || m.contains("No locks available")
        || m.contains("Operation not supported");
  }
}
