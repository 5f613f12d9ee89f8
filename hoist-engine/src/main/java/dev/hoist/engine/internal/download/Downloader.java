package dev.hoist.engine.internal.download;

import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one archive into a file, hashing as it streams, and refuses it unless its size and
 * SHA-256 match the manifest (DESIGN §2 steps 7–8). Nothing is extracted here: the caller extracts
 * only after {@link #download} returned.
 *
 * <p>Transient failures (connection errors, HTTP 5xx, 408, 429) are retried with exponential
 * backoff; when the server honours {@code Range}, a retry resumes where the last attempt stopped.
 * The body is never allowed to exceed the declared size. On failure the partial file is left in the
 * staging directory, which the caller removes.
 *
 * <p>Why one class: retries, resume and the size and digest checks act on one stream and one
 * partial file; split apart, each would have to re-learn what the others already counted.
 */
public final class Downloader {
  /**
   * The bound on a download whose size the registry does not state (npm, Maven): the digest still
   * decides, this only stops a server that never ends its body.
   */
  public static final long MAX_UNKNOWN_SIZE = 1024L * 1024 * 1024;

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  /** Sleeps between attempts; a test passes one that records instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** Progress callbacks; called on the downloading thread. */
  @FunctionalInterface
  public interface Progress {
    void bytes(long done, long total);

    Progress NONE = (d, t) -> {};
  }

  /**
   * @param attempts total attempts including the first, at least 1
   * @param firstDelay the pause before the second attempt; doubled for each later one
   */
  public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {
    public static final RetryPolicy DEFAULT =
        new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  /**
   * How long a download may take, so that a server that drips bytes or headers cannot hold the
   * update (and its lock) for as long as it likes: over every {@code window}, at least {@code
   * minBytesPerSecond} on average (curl's {@code --speed-limit} and {@code --speed-time}); and in
   * all, retries and pauses included, at most {@code base} plus the declared size at {@code
   * floorBytesPerSecond}. Either failing is a transient {@code download-failed}.
   */
  public record Deadlines(
      long minBytesPerSecond, Duration window, Duration base, long floorBytesPerSecond) {
    /** 1 KiB/s over 30 s; 2 minutes plus the size at 16 KiB/s (10 MB: ~12 minutes). */
    public static final Deadlines DEFAULT =
        new Deadlines(1024, Duration.ofSeconds(30), Duration.ofMinutes(2), 16 * 1024);

    /** The size assumed for an archive whose size the registry does not state. */
    static final long ASSUMED_UNKNOWN_SIZE = 256L * 1024 * 1024;

    public Deadlines {
      if (minBytesPerSecond < 0
          || floorBytesPerSecond <= 0
          || window.isNegative()
          || window.isZero()
          || base.isNegative()) {
        throw new IllegalArgumentException(
            "download limits must be positive: "
                + minBytesPerSecond
                + " B/s over "
                + window
                + ", "
                + base
                + " + size at "
                + floorBytesPerSecond
                + " B/s");
      }
    }

    /**
     * The time a download of {@code size} bytes (or of unknown size, when not positive) may take.
     */
    Duration overall(long size) {
      long bytes = size > 0 ? size : ASSUMED_UNKNOWN_SIZE;
      return base.plusMillis(Math.multiplyExact(bytes, 1000L) / floorBytesPerSecond);
    }
  }

  private final Transport transport;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final Deadlines deadlines;
  private final boolean sync;

  public Downloader(Transport transport, RetryPolicy retry, Sleeper sleeper) {
    this(transport, retry, sleeper, Deadlines.DEFAULT);
  }

  public Downloader(Transport transport, RetryPolicy retry, Sleeper sleeper, Deadlines deadlines) {
    this(transport, retry, sleeper, deadlines, true);
  }

  private Downloader(
      Transport transport, RetryPolicy retry, Sleeper sleeper, Deadlines deadlines, boolean sync) {
    this.transport = transport;
    this.retry = retry;
    this.sleeper = sleeper;
    this.deadlines = deadlines;
    this.sync = sync;
  }

  /**
   * This downloader for scratch files, which it does not flush to disk: files read once and thrown
   * away (a delta update's blobs, whose bytes reach the install only through the tree that is
   * flushed before promotion), where a crash loses nothing but staging.
   */
  public Downloader forScratchFiles() {
    return new Downloader(transport, retry, sleeper, deadlines, false);
  }

  /**
   * Downloads {@code uri} to {@code target} (created or truncated) and verifies it.
   *
   * @throws UpdateException {@code SIZE_MISMATCH}, {@code CHECKSUM_MISMATCH}, {@code
   *     DOWNLOAD_FAILED} (retries exhausted or a non-retryable HTTP status), {@code DISK_FULL},
   *     {@code INSECURE_URL}, {@code INTERRUPTED}
   */
  public void download(URI uri, Path target, long size, String sha256, Progress progress)
      throws UpdateException {
    download(uri, target, size, Digest.sha256(sha256), progress);
  }

  /**
   * Downloads {@code uri} to {@code target} (created or truncated) and verifies it against {@code
   * digest}, whatever its algorithm.
   *
   * @param size the exact size, or {@code -1} when unknown (then at most {@link #MAX_UNKNOWN_SIZE})
   * @param digest the expected digest; null is refused with {@code CHECKSUM_MISSING} before
   *     anything is requested
   * @throws UpdateException as {@link #download(URI, Path, long, String, Progress)}, and {@code
   *     CHECKSUM_MISSING}
   */
  public void download(URI uri, Path target, long size, Digest digest, Progress progress)
      throws UpdateException {
    download(uri, Map.of(), target, size, digest, progress);
  }

  /**
   * As {@link #download(URI, Path, long, Digest, Progress)}, sending {@code headers} with every
   * request (to {@code uri}'s host only: a redirect to another host never gets an {@code
   * Authorization}).
   */
  public void download(
      URI uri,
      Map<String, String> headers,
      Path target,
      long size,
      Digest digest,
      Progress progress)
      throws UpdateException {
    if (digest == null) {
      throw new UpdateException(
          Reason.CHECKSUM_MISSING, "no checksum is known for " + uri + "; refusing to download it");
    }
    boolean known = size > 0;
    long bound = known ? size : MAX_UNKNOWN_SIZE;
    Partial partial = new Partial(digest.algorithm().newDigest());
    Duration allowed = deadlines.overall(size);
    long deadline = System.nanoTime() + allowed.toNanos();
    Retryable last = null;
    for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
      if (last != null) {
        pause(attempt, last);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new UpdateException(
            Reason.DOWNLOAD_FAILED,
            "download of "
                + uri
                + " did not finish within "
                + allowed.toSeconds()
                + " s (after "
                + partial.have
                + " bytes"
                + (last == null ? "" : "; " + last.getMessage())
                + ")",
            last);
      }
      try {
        fetch(
            uri,
            headers,
            target,
            partial,
            bound,
            known ? progress : (d, t) -> progress.bytes(d, -1),
            Duration.ofNanos(left));
        last = null;
        break;
      } catch (Retryable e) {
        last = e;
      } catch (IOException e) {
        if (isDiskFull(e)) {
          throw new UpdateException(
              Reason.DISK_FULL, "no space left on device while writing " + target, e);
        }
        throw new UpdateException(
            Reason.INSTALL_FAILED, "cannot write " + target + ": " + e.getMessage(), e);
      }
    }
    if (last != null) {
      throw new UpdateException(
          Reason.DOWNLOAD_FAILED,
          "download of "
              + uri
              + " failed after "
              + retry.attempts()
              + " attempts: "
              + last.getMessage(),
          last);
    }
    if (known && partial.have != size) {
      throw new UpdateException(
          Reason.SIZE_MISMATCH,
          "downloaded " + partial.have + " bytes from " + uri + " but the manifest says " + size);
    }
    String actual = HexFormat.of().formatHex(partial.digest.digest());
    if (!actual.equals(digest.hex())) {
      throw new UpdateException(
          Reason.CHECKSUM_MISMATCH,
          "checksum mismatch for "
              + uri
              + ": expected "
              + digest.algorithm().id()
              + " "
              + digest.hex()
              + ", got "
              + actual);
    }
  }

  /** What has been written and hashed so far, across attempts. */
  private static final class Partial {
    final MessageDigest digest;
    long have;

    Partial(MessageDigest digest) {
      this.digest = digest;
    }

    void restart() {
      have = 0;
      digest.reset();
    }
  }

  /** A failure worth another attempt. */
  private static final class Retryable extends Exception {
    private static final long serialVersionUID = 1L;

    /** The server's Retry-After, or null. */
    final transient Duration retryAfter;

    Retryable(String message, Throwable cause, Duration retryAfter) {
      super(message, cause);
      this.retryAfter = retryAfter;
    }
  }

  private void pause(int attempt, Retryable last) throws UpdateException {
    Duration d = retry.firstDelay().multipliedBy(1L << Math.min(attempt - 2, 20));
    if (last.retryAfter != null && last.retryAfter.compareTo(d) > 0) d = last.retryAfter;
    if (d.compareTo(retry.maxDelay()) > 0) d = retry.maxDelay();
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpdateException(Reason.INTERRUPTED, "interrupted while waiting to retry", e);
    }
  }

  /** One attempt, continuing {@code partial} when the server resumes at its end. */
  private void fetch(
      URI uri,
      Map<String, String> extra,
      Path target,
      Partial partial,
      long size,
      Progress progress,
      Duration left)
      throws Retryable, IOException, UpdateException {
    Map<String, String> headers = new java.util.LinkedHashMap<>(extra);
    if (partial.have > 0) headers.put("Range", "bytes=" + partial.have + "-");
    // The bytes the manifest's digest was taken over, as curl fetches them: asked for with no
    // content coding, and never decoded (the HTTP client would otherwise ask for gzip and
    // decode a .tar.gz a host serves with Content-Encoding: gzip into other bytes).
    headers.putIfAbsent("Accept-Encoding", "identity");
    long started = System.nanoTime();
    Transport.Reply reply;
    try {
      reply = transport.get(uri, headers, partial.have, left);
    } catch (IOException e) {
      throw new Retryable("cannot reach " + uri.getHost() + ": " + e.getMessage(), e, null);
    }
    try (reply) {
      int code = reply.code();
      if (code == 206 && partial.have > 0 && resumesAt(reply, partial.have)) {
        // continue after what we have
      } else if (code == 200) {
        partial.restart();
      } else if (code == 408 || code == 429 || code >= 500) {
        throw new Retryable("server answered HTTP " + code, null, retryAfter(reply));
      } else {
        throw new UpdateException(
            Reason.DOWNLOAD_FAILED, "server answered HTTP " + code + " for " + uri);
      }
      if (reply.contentLength() >= 0 && partial.have + reply.contentLength() > size) {
        throw new UpdateException(
            Reason.SIZE_MISMATCH,
            "server offers "
                + (partial.have + reply.contentLength())
                + " bytes for "
                + uri
                + " but the manifest says "
                + size);
      }
      copy(reply.body(), target, partial, size, progress, uri, started);
    }
  }

  private static boolean resumesAt(Transport.Reply reply, long have) {
    if ("file".equalsIgnoreCase(reply.uri().getScheme())) return true;
    Matcher m = CONTENT_RANGE.matcher(reply.header("Content-Range").orElse(""));
    return m.matches() && Long.parseLong(m.group(1)) == have;
  }

  private static Duration retryAfter(Transport.Reply reply) {
    String v = reply.header("Retry-After").orElse("");
    return v.matches("\\d{1,6}") ? Duration.ofSeconds(Long.parseLong(v)) : null;
  }

  private void copy(
      InputStream in,
      Path target,
      Partial partial,
      long size,
      Progress progress,
      URI uri,
      long started)
      throws IOException, UpdateException, Retryable {
    long window = deadlines.window().toNanos();
    long windowStart = started;
    long windowBytes = partial.have;
    try (FileChannel ch = open(target, partial.have)) {
      OutputStream out = Channels.newOutputStream(ch);
      byte[] buf = new byte[64 * 1024];
      while (true) {
        int n;
        try {
          n = in.read(buf);
        } catch (IOException e) {
          // Keep what arrived; the next attempt resumes after it when the server allows.
          throw new Retryable("connection lost after " + partial.have + " bytes", e, null);
        }
        if (n == -1) break;
        if (partial.have + n > size) {
          throw new UpdateException(
              Reason.SIZE_MISMATCH,
              "server sent more than the " + size + " bytes the manifest declares for " + uri);
        }
        out.write(buf, 0, n);
        partial.digest.update(buf, 0, n);
        partial.have += n;
        progress.bytes(partial.have, size);
        long now = System.nanoTime();
        if (now - windowStart >= window) {
          long got = partial.have - windowBytes;
          if (got * 1_000_000_000L / (now - windowStart) < deadlines.minBytesPerSecond()) {
            throw new Retryable(
                "slower than "
                    + deadlines.minBytesPerSecond()
                    + " bytes/s for "
                    + deadlines.window().toSeconds()
                    + " s ("
                    + got
                    + " bytes) after "
                    + partial.have
                    + " bytes",
                null,
                null);
          }
          windowStart = now;
          windowBytes = partial.have;
        }
      }
      if (sync) ch.force(true);
    }
  }

  /** Opens the target for a fresh start (truncated) or to continue after {@code have} bytes. */
  private static FileChannel open(Path target, long have) throws IOException {
    if (have == 0) {
      return FileChannel.open(
          target,
          StandardOpenOption.CREATE,
          StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
    }
    FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE);
    ch.truncate(have);
    ch.position(have);
    return ch;
  }

  /** True if the exception, or one of its causes, reports a full disk (ENOSPC). */
  public static boolean isDiskFull(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("No space left on device")) {
        return true;
      }
    }
    return false;
  }
}
