package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.e2e.Distributions.Duration;
import dev.hoist.e2e.Distributions.Run;
import dev.hoist.engine.testing.Releases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick no-op path (dev.hoist.engine.QuickCheck) through the real launcher, in child processes:
 * a bare {@code hoist update} that a full run found up to date is answered by one conditional GET
 * before picocli loads, and every change it depends on (the environment, the registry's answer, a
 * new release) sends the next run down the full path again.
 */
class QuickCheckIT {
  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path tmp;

  @Test
  void aBareUpdateRepeatsAnUpToDateVerdict_untilSomethingItDependsOnChanges() throws Exception {
    Path registry = Files.createDirectories(tmp.resolve("registry"));
    Path v1 = Distributions.build("1.0.0", registry);
    Path v2 = Distributions.build("1.1.0", registry);
    Path manifest = registry.resolve("manifest.json");
    Releases.manifest().channel("stable", "1.0.0").release("1.0.0", v1).writeTo(manifest);
    Files.setLastModifiedTime(manifest, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    server.setDispatcher(new DirectoryDispatcher(registry));

    Path home = tmp.resolve("home");
    Path extracted = Distributions.extract(v1, tmp.resolve("download"), "1.0.0");
    String hoist = Distributions.selfInstall(extracted, home, tmp.resolve("bin")).toString();
    Map<String, String> env = new HashMap<>();
    env.put("HOIST_REGISTRY", server.url("/manifest.json").toString());
    env.put("HOME", Files.createDirectories(tmp.resolve("user")).toString());
    Path record = home.resolve("state/quick-check");
    Path lastCheck = home.resolve("state/last-check.json");
    Path log = home.resolve("logs/update.log");

    // 1: the first check fetches the manifest (200); 2: a full 304 stores the verdict.
    assertUpToDate(update(env, hoist));
    Thread.sleep(300); // past the racy window of the files the first check wrote
    assertUpToDate(update(env, hoist));
    assertTrue(Files.isRegularFile(record), "the second run stored its verdict");
    byte[] checkedByFullRun = Files.readAllBytes(lastCheck);
    FileTime stored = Files.getLastModifiedTime(record);
    int requests = server.getRequestCount();
    long lines = lines(log);

    // 3: the quick path: one conditional request, the same output and log line, and the check
    // time kept on the record rather than by rewriting last-check.json.
    Thread.sleep(20);
    assertUpToDate(update(env, hoist));
    assertEquals(requests + 1, server.getRequestCount());
    RecordedRequest quick = server.takeRequest();
    for (int i = 1; i < requests + 1; i++) quick = server.takeRequest();
    assertTrue(
        quick.getHeaders().get("If-None-Match") != null
            || quick.getHeaders().get("If-Modified-Since") != null,
        "the quick request is conditional: " + quick.getHeaders());
    assertArrayEquals(checkedByFullRun, Files.readAllBytes(lastCheck), "not the full path");
    assertTrue(Files.getLastModifiedTime(record).compareTo(stored) > 0, "check time recorded");
    assertEquals(lines + 1, lines(log));
    String line = Files.readAllLines(log).get((int) lines);
    assertTrue(line.contains("\"caller\":\"manual\""), line);
    assertTrue(line.contains("\"status\":\"up-to-date\""), line);
    Run status = Distributions.run(tmp, env, Duration.COMMAND, hoist, "status", "--json");
    assertTrue(
        status.out().contains(Files.getLastModifiedTime(record).toInstant().toString()),
        "status shows the quick check's time: " + status.out());

    // A variable the tool reads changes: the full path answers (and rewrites last-check.json).
    Map<String, String> other = new HashMap<>(env);
    other.put("HOIST_CHANNEL", "stable");
    assertUpToDate(update(other, hoist));
    assertNotEquals(new String(checkedByFullRun), Files.readString(lastCheck));

    // A redirect is never followed by the quick path: the full path meets it and refuses it.
    Thread.sleep(300);
    assertUpToDate(update(env, hoist)); // stores the verdict for env again
    Thread.sleep(20);
    assertUpToDate(update(env, hoist));
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder()
                .code(302)
                .addHeader("Location", "http://registry.example/manifest.json")
                .build();
          }
        });
    Run redirected = update(env, hoist);
    assertNotEquals(0, redirected.code(), redirected.describe());
    assertTrue(redirected.err().contains("refusing"), redirected.describe());

    // A new release: the quick request gets a 200, and the full path installs it.
    server.setDispatcher(new DirectoryDispatcher(registry));
    Releases.manifest()
        .channel("stable", "1.1.0")
        .release("1.0.0", v1)
        .release("1.1.0", v2)
        .writeTo(manifest);
    Run updated = update(env, hoist);
    assertEquals(0, updated.code(), updated.describe());
    assertTrue(updated.out().contains("1.1.0"), updated.describe());
    assertEquals(Path.of("versions", "1.1.0"), Files.readSymbolicLink(home.resolve("current")));
    assertFalse(Files.exists(record), "no verdict of 1.0.0 survives the update");
    InstalledHoist.assertHealthyAndClean(home, "1.1.0");
  }

  private Run update(Map<String, String> env, String hoist) throws Exception {
    return Distributions.run(tmp, env, Duration.COMMAND, hoist, "update");
  }

  private static void assertUpToDate(Run r) {
    assertEquals(0, r.code(), r.describe());
    assertEquals(List.of("hoist 1.0.0 is up to date"), r.out().strip().lines().toList());
    assertEquals("", r.err().strip(), r.describe());
  }

  private static long lines(Path file) throws Exception {
    try (var s = Files.lines(file)) {
      return s.count();
    }
  }
}
