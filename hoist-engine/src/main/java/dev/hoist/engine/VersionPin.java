package dev.hoist.engine;

/**
 * Keeps one installed version from garbage collection while it is held: for long-running embedders
 * that keep loading classes from their version's jars ({@link UpdateEngine#pinRunningVersion()}).
 * The pin also ends when the process does.
 */
public interface VersionPin extends AutoCloseable {
  /** The pinned version. */
  String version();

  /** Removes the pin; never fails (a pin left behind is removed once its process is gone). */
  @Override
  void close();
}
