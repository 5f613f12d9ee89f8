package dev.hoist.engine.internal.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.engine.internal.failure.UpdateException;
import dev.hoist.engine.internal.failure.UpdateException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the staged package's dependencies are handed to npm, with a scripted {@code npm} (a real
 * process, on a {@code PATH} of the test's own): what it is asked, what a failure says, that a hung
 * npm is killed, and that a dependency npm left out fails here. BackendUpdateTest runs the real
 * npm.
 */
class NpmDependenciesTest {
  @TempDir Path tmp;
  private Path pkg;
  private Path bin;
  private Path log;

  @BeforeEach
  void setUp() throws Exception {
    pkg = Files.createDirectories(tmp.resolve("staging/package"));
    bin = Files.createDirectories(tmp.resolve("bin"));
    log = tmp.resolve("staging/npm-install.log");
    Files.writeString(
        pkg.resolve("package.json"),
        "{\"name\": \"tool\", \"dependencies\": {\"left-pad\": \"^1\", \"@scope/lib\": \"2.x\"},"
            + " \"devDependencies\": {\"jest\": \"*\"}}");
  }

  /** An {@code npm} on the test's PATH running {@code body} (sh), its arguments in args.txt. */
  private void npm(String body) throws Exception {
    Path npm = bin.resolve("npm");
    Files.writeString(
        npm, "#!/bin/sh\necho \"$@\" >> \"" + tmp.resolve("args.txt") + "\"\n" + body);
    Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static final String INSTALLS_BOTH =
      "mkdir -p node_modules/left-pad node_modules/@scope/lib\n"
          + "echo '{}' > node_modules/left-pad/package.json\n"
          + "echo '{}' > node_modules/@scope/lib/package.json\n"
          + "echo 'added 2 packages'\n";

  /** With the test's npm first on PATH, then the system's tools (mkdir, sleep). */
  private NpmDependencies dependencies(boolean scripts, Duration timeout) {
    return dependencies(scripts, timeout, bin + ":/usr/bin:/bin");
  }

  private NpmDependencies dependencies(boolean scripts, Duration timeout, String path) {
    return new NpmDependencies(
        new NpmDependencies.Settings(scripts, timeout, Optional.empty()), Map.of("PATH", path));
  }

  @Test
  void npmInstallsTheDependencies_inTheStagedPackage_withoutDevDependencies() throws Exception {
    npm(INSTALLS_BOTH);

    List<String> installed = dependencies(true, Duration.ofSeconds(30)).install(pkg, log);

    assertEquals(List.of("left-pad", "@scope/lib"), installed);
    assertEquals(
        List.of(
            "install --omit=dev --no-audit --no-fund --no-update-notifier --ignore-scripts",
            "rebuild --omit=dev --no-audit --no-fund --no-update-notifier"),
        Files.readAllLines(tmp.resolve("args.txt")),
        "scripts run by rebuild, as npm install -g runs them, never the package's prepare");
    assertTrue(Files.readString(log).contains("added 2 packages"));
  }

  @Test
  void withScriptsOff_noScriptRuns() throws Exception {
    npm(INSTALLS_BOTH);
    dependencies(false, Duration.ofSeconds(30)).install(pkg, log);
    assertEquals(
        List.of("install --omit=dev --no-audit --no-fund --no-update-notifier --ignore-scripts"),
        Files.readAllLines(tmp.resolve("args.txt")));
  }

  @Test
  void aPackageWithoutDependencies_neverRunsNpm() throws Exception {
    Files.writeString(pkg.resolve("package.json"), "{\"name\": \"tool\", \"dependencies\": {}}");
    // No npm on PATH at all: not needed, so not missed.
    assertEquals(
        List.of(), dependencies(true, Duration.ofSeconds(30), bin.toString()).install(pkg, log));
    assertFalse(Files.exists(log));
  }

  @Test
  void optionalDependenciesOrAnInstallScript_needNpm_tooAsEsbuildHasThem() throws Exception {
    Files.writeString(
        pkg.resolve("package.json"),
        "{\"name\": \"esbuild\", \"scripts\": {\"postinstall\": \"node install.js\"},"
            + " \"optionalDependencies\": {\"@esbuild/linux-x64\": \"0.28.2\"}}");
    assertTrue(NpmDependencies.needed(pkg));
    npm("echo placed\n");
    assertEquals(List.of(), dependencies(true, Duration.ofSeconds(30)).install(pkg, log));
    assertEquals(2, Files.readAllLines(tmp.resolve("args.txt")).size(), "install, then rebuild");

    Files.writeString(
        pkg.resolve("package.json"), "{\"name\": \"t\", \"scripts\": {\"install\": \"x\"}}");
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> dependencies(true, Duration.ofSeconds(30), bin + "-none").install(pkg, log));
    assertTrue(e.getMessage().startsWith("the package needs npm to run its install scripts"));

    Files.writeString(
        pkg.resolve("package.json"), "{\"name\": \"t\", \"scripts\": {\"test\": \"x\"}}");
    assertFalse(NpmDependencies.needed(pkg), "a test script needs no npm at install");
  }

  @Test
  void noNpmOnPath_failsNamingWhatIsMissing() {
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> dependencies(true, Duration.ofSeconds(30), bin.toString()).install(pkg, log));
    assertEquals(Reason.DEPENDENCIES_FAILED, e.reason());
    assertEquals(
        "the package needs its dependencies (left-pad, @scope/lib) installed by npm, and no npm is"
            + " on PATH; install Node.js with npm and run the update again",
        e.getMessage());
  }

  @Test
  void npmFailing_isQuotedByItsLastLines() throws Exception {
    npm(
        "echo 'npm http fetch GET 200 left-pad'\n"
            + "echo 'npm error code E404' >&2\n"
            + "echo 'npm error 404 Not Found - GET https://registry.example/@scope%2flib' >&2\n"
            + "echo '' >&2\necho 'npm error A complete log of this run can be found in: x' >&2\n"
            + "exit 1\n");

    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> dependencies(true, Duration.ofSeconds(30)).install(pkg, log));

    assertEquals(Reason.DEPENDENCIES_FAILED, e.reason());
    assertEquals(
        "npm install exited 1: 'npm error code E404' / 'npm error 404 Not Found - GET"
            + " https://registry.example/@scope%2flib' / 'npm error A complete log of this run can"
            + " be found in: x'",
        e.getMessage());
  }

  @Test
  void aDependencyNpmLeftOut_failsHere_notInTheSmokeTest() throws Exception {
    npm("mkdir -p node_modules/left-pad\necho '{}' > node_modules/left-pad/package.json\n");
    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> dependencies(true, Duration.ofSeconds(30)).install(pkg, log));
    assertEquals(Reason.DEPENDENCIES_FAILED, e.reason());
    assertTrue(e.getMessage().startsWith("npm install finished but left out @scope/lib"));
  }

  @Test
  void aHungNpm_isKilled_withWhatItLastSaid() throws Exception {
    Path pidFile = tmp.resolve("child.pid");
    // npm forks (a lifecycle script, say); both must be gone afterwards.
    npm("echo 'npm http fetch GET left-pad'\nsleep 300 &\necho $! > " + pidFile + "\nwait\n");

    UpdateException e =
        assertThrows(
            UpdateException.class,
            () -> dependencies(true, Duration.ofMillis(1500)).install(pkg, log));

    assertEquals(Reason.DEPENDENCIES_FAILED, e.reason());
    assertEquals(
        "npm install did not finish within PT1.5S; its last words: 'npm http fetch GET left-pad'",
        e.getMessage());
    long child = Long.parseLong(Files.readString(pidFile).strip());
    Optional<ProcessHandle> h = ProcessHandle.of(child);
    assertTrue(
        h.isEmpty() || h.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS) != null,
        "npm's child is killed too");
  }
}
