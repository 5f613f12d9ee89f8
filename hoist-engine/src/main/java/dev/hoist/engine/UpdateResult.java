package dev.hoist.engine;

import dev.hoist.engine.internal.failure.UpdateException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one outcome of an engine call, as printed in text or as the JSON object of DESIGN §5. Fields
 * that do not apply to a status are null and left out of {@link #toJson()}; {@code cause} is the
 * exception behind a failure, shown only with {@code --verbose}.
 *
 * <p>Why one class: it is one value, the contract of DESIGN §5; its length is the record's
 * components repeated by each {@code with...} copy and by the compatible constructors that keep
 * embedders' code compiling as fields are added.
 */
public record UpdateResult(
    Status status,
    String from,
    String to,
    String current,
    String latest,
    String skipReason,
    Long holderPid,
    FailureReason error,
    String message,
    long durationMs,
    Throwable cause,
    List<String> warnings,
    ReleaseInfo release,
    Transfer transfer) {

  /**
   * {@code warnings}: what went wrong after the result was already true (never null); {@code
   * release}: the release an available or completed update is about (notes, size, URL), else null;
   * {@code transfer}: what a completed update downloaded, else null.
   */
  public UpdateResult {
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /**
   * What an update downloaded (in {@code --json} as {@code downloaded}).
   *
   * @param bytes the bytes fetched: the archive's, or for a delta update the file index's and the
   *     changed files'
   * @param delta whether the release was built from the installed version and its changed files
   * @param files how many files the release has (known for a delta update; else -1)
   * @param fetchedFiles how many of them were fetched (for a delta update; else -1)
   */
  public record Transfer(long bytes, boolean delta, int files, int fetchedFiles) {
    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("bytes", bytes);
      m.put("delta", delta);
      if (files >= 0) m.put("files", files);
      if (fetchedFiles >= 0) m.put("fetchedFiles", fetchedFiles);
      return m;
    }
  }

  /** A result without a transfer. */
  public UpdateResult(
      Status status,
      String from,
      String to,
      String current,
      String latest,
      String skipReason,
      Long holderPid,
      FailureReason error,
      String message,
      long durationMs,
      Throwable cause,
      List<String> warnings,
      ReleaseInfo release) {
    this(
        status,
        from,
        to,
        current,
        latest,
        skipReason,
        holderPid,
        error,
        message,
        durationMs,
        cause,
        warnings,
        release,
        null);
  }

  /** A result about no particular release. */
  public UpdateResult(
      Status status,
      String from,
      String to,
      String current,
      String latest,
      String skipReason,
      Long holderPid,
      FailureReason error,
      String message,
      long durationMs,
      Throwable cause,
      List<String> warnings) {
    this(
        status,
        from,
        to,
        current,
        latest,
        skipReason,
        holderPid,
        error,
        message,
        durationMs,
        cause,
        warnings,
        null);
  }

  /** This result, about {@code release}. */
  UpdateResult withRelease(ReleaseInfo release) {
    return new UpdateResult(
        status,
        from,
        to,
        current,
        latest,
        skipReason,
        holderPid,
        error,
        message,
        durationMs,
        cause,
        warnings,
        release,
        transfer);
  }

  /** This result, having downloaded {@code t}. */
  UpdateResult withTransfer(Transfer t) {
    return new UpdateResult(
        status,
        from,
        to,
        current,
        latest,
        skipReason,
        holderPid,
        error,
        message,
        durationMs,
        cause,
        warnings,
        release,
        t);
  }

  /** A result without warnings. */
  public UpdateResult(
      Status status,
      String from,
      String to,
      String current,
      String latest,
      String skipReason,
      Long holderPid,
      FailureReason error,
      String message,
      long durationMs,
      Throwable cause) {
    this(
        status,
        from,
        to,
        current,
        latest,
        skipReason,
        holderPid,
        error,
        message,
        durationMs,
        cause,
        List.of());
  }

  /** The JSON {@code status} values. */
  public enum Status {
    UPDATED("updated"),
    UP_TO_DATE("up-to-date"),
    UPDATE_AVAILABLE("update-available"),
    ROLLED_BACK("rolled-back"),
    SKIPPED("skipped"),
    FAILED("failed");

    private final String code;

    Status(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  static UpdateResult updated(String from, String to, String message) {
    return new UpdateResult(
        Status.UPDATED, from, to, null, null, null, null, null, message, 0, null);
  }

  /**
   * Updated, though some clean-up after the flip failed (an old version not collected, a backup not
   * removed): the new version is active, so this is not a failure; the message carries the warnings
   * for the text output and the log.
   */
  static UpdateResult updated(String from, String to, String message, List<String> warnings) {
    return updated(from, to, message).withWarnings(warnings);
  }

  /**
   * This result with {@code more} warnings, also appended to its message: what the check passed
   * over (a listed release that is not published) is said whatever the outcome.
   */
  UpdateResult withWarnings(List<String> more) {
    if (more.isEmpty()) return this;
    List<String> all = new java.util.ArrayList<>(warnings);
    all.addAll(more);
    String text = message;
    for (String w : more) text += "; warning: " + w;
    return new UpdateResult(
        status,
        from,
        to,
        current,
        latest,
        skipReason,
        holderPid,
        error,
        text,
        durationMs,
        cause,
        all,
        release,
        transfer);
  }

  static UpdateResult rolledBack(String from, String to, String message) {
    return new UpdateResult(
        Status.ROLLED_BACK, from, to, null, null, null, null, null, message, 0, null);
  }

  static UpdateResult upToDate(String current, String message) {
    return new UpdateResult(
        Status.UP_TO_DATE, null, null, current, null, null, null, null, message, 0, null);
  }

  static UpdateResult available(String current, String latest, String message) {
    return new UpdateResult(
        Status.UPDATE_AVAILABLE, null, null, current, latest, null, null, null, message, 0, null);
  }

  static UpdateResult skipped(String reason, Long holderPid, String message) {
    return new UpdateResult(
        Status.SKIPPED, null, null, null, null, reason, holderPid, null, message, 0, null);
  }

  static UpdateResult failed(UpdateException e) {
    return new UpdateResult(
        Status.FAILED,
        null,
        null,
        null,
        null,
        null,
        null,
        FailureReason.of(e.reason()),
        e.getMessage(),
        0,
        e);
  }

  UpdateResult withDuration(long ms) {
    return new UpdateResult(
        status,
        from,
        to,
        current,
        latest,
        skipReason,
        holderPid,
        error,
        message,
        ms,
        cause,
        warnings,
        release,
        transfer);
  }

  /** Why the call failed; empty unless the status is {@link Status#FAILED}. */
  public Optional<FailureReason> failure() {
    return Optional.ofNullable(error);
  }

  /**
   * The exit code of DESIGN §5: 1 for a failure, except that an unattended run shrugs off a
   * transient one (the registry was unreachable; the next run will try again).
   */
  public int exitCode(boolean unattended) {
    if (status != Status.FAILED) return 0;
    return unattended && error != null && error.isTransient() ? 0 : 1;
  }

  /** The JSON object of DESIGN §5, in a stable key order. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status.code());
    switch (status) {
      case UPDATED, ROLLED_BACK -> {
        m.put("from", from);
        m.put("to", to);
        m.put("durationMs", durationMs);
        if (!warnings.isEmpty()) m.put("warnings", warnings);
        if (release != null) m.putAll(release.toJson());
        if (transfer != null) m.put("downloaded", transfer.toJson());
      }
      case UP_TO_DATE -> m.put("current", current);
      case UPDATE_AVAILABLE -> {
        m.put("current", current);
        m.put("latest", latest);
        if (release != null) m.putAll(release.toJson());
      }
      case SKIPPED -> {
        m.put("reason", skipReason);
        if (holderPid != null) m.put("holderPid", holderPid);
        m.put("message", message);
      }
      case FAILED -> {
        m.put("error", error.code());
        m.put("message", message);
      }
    }
    return m;
  }
}
