package dev.hoist.engine;

import dev.hoist.engine.internal.failure.UpdateException;

/**
 * Why an engine call failed: the {@code error} code of the JSON result (DESIGN §5), and whether an
 * unattended run may shrug it off because the next run is likely to succeed.
 */
public enum FailureReason {
  REGISTRY_UNREACHABLE,
  REGISTRY_ERROR,
  MANIFEST_INVALID,
  MANIFEST_SCHEMA_UNSUPPORTED,
  MANIFEST_EXPIRED,
  MANIFEST_REPLAYED,
  SIGNATURE_MISSING,
  SIGNATURE_INVALID,
  INSECURE_URL,
  UNKNOWN_CHANNEL,
  NO_SUCH_VERSION,
  NO_ASSET_FOR_PLATFORM,
  DOWNLOAD_FAILED,
  SIZE_MISMATCH,
  CHECKSUM_MISMATCH,
  CHECKSUM_MISSING,
  UNSUPPORTED_ARCHIVE,
  ARCHIVE_CORRUPT,
  UNSAFE_ARCHIVE_ENTRY,
  ARCHIVE_LIMITS,
  DEPENDENCIES_FAILED,
  SMOKE_TEST_FAILED,
  HEALTH_CHECK,
  DISK_FULL,
  INSTALL_FAILED,
  LOCK_FAILED,
  LOCK_TIMEOUT,
  NO_PREVIOUS_VERSION,
  INVALID_HOME,
  INTERRUPTED;

  /** The JSON code, e.g. {@code checksum-mismatch}. */
  public String code() {
    return internal().code();
  }

  /** A failure the next run is likely not to meet: the registry or the network was down. */
  public boolean isTransient() {
    return internal().isTransient();
  }

  static FailureReason of(UpdateException.Reason r) {
    return valueOf(r.name());
  }

  UpdateException.Reason internal() {
    return UpdateException.Reason.valueOf(name());
  }
}
