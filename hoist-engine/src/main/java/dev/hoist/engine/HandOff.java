package dev.hoist.engine;

import java.util.Optional;

/**
 * A chance to run an install somewhere other than the calling process. The engine offers it once
 * per install, after the registry check chose the release and before it takes the update lock: at
 * that point nothing is held and nothing has changed, so another process can run the whole update
 * itself, with the same lock and guarantees. The {@code hoist} binary uses it to hand a large
 * download over to a JVM whose JIT compiles SHA-256 with the CPU's instructions.
 */
@FunctionalInterface
public interface HandOff {
  /** Never hands anything off: every install runs in the calling process. */
  HandOff NONE = (target, downloadSize) -> Optional.empty();

  /**
   * @param target the version about to be installed
   * @param downloadSize the size of the archive about to be downloaded, {@code -1} when unknown
   * @return the result of the install done elsewhere, which the engine returns as its own; empty to
   *     go on in this process
   */
  Optional<UpdateResult> install(String target, long downloadSize);
}
