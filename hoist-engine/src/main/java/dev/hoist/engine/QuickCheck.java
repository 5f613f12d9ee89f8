package dev.hoist.engine;

import dev.hoist.engine.internal.auto.LogEntry;
import dev.hoist.engine.internal.auto.UpdateLog;
import dev.hoist.engine.internal.digest.Digest;
import dev.hoist.engine.internal.download.ConditionalGet;
import dev.hoist.engine.internal.io.Durable;
import dev.hoist.engine.internal.json.JsonTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The no-op {@code update} at the JVM's floor: repeats a check that a full run found up to date,
 * when nothing it depended on has changed since, with one conditional GET made by the JDK's own
 * client ({@link ConditionalGet}), before the command-line parser, the settings, the HTTP stack or
 * the JSON reader are loaded. A 304 then means the same verdict; anything else, or any doubt, and
 * the caller runs the full update, which decides (and records the next verdict).
 *
 * <p>What "nothing changed" means is checked, not assumed: a full run takes a {@link Fingerprint}
 * before it reads anything — the stat data (inode, size, change and modification times) of every
 * entry of the home (its {@code state/} entries one by one) and of the install's {@code conf/} and
 * {@code VERSION}, where {@code current} points, and every environment variable and JVM proxy
 * property the tool reads — and, after a plain up-to-date result, stores it with the conditional
 * request and the output in {@code state/quick-check}. The quick path takes the same fingerprint
 * and goes ahead only if it is identical. A change during the full run makes the stored one stale,
 * never wrong (it was taken first); files changed within a clock tick of the fingerprint are not
 * trusted (a second change could leave the same stat data, as with git's "racy" index entries). The
 * stored verdict expires with the manifest and after {@link #MAX_AGE} at most, so that a full run
 * (signature re-verification with today's keys, the sweep of leftovers) still happens every day.
 *
 * <p>Only {@code update} with no option qualifies, from a self-managed install that is the home's
 * current version, against an HTTP(S) registry that sent validators, with no CA bundle and no proxy
 * that the JDK's client would reach differently (DESIGN §6's policy is shared through {@code
 * UrlPolicy}). Its effects are the full run's: the same line on stdout, the same line in {@code
 * logs/update.log}, and the check's time (the record's mtime, which {@code status} shows).
 *
 * <p>Why one class: the fingerprint, the record and the quick run are one contract (what is stored
 * is exactly what is compared and replayed); split, a change to one side could silently stop
 * matching the other. Its helpers (the record's encoding, the ISO time) exist only for it.
 */
public final class QuickCheck {
  /** The record's name in {@code state/}. */
  public static final String RECORD = "quick-check";

  static final Duration MAX_AGE = Duration.ofHours(24);
  static final Duration RACY = Duration.ofSeconds(2);
  static final Duration RACY_FINE = Duration.ofMillis(100);
  private static final String LOG_HEAD = "{\"time\":\"1970-01-01T00:00:00Z\",\"pid\":0,";
  private static final String LOG_TAIL = ",\"durationMs\":0}";
  private static final List<String> PROXY_PROPERTIES =
      List.of(
          "http.proxyHost",
          "http.proxyPort",
          "http.nonProxyHosts",
          "https.proxyHost",
          "https.proxyPort",
          "socksProxyHost",
          "socksProxyPort",
          "java.net.useSystemProxies");

  /** The base directories; not the session's own variables (XDG_SESSION_ID, ...). */
  private static final List<String> XDG =
      List.of("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME");

  /** Variables read without the app's prefix; any other one is read as PREFIX_NAME. */
  private static final List<String> PLAIN_VARIABLES =
      List.of("HOME", "PATH", "CI", "GITHUB_TOKEN", "JAVA_HOME");

  private final Path home;
  private final Optional<Path> installDir;
  private final Map<String, String> variables;
  private final String prefix;
  private final Clock clock;

  /**
   * @param home the home the update acts on
   * @param installDir the running copy's distribution directory ({@code -Dhoist.install.dir})
   * @param variables the process environment
   * @param prefix the app's variable prefix, {@code HOIST} for Hoist
   */
  QuickCheck(
      Path home,
      Optional<Path> installDir,
      Map<String, String> variables,
      String prefix,
      Clock clock) {
    this.home = home;
    this.installDir = installDir;
    this.variables = variables;
    this.prefix = prefix;
    this.clock = clock;
  }

  /**
   * The quick check of the home that the running copy's own layout names ({@code
   * <home>/versions/<v>} or {@code <home>/install}), unless the home variable names another one or
   * {@code <PREFIX>_QUICK_CHECK=0} turns the quick path off. Empty for any other copy: a
   * development build, a package manager's. No regular expression, lambda or settings file is
   * touched: this is the first thing a bare {@code update} does.
   *
   * @param prefix the app's variable prefix, {@code HOIST} for Hoist
   */
  public static Optional<QuickCheck> of(
      Optional<Path> installDir, Map<String, String> variables, String prefix, Clock clock) {
    if (installDir.isEmpty() || "0".equals(variables.get(prefix + "_QUICK_CHECK"))) {
      return Optional.empty();
    }
    Path dir = installDir.get().toAbsolutePath().normalize();
    Path parent = dir.getParent();
    if (parent == null || dir.getFileName() == null || parent.getFileName() == null) {
      return Optional.empty();
    }
    Path home;
    if (dir.getFileName().toString().equals("install")) {
      home = parent;
    } else if (parent.getFileName().toString().equals("versions") && parent.getParent() != null) {
      home = parent.getParent();
    } else {
      return Optional.empty();
    }
    String override = variables.get(prefix + "_HOME");
    if (override != null && !override.isBlank()) {
      if (!Path.of(override).toAbsolutePath().normalize().equals(home)) return Optional.empty();
    }
    return Optional.of(new QuickCheck(home, installDir, variables, prefix, clock));
  }

  /** The home this check reads and writes the record in. */
  public Path home() {
    return home;
  }

  /** What a run depended on, as stat data and values, taken at one moment. */
  public static final class Fingerprint {
    private final String text;
    private final Instant taken;
    private final boolean racy;

    private Fingerprint(String text, Instant taken, boolean racy) {
      this.text = text;
      this.taken = taken;
      this.racy = racy;
    }

    /**
     * Whether a file changed so shortly before the fingerprint that a second change could carry the
     * same stat data: within one tick of its file system's clock, {@link #RACY} where it keeps
     * whole seconds, {@link #RACY_FINE} where it keeps fractions (Linux stamps files with a coarse
     * clock, a few milliseconds a tick). Judged file by file: one home may span file systems.
     */
    boolean racy() {
      return racy;
    }
  }

  /**
   * Whether an environment variable is part of the fingerprint: every one the tool reads, but the
   * JVM's option variables ({@code HOIST_JAVA_OPTS}, {@code JDK_JAVA_OPTIONS}): what they set acts
   * on the quick path's own JVM as it would on the full path's, and the proxy properties they may
   * set are in the fingerprint themselves.
   */
  static boolean fingerprinted(String name, String prefix) {
    if (name.endsWith("JAVA_OPTS") || name.endsWith("JAVA_OPTIONS")) return false;
    return name.startsWith(prefix + "_")
        || name.startsWith("HOIST_")
        || XDG.contains(name)
        || name.toLowerCase(Locale.ROOT).contains("proxy")
        || PLAIN_VARIABLES.contains(name);
  }

  /**
   * A variable whose value may be a credential (a token, a proxy URL with a password): the record
   * keeps only its SHA-256, never the value.
   */
  static boolean secret(String name) {
    String n = name.toUpperCase(Locale.ROOT);
    return n.contains("TOKEN")
        || n.contains("SECRET")
        || n.contains("PASS")
        || n.contains("KEY")
        || n.contains("CREDENTIAL")
        || n.contains("AUTH")
        || n.contains("PROXY");
  }

  private static String digest(String value) {
    return "sha256:" + Digest.sha256Hex(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Takes the fingerprint now. */
  public Fingerprint fingerprint() {
    Instant taken = clock.instant();
    StringBuilder b = new StringBuilder();
    boolean[] racy = {false};
    b.append("install ").append(installDir.isPresent() ? installDir.get() : "-").append('\n');
    Path current = home.resolve("current");
    String target;
    try {
      target = Files.readSymbolicLink(current).toString();
    } catch (IOException | UnsupportedOperationException e) {
      target = "-";
    }
    b.append("current ").append(target).append('\n');
    for (Map.Entry<String, String> e : new TreeMap<>(variables).entrySet()) {
      String k = e.getKey();
      if (fingerprinted(k, prefix)) {
        b.append("var ")
            .append(k)
            .append('=')
            .append(secret(k) ? digest(e.getValue()) : e.getValue());
        b.append('\n');
      }
    }
    for (String p : PROXY_PROPERTIES) {
      String v = System.getProperty(p);
      if (v != null) b.append("property ").append(p).append('=').append(v).append('\n');
    }
    for (Path p : entries(home)) {
      String name = p.getFileName().toString();
      if (name.equals("logs")) continue; // appended to by every run, read by none of the checks
      if (name.equals("state")) {
        for (Path s : entries(p)) {
          String n = s.getFileName().toString();
          if (n.equals(RECORD) || n.equals("last-check.json") || n.contains(Durable.TEMP_INFIX)) {
            continue; // written by the checks themselves; the validators are in the record
          }
          stat(b, s, taken, racy);
        }
        continue;
      }
      stat(b, p, taken, racy);
    }
    if (installDir.isPresent()) {
      stat(b, installDir.get(), taken, racy);
      stat(b, installDir.get().resolve("VERSION"), taken, racy);
      stat(b, installDir.get().resolve(".hoist/complete.json"), taken, racy); // Provenance reads it
      for (Path c : entries(installDir.get().resolve("conf"))) stat(b, c, taken, racy);
    }
    return new Fingerprint(b.toString(), taken, racy[0]);
  }

  /**
   * After a full run of a plain {@code update}: stores its verdict with {@code before}, if the run
   * qualifies (see the class comment). Best effort: a verdict not stored only costs the next run
   * the full path.
   */
  public void remember(Fingerprint before, UpdateRequest request, UpdateResult result) {
    if (request.mode() != UpdateRequest.Mode.INSTALL
        || request.unattended()
        || request.pinned().isPresent()
        || request.waitForLock().isPresent()
        || result.status() != UpdateResult.Status.UP_TO_DATE
        || !result.warnings().isEmpty()
        || result.release() != null
        || result.message() == null
        || !runsCurrent()
        || before.racy()) {
      forget();
      return;
    }
    Map<String, Object> last;
    try {
      last =
          JsonTree.readObject(Files.readAllBytes(home.resolve("state/last-check.json")))
              .orElse(Map.of());
    } catch (IOException e) {
      return;
    }
    URI registry = request.registry();
    Optional<String> etag = JsonTree.string(last, "etag");
    Optional<String> lastModified = JsonTree.string(last, "lastModified");
    if (!registry.toString().equals(last.get("url"))
        || (etag.isEmpty() && lastModified.isEmpty())
        || !simpleTransport(registry)
        || keysFromOutside()) {
      forget();
      return;
    }
    Instant until = before.taken.plus(MAX_AGE);
    Optional<String> expires = JsonTree.string(last, "expires");
    try {
      if (expires.isPresent() && Instant.parse(expires.get()).isBefore(until)) {
        until = Instant.parse(expires.get());
      }
    } catch (DateTimeParseException e) {
      return;
    }
    String line =
        new LogEntry(
                Instant.EPOCH,
                0,
                "manual",
                "update",
                result.status().code(),
                result.from() != null ? result.from() : result.current(),
                result.to() != null ? result.to() : result.latest(),
                result.skipReason(),
                null,
                result.message(),
                0)
            .toLine();
    if (!line.startsWith(LOG_HEAD) || !line.endsWith(LOG_TAIL)) return;
    Map<String, String> rec = new LinkedHashMap<>();
    rec.put("version", "1");
    rec.put("url", registry.toString());
    etag.ifPresent(v -> rec.put("etag", v));
    lastModified.ifPresent(v -> rec.put("lastModified", v));
    rec.put("taken", Long.toString(before.taken.toEpochMilli()));
    rec.put("until", Long.toString(until.toEpochMilli()));
    rec.put("out", result.message());
    rec.put("log", line.substring(LOG_HEAD.length(), line.length() - LOG_TAIL.length()));
    rec.put("fingerprint", before.text);
    try {
      Durable.writeAtomically(home.resolve("state").resolve(RECORD), encode(rec));
    } catch (IOException e) {
      // Only the next run's speed is lost.
    }
  }

  /**
   * The quick path: if the stored verdict still holds and the registry answers 304, prints and logs
   * what the full run would and returns true; otherwise changes nothing and returns false, and the
   * caller runs the full update.
   */
  public boolean run(PrintWriter out) {
    long start = System.nanoTime();
    Path file = home.resolve("state").resolve(RECORD);
    Map<String, String> rec;
    try {
      rec = decode(Files.readAllBytes(file));
    } catch (IOException e) {
      return false;
    }
    Instant now = clock.instant();
    String url = rec.get("url");
    String message = rec.get("out");
    String log = rec.get("log");
    String until = rec.get("until");
    if (!"1".equals(rec.get("version"))
        || url == null
        || message == null
        || log == null
        || until == null) {
      return false;
    }
    try {
      // Not before it was taken either: a clock set back must not stretch the verdict's life.
      long t = Long.parseLong(rec.getOrDefault("taken", "x"));
      if (now.toEpochMilli() >= Long.parseLong(until) || now.toEpochMilli() < t) return false;
    } catch (NumberFormatException e) {
      return false;
    }
    if (!runsCurrent() || !fingerprint().text.equals(rec.get("fingerprint"))) return false;
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      return false;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (rec.containsKey("etag")) headers.put("If-None-Match", rec.get("etag"));
    if (rec.containsKey("lastModified")) headers.put("If-Modified-Since", rec.get("lastModified"));
    headers.put("Accept", "application/json");
    if (!ConditionalGet.notModified(uri, headers, variables)) return false;
    out.println(message);
    out.flush();
    long ms = (System.nanoTime() - start) / 1_000_000;
    String line =
        "{\"time\":\""
            + iso(clock.instant())
            + "\",\"pid\":"
            + pid()
            + ","
            + log
            + ",\"durationMs\":"
            + ms
            + "}";
    try {
      new UpdateLog(home.resolve("logs")).appendLine(line);
    } catch (IOException e) {
      // As on the full path: only the history line is lost.
    }
    try {
      Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
    } catch (IOException e) {
      // status then shows the full run's check time
    }
    return true;
  }

  /**
   * When the last check happened, the quick path's included: the later of {@code checkedAt} in
   * {@code lastCheck} and the record's mtime (touched by every quick check of that URL).
   */
  static Map<String, Object> freshen(Path stateDir, Map<String, Object> lastCheck) {
    if (lastCheck == null || !(lastCheck.get("checkedAt") instanceof String at)) return lastCheck;
    try {
      Path file = stateDir.resolve(RECORD);
      Instant touched = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
      if (!touched.isAfter(Instant.parse(at))) return lastCheck;
      Map<String, String> rec = decode(Files.readAllBytes(file));
      if (!String.valueOf(lastCheck.get("url")).equals(rec.get("url"))) return lastCheck;
      Map<String, Object> m = new LinkedHashMap<>(lastCheck);
      m.put("checkedAt", touched.toString());
      return m;
    } catch (IOException | DateTimeParseException e) {
      return lastCheck;
    }
  }

  private void forget() {
    try {
      Files.deleteIfExists(home.resolve("state").resolve(RECORD));
    } catch (IOException e) {
      // A stale record is harmless: its fingerprint no longer matches.
    }
  }

  /** The running copy is the home's current version: no hand-off, no other copy's verdict. */
  private boolean runsCurrent() {
    if (installDir.isEmpty()) return false;
    try {
      Path running = installDir.get().toRealPath();
      Path inPlace = home.resolve("install");
      if (Files.isDirectory(inPlace, LinkOption.NOFOLLOW_LINKS)) {
        return running.equals(inPlace.toRealPath());
      }
      return running.equals(home.resolve("current").toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether the trusted keys come from a file the fingerprint does not cover: {@code
   * <PREFIX>_TRUSTED_KEYS} or {@code trustedKeys} in the home's config.json name a file or
   * directory anywhere, whose contents can change (a revoked key deleted) without any stat data the
   * fingerprint holds changing. The install's own {@code conf/keys} is covered.
   */
  private boolean keysFromOutside() {
    String v = variables.get(prefix + "_TRUSTED_KEYS");
    if (v != null && !v.isBlank()) return true;
    Path config = home.resolve("config.json");
    if (!Files.exists(config, NOFOLLOW)) return false;
    try {
      return JsonTree.readObject(Files.readAllBytes(config))
          .map(m -> m.containsKey("trustedKeys"))
          .orElse(true);
    } catch (IOException e) {
      return true;
    }
  }

  /** No CA bundle and no proxy that {@link ConditionalGet} would not use as Transport does. */
  private boolean simpleTransport(URI registry) {
    // The variables HttpSettings reads: the app's own, else Hoist's.
    for (String name : List.of(prefix + "_CA_BUNDLE", "HOIST_CA_BUNDLE")) {
      String v = variables.get(name);
      if (v != null && !v.isBlank()) return false;
    }
    String scheme = registry.getScheme();
    if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) return false;
    return ConditionalGet.direct(registry, variables);
  }

  private static List<Path> entries(Path dir) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) out.add(p);
    } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
      return out;
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      out.add(dir.resolve("?unreadable")); // a listing cut short matches nothing stored
    }
    out.sort(null);
    return out;
  }

  private static void stat(StringBuilder b, Path p, Instant taken, boolean[] racy) {
    b.append("file ").append(p.getFileName()).append(' ');
    try {
      Map<String, Object> a =
          Files.readAttributes(p, "unix:ino,dev,mode,size,lastModifiedTime,ctime", NOFOLLOW);
      FileTime mtime = (FileTime) a.get("lastModifiedTime");
      FileTime ctime = (FileTime) a.get("ctime");
      racy(racy, taken, mtime);
      racy(racy, taken, ctime);
      b.append(a.get("dev"))
          .append(' ')
          .append(a.get("ino"))
          .append(' ')
          .append(a.get("mode"))
          .append(' ')
          .append(a.get("size"))
          .append(' ')
          .append(mtime.to(TimeUnit.NANOSECONDS))
          .append(' ')
          .append(ctime.to(TimeUnit.NANOSECONDS));
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      try {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        FileTime mtime = a.lastModifiedTime();
        racy(racy, taken, mtime);
        b.append(a.fileKey()).append(' ').append(a.size()).append(' ');
        b.append(mtime.to(TimeUnit.NANOSECONDS));
      } catch (IOException e2) {
        b.append('?');
      }
    } catch (NoSuchFileException e) {
      b.append('-');
    } catch (IOException e) {
      b.append('?');
    }
    b.append('\n');
  }

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /**
   * This process's id: {@code /proc/self} where there is one, as {@link ProcessHandle} would give
   * it but without the lambdas its set-up links (~1 ms of the quick path).
   */
  static long pid() {
    try {
      return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
    } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
      return ProcessHandle.current().pid();
    }
  }

  private static void racy(boolean[] racy, Instant taken, FileTime t) {
    Instant i = t.toInstant();
    Duration tick = i.getNano() == 0 ? RACY : RACY_FINE;
    if (i.isAfter(taken.minus(tick))) racy[0] = true;
  }

  /**
   * {@code t} as {@link Instant#toString()} writes it (the log's form), without loading {@code
   * java.time.format}, whose set-up alone costs the quick path a few milliseconds.
   */
  static String iso(Instant t) {
    long days = Math.floorDiv(t.getEpochSecond(), 86_400);
    int secs = Math.floorMod(t.getEpochSecond(), 86_400);
    LocalDate date = LocalDate.ofEpochDay(days);
    if (date.getYear() < 0 || date.getYear() > 9999) return t.toString();
    StringBuilder b = new StringBuilder(30).append(date).append('T');
    two(b, secs / 3600).append(':');
    two(b, secs / 60 % 60).append(':');
    two(b, secs % 60);
    int nano = t.getNano();
    if (nano != 0) {
      String f = Integer.toString(1_000_000_000 + nano).substring(1);
      b.append('.');
      if (nano % 1_000_000 == 0) {
        b.append(f, 0, 3);
      } else if (nano % 1000 == 0) {
        b.append(f, 0, 6);
      } else {
        b.append(f);
      }
    }
    return b.append('Z').toString();
  }

  private static StringBuilder two(StringBuilder b, int n) {
    return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
  }

  /** {@code key=value} lines; a value's backslashes and line breaks escaped. */
  static byte[] encode(Map<String, String> rec) {
    StringBuilder b = new StringBuilder();
    rec.forEach(
        (k, v) ->
            b.append(k)
                .append('=')
                .append(v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r"))
                .append('\n'));
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, String> decode(byte[] bytes) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq <= 0) continue;
      StringBuilder v = new StringBuilder();
      String raw = line.substring(eq + 1);
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '\\' && i + 1 < raw.length()) {
          char n = raw.charAt(++i);
          v.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
        } else {
          v.append(c);
        }
      }
      out.put(line.substring(0, eq), v.toString());
    }
    return out;
  }
}
