package dev.hoist.engine.internal.failure;

import java.util.List;
import java.util.Locale;

/**
 * The one domain failure of the update engine. Its {@link Reason} decides the JSON {@code error}
 * field and whether an unattended run treats the failure as transient; the message is the one line
 * a user sees.
 */
public final class UpdateException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why an update failed. {@link #code()} is the JSON {@code error} value. */
  public enum Reason {
    REGISTRY_UNREACHABLE(true),
    REGISTRY_ERROR(true),
    MANIFEST_INVALID(false),
    MANIFEST_SCHEMA_UNSUPPORTED(false),
    MANIFEST_EXPIRED(false),
    MANIFEST_REPLAYED(false),
    SIGNATURE_MISSING(false),
    SIGNATURE_INVALID(false),
    INSECURE_URL(false),
    UNKNOWN_CHANNEL(false),
    NO_SUCH_VERSION(false),
    NO_ASSET_FOR_PLATFORM(false),
    DOWNLOAD_FAILED(true),
    SIZE_MISMATCH(false),
    CHECKSUM_MISMATCH(false),
    CHECKSUM_MISSING(false),
    UNSUPPORTED_ARCHIVE(false),
    ARCHIVE_CORRUPT(false),
    UNSAFE_ARCHIVE_ENTRY(false),
    ARCHIVE_LIMITS(false),
    DEPENDENCIES_FAILED(false),
    SMOKE_TEST_FAILED(false),
    HEALTH_CHECK(false),
    DISK_FULL(false),
    INSTALL_FAILED(false),
    LOCK_FAILED(false),
    LOCK_TIMEOUT(false),
    NO_PREVIOUS_VERSION(false),
    INVALID_HOME(false),
    INTERRUPTED(false);

    private final boolean transientFailure;

    Reason(boolean transientFailure) {
      this.transientFailure = transientFailure;
    }

    /** The kebab-case code used in JSON output, e.g. {@code checksum-mismatch}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** True for failures an unattended run may shrug off (exit 0) and retry next time. */
    public boolean isTransient() {
      return transientFailure;
    }
  }

  private final Reason reason;

  public UpdateException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public UpdateException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  private static final int MAX_PRINTED_CHARS = 200;

  /**
   * Items for a message, the first three named and the rest counted: {@code a, b, c and 4 more}.
   * The caller quotes or escapes each as its message needs.
   */
  public static String firstFew(List<String> items) {
    int shown = Math.min(items.size(), FEW);
    String list = String.join(", ", items.subList(0, shown));
    return items.size() > shown ? list + " and " + (items.size() - shown) + " more" : list;
  }

  private static final int FEW = 3;

  /**
   * Text from outside (an archive's entry names, a launcher's output) made safe to print on one
   * line of a terminal or log: control characters escaped as {@code \\xNN}, cut at 200 characters
   * with {@code ...}.
   */
  public static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      if (out.length() >= MAX_PRINTED_CHARS) {
        return out.append("...").toString();
      }
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
