package dev.hoist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.auto.LogEntry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stored verdict of the quick no-op path: repeated only while every input it depended on is
 * unchanged, and only for what qualifies.
 */
class QuickCheckTest {
  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path tmp;

  private Path home;
  private Path install;
  private URI registry;
  private final Map<String, String> env = new HashMap<>();

  /** Ahead of the files' times, so that none of them is within the racy window. */
  private Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));

  @BeforeEach
  void home() throws Exception {
    home = tmp.resolve("home");
    install = home.resolve("versions/1.0.0");
    Files.createDirectories(install.resolve("conf"));
    Files.writeString(install.resolve("VERSION"), "1.0.0\n");
    Files.writeString(install.resolve("conf/hoist.json"), "{}\n");
    Files.createSymbolicLink(home.resolve("current"), Path.of("versions/1.0.0"));
    Files.createDirectories(home.resolve("state"));
    registry = server.url("/manifest.json").uri();
    Files.writeString(
        home.resolve("state/last-check.json"),
        "{\"url\":\""
            + registry
            + "\",\"etag\":\"\\\"e1\\\"\",\"checkedAt\":\"2026-01-01T00:00:00Z\"}");
    Files.writeString(home.resolve("state/manifest.json"), "{}");
    env.put("HOME", tmp.toString());
    env.put("HOIST_REGISTRY", registry.toString());
    env.put("TERM_SESSION_ID", "one"); // not read by the tool: not part of the fingerprint
    server.setDispatcher(answer(304));
  }

  private static Dispatcher answer(int code) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(code).build();
      }
    };
  }

  private QuickCheck quick() {
    return new QuickCheck(home, java.util.Optional.of(install), env, "HOIST", clock);
  }

  private static UpdateRequest plain(URI registry) {
    return UpdateRequest.to(registry);
  }

  private static final UpdateResult UP_TO_DATE =
      UpdateResult.upToDate("1.0.0", "hoist 1.0.0 is up to date");

  private void remember() {
    QuickCheck q = quick();
    q.remember(q.fingerprint(), plain(registry), UP_TO_DATE);
  }

  /** Runs the quick path; its output, or null when it left the work to the full path. */
  private String run() {
    StringWriter out = new StringWriter();
    boolean answered = quick().run(new PrintWriter(out, true));
    return answered ? out.toString() : null;
  }

  @Test
  void aStoredVerdictIsRepeated_withTheSameOutputAndLogLine() throws Exception {
    remember();
    int before = server.getRequestCount();
    assertEquals("hoist 1.0.0 is up to date" + System.lineSeparator(), run());
    assertEquals(before + 1, server.getRequestCount());
    RecordedRequest r = server.takeRequest();
    assertEquals("\"e1\"", r.getHeaders().get("If-None-Match"));
    List<String> log = Files.readAllLines(home.resolve("logs/update.log"));
    assertEquals(1, log.size());
    LogEntry e = LogEntry.parse(log.get(0)).orElseThrow();
    assertEquals("manual", e.caller());
    assertEquals("update", e.command());
    assertEquals("up-to-date", e.status());
    assertEquals("1.0.0", e.from());
    assertEquals("hoist 1.0.0 is up to date", e.message());
    assertEquals(ProcessHandle.current().pid(), e.pid());
    // status shows the quick check's time
    Map<String, Object> last =
        QuickCheck.freshen(
            home.resolve("state"),
            Map.of("url", registry.toString(), "checkedAt", "2026-01-01T00:00:00Z"));
    assertTrue(
        Instant.parse((String) last.get("checkedAt"))
            .isAfter(Instant.parse("2026-01-02T00:00:00Z")));
    // An unrelated variable does not matter.
    env.put("TERM_SESSION_ID", "two");
    assertTrue(run() != null);
  }

  @Test
  void everyInputItDependedOnInvalidatesIt() throws Exception {
    List<Consumer<Path>> changes =
        List.of(
            h -> write(h.resolve("config.json"), "{\"channel\":\"beta\"}"),
            h -> write(h.resolve("state/paused"), "{}"),
            h -> write(h.resolve("state/pinned"), "1.0.0"),
            h -> write(h.resolve("state/manifest.json"), "{\"changed\":1}"),
            h -> write(install.resolve("conf/hoist.json"), "{\"registry\":\"x\"}"),
            h -> env.put("HOIST_CHANNEL", "beta"),
            h -> env.put("https_proxy", "http://proxy:3128"),
            h -> env.put("XDG_CONFIG_HOME", "/elsewhere"),
            h -> env.put("HOIST_REGISTRY", registry + "?other"),
            h -> {
              try {
                Files.delete(h.resolve("current"));
                Files.createDirectories(h.resolve("versions/1.1.0"));
                Files.createSymbolicLink(h.resolve("current"), Path.of("versions/1.1.0"));
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
    for (int i = 0; i < changes.size(); i++) {
      if (i > 0) {
        tearDownHome();
        home();
      }
      remember();
      assertTrue(run() != null, "change " + i + ": the verdict holds before it");
      changes.get(i).accept(home);
      assertEquals(null, run(), "change " + i + " must send the run down the full path");
    }
  }

  @Test
  void onlyAPlainUpToDateResultIsStored() throws Exception {
    QuickCheck q = quick();
    q.remember(q.fingerprint(), plain(registry).withUnattended(true), UP_TO_DATE);
    assertEquals(null, run(), "unattended");
    q.remember(q.fingerprint(), plain(registry).withPinned("1.0.0"), UP_TO_DATE);
    assertEquals(null, run(), "pinned");
    q.remember(q.fingerprint(), plain(registry), UP_TO_DATE.withWarnings(List.of("odd")));
    assertEquals(null, run(), "a warning the quick path would not repeat");
    q.remember(q.fingerprint(), plain(URI.create(registry + "?x")), UP_TO_DATE);
    assertEquals(null, run(), "a check of another URL than last-check.json's");
    env.put("HOIST_CA_BUNDLE", "/etc/ca.pem");
    q = quick();
    q.remember(q.fingerprint(), plain(registry), UP_TO_DATE);
    assertEquals(null, run(), "a CA bundle the JDK socket does not use");
    env.remove("HOIST_CA_BUNDLE");
    env.put("http_proxy", "http://proxy:3128");
    q = quick();
    q.remember(q.fingerprint(), plain(registry), UP_TO_DATE);
    assertEquals(null, run(), "a proxy");
    env.remove("http_proxy");
    q = quick();
    q.remember(q.fingerprint(), plain(registry), UP_TO_DATE);
    assertTrue(run() != null, "and then it is");
    // A later result that is not up to date forgets it.
    q.remember(q.fingerprint(), plain(registry), UpdateResult.updated("1.0.0", "1.1.0", "done"));
    assertFalse(Files.exists(home.resolve("state/quick-check")));
  }

  @Test
  void filesChangedJustBeforeTheFingerprintAreNotTrusted() {
    clock = Clock.systemUTC(); // the files were written a moment ago
    remember();
    assertFalse(Files.exists(home.resolve("state/quick-check")));
  }

  @Test
  void theVerdictExpires_andAnyOtherAnswerThanA304GoesToTheFullPath() throws Exception {
    remember();
    server.setDispatcher(answer(200));
    assertEquals(null, run(), "a changed manifest");
    server.setDispatcher(answer(304));
    assertTrue(run() != null);
    clock = Clock.offset(clock, QuickCheck.MAX_AGE.plusMinutes(1));
    assertEquals(null, run(), "older than a day");
    clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
    Files.writeString(
        home.resolve("state/last-check.json"),
        "{\"url\":\""
            + registry
            + "\",\"etag\":\"\\\"e1\\\"\",\"expires\":\""
            + clock.instant().plusSeconds(60)
            + "\"}");
    remember();
    assertTrue(run() != null);
    clock = Clock.offset(clock, Duration.ofMinutes(2));
    assertEquals(null, run(), "past the manifest's expiry");
  }

  @Test
  void aDamagedRecordIsIgnored() throws Exception {
    remember();
    Path record = home.resolve("state/quick-check");
    String text = Files.readString(record);
    Files.writeString(record, text.replace("version=1", "version=2"));
    assertEquals(null, run());
    Files.writeString(record, "garbage\n\u0000");
    assertEquals(null, run());
    Files.writeString(record, text.replace("until=", "until=x"));
    assertEquals(null, run());
  }

  @Test
  void credentialsInTheEnvironmentAreNeverWrittenToTheRecord() throws Exception {
    env.put("GITHUB_TOKEN", "ghp_secretsecretsecret");
    env.put("no_proxy", "user:hunter2@nowhere");
    remember();
    String record = Files.readString(home.resolve("state/quick-check"));
    assertTrue(record.contains("var GITHUB_TOKEN=sha256:"), record);
    assertFalse(record.contains("secretsecret"), record);
    assertFalse(record.contains("hunter2"), record);
    assertTrue(run() != null, "and the verdict still holds");
    env.put("GITHUB_TOKEN", "ghp_another");
    assertEquals(null, run(), "a new token is a change");
  }

  @Test
  void keysFromOutsideTheInstall_areNeverTrustedToAVerdict() throws Exception {
    env.put("HOIST_TRUSTED_KEYS", tmp.resolve("keys").toString());
    remember();
    assertEquals(null, run(), "a key deleted from that directory would change no stat data here");
    env.remove("HOIST_TRUSTED_KEYS");
    Files.writeString(home.resolve("config.json"), "{\"trustedKeys\": \"keys\"}");
    clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2));
    remember();
    assertEquals(null, run());
    Files.writeString(home.resolve("config.json"), "{\"channel\": \"stable\"}");
    clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(3));
    remember();
    assertTrue(run() != null, "a config file without trustedKeys is covered by its stat data");
  }

  @Test
  void aClockSetBack_doesNotStretchTheVerdict() throws Exception {
    remember();
    assertTrue(run() != null);
    clock = Clock.offset(clock, Duration.ofDays(-7));
    assertEquals(null, run(), "before the verdict was taken");
  }

  /** Variables the sources read that cannot change a bare update's verdict or its output. */
  private static final Map<String, String> NOT_AN_INPUT =
      Map.of(
          "SHELL", "read by `hoist hook` only",
          "SOURCE_DATE_EPOCH", "read by the Maven plugin at build time",
          "HOIST_JAVA_OPTS",
              "acts on the JVM that runs the quick path too; read by the C2 hand-off"
                  + " of large installs only",
          "TERM", "only whether a progress bar is drawn on stderr");

  /**
   * Every variable a main source reads by name ({@code get("NAME")}, {@code getenv("NAME")}) is in
   * the fingerprint: one added later without it would let the quick path repeat a verdict the
   * variable changes.
   */
  @Test
  void everyVariableTheSourcesReadIsFingerprinted() throws Exception {
    java.util.regex.Pattern read =
        java.util.regex.Pattern.compile("(?:get|getenv|app|name)\\(\"([A-Z][A-Z0-9_]*)\"\\)");
    List<String> missing = new java.util.ArrayList<>();
    int seen = 0;
    for (Path f : ArchitectureTest.mainSources()) {
      java.util.regex.Matcher m = read.matcher(Files.readString(f));
      while (m.find()) {
        seen++;
        String name = m.group(1);
        boolean prefixed = m.group(0).startsWith("app(") || m.group(0).startsWith("name(");
        String full = prefixed ? "HOIST_" + name : name;
        if (!QuickCheck.fingerprinted(full, "HOIST") && !NOT_AN_INPUT.containsKey(full)) {
          missing.add(f.getFileName() + ": " + full);
        }
      }
    }
    assertTrue(seen > 10, "found " + seen);
    assertEquals(List.of(), missing);
  }

  @Test
  void pidIsThisProcesssId() {
    assertEquals(ProcessHandle.current().pid(), QuickCheck.pid());
  }

  @Test
  void recordValuesSurviveTheirEncoding() {
    Map<String, String> rec = Map.of("a", "x\\ny\nz\r\\\\", "b", "=", "c", "");
    assertEquals(rec, QuickCheck.decode(QuickCheck.encode(rec)));
  }

  @Test
  void isoIsInstantToString() {
    Random r = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      long s = r.nextInt(2_000_000_000) + (i % 3 == 0 ? 0 : 1_700_000_000L);
      int nano =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000) * 1_000_000;
            case 2 -> r.nextInt(1_000_000) * 1000;
            default -> r.nextInt(1_000_000_000);
          };
      Instant t = Instant.ofEpochSecond(s, nano);
      assertEquals(t.toString(), QuickCheck.iso(t));
    }
    assertEquals(Instant.EPOCH.toString(), QuickCheck.iso(Instant.EPOCH));
  }

  @Test
  void theVariablesTheToolReadsAreFingerprinted() {
    for (String v :
        List.of(
            "HOIST_HOME",
            "GREET_REGISTRY",
            "XDG_CONFIG_HOME",
            "HOME",
            "CI",
            "https_proxy",
            "NO_PROXY",
            "GITHUB_TOKEN",
            "PATH")) {
      assertTrue(QuickCheck.fingerprinted(v, "GREET"), v);
    }
    for (String v :
        List.of(
            "TERM_SESSION_ID",
            "PWD",
            "SHLVL",
            "HOIST_JAVA_OPTS",
            "JDK_JAVA_OPTIONS",
            "XDG_SESSION_ID")) {
      assertFalse(QuickCheck.fingerprinted(v, "GREET"), v);
    }
  }

  private void tearDownHome() throws Exception {
    try (var s = Files.walk(tmp)) {
      s.sorted(java.util.Comparator.reverseOrder())
          .filter(p -> !p.equals(tmp))
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              });
    }
    env.clear();
  }

  private static void write(Path p, String s) {
    try {
      Files.writeString(p, s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
