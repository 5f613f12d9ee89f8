package dev.hoist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.engine.internal.lock.UpdateLock;
import dev.hoist.engine.internal.schedule.FakeTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, items 3 and 7, through {@link Main#run}: {@code self install} links the man page and
 * completions the distribution ships; {@code self uninstall} and {@code uninstall --app} remove the
 * home and every link into it, and never a file that is not Hoist's.
 */
class UninstallTest {
  @TempDir Path tmp;
  private Path user;
  private Path dist;
  private final Map<String, String> vars = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    user = Files.createDirectories(tmp.resolve("user"));
    dist = distribution(tmp.resolve("hoist-1.0.0"), "hoist");
    vars.put("HOME", user.toString());
    // No scheduler on this PATH: the uninstall finds no schedule and touches no real crontab.
    vars.put("PATH", Files.createDirectories(tmp.resolve("empty-bin")).toString());
  }

  /** An extracted distribution as the build makes it: launcher, VERSION, share/. */
  private static Path distribution(Path dir, String name) throws Exception {
    Path launcher = Files.createDirectories(dir.resolve("bin")).resolve(name);
    Files.writeString(launcher, "#!/bin/sh\necho '" + name + " 1.0.0'\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("VERSION"), "1.0.0\n");
    Path share = dir.resolve("share");
    Files.createDirectories(share.resolve("man/man1"));
    Files.writeString(share.resolve("man/man1/" + name + ".1"), ".TH X 1\n");
    Files.createDirectories(share.resolve("completion"));
    for (String s : List.of("bash", "zsh", "fish")) {
      Files.writeString(share.resolve("completion/" + name + "." + s), "# " + s + "\n");
    }
    return dir;
  }

  private CliRun hoist(Optional<Path> from, String... args) {
    return CliRun.of(vars, from, user, Clock.systemUTC(), args);
  }

  private Path home() {
    return user.resolve(".local/share/hoist");
  }

  private Path data(String p) {
    return user.resolve(".local/share").resolve(p);
  }

  @Test
  void selfInstall_linksManPageAndCompletions_throughCurrent() throws Exception {
    CliRun r = hoist(Optional.of(dist), "self", "install");
    assertEquals(0, r.code(), r.err());
    for (String p :
        List.of(
            "man/man1/hoist.1",
            "bash-completion/completions/hoist",
            "fish/vendor_completions.d/hoist.fish")) {
      Path link = data(p);
      assertTrue(Files.isSymbolicLink(link), p + "\n" + r.out());
      assertTrue(Files.readSymbolicLink(link).startsWith(home().resolve("current")), p);
      assertTrue(Files.isRegularFile(link), p + " resolves");
      assertTrue(r.out().contains("linked") && r.out().contains(link.toString()), r.out());
    }
    assertTrue(
        r.out().contains("source " + home().resolve("current/share/completion/hoist.zsh")),
        r.out());
  }

  @Test
  void selfInstall_leavesSomeoneElsesCompletionFile_andSaysSo() throws Exception {
    Path theirs = data("bash-completion/completions/hoist");
    Files.createDirectories(theirs.getParent());
    Files.writeString(theirs, "complete -F _mine hoist\n");
    CliRun r = hoist(Optional.of(dist), "self", "install");
    assertEquals(0, r.code(), r.err());
    assertEquals("complete -F _mine hoist\n", Files.readString(theirs));
    assertTrue(r.err().contains("warning: " + theirs + " is not hoist's"), r.err());
  }

  @Test
  void selfUninstall_removesHomeAndLinks_keepsForeignFiles_namesHookLines() throws Exception {
    assertEquals(0, hoist(Optional.of(dist), "self", "install").code());
    Path mine = Files.writeString(home().resolve("notes.txt"), "mine");
    Path foreignFish = data("fish/vendor_completions.d/hoist.fish");
    Files.delete(foreignFish);
    Files.writeString(foreignFish, "# someone else's\n");
    String hook = HookCommand.snippet("bash");
    Files.writeString(user.resolve(".bashrc"), "export A=1\n" + hook, StandardCharsets.UTF_8);
    Path installed = home().resolve("current");

    CliRun refused = hoist(Optional.of(installed), "self", "uninstall");
    assertEquals(2, refused.code(), "not on a terminal: --yes is required\n" + refused.err());
    assertTrue(refused.err().contains("confirm with --yes"), refused.err());
    assertTrue(Files.isSymbolicLink(user.resolve(".local/bin/hoist")), "nothing removed");

    CliRun r = hoist(Optional.of(installed), "self", "uninstall", "--yes", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals("uninstalled", json.get("status").asText());
    assertFalse(Files.exists(user.resolve(".local/bin/hoist"), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(data("man/man1/hoist.1"), LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(data("bash-completion/completions/hoist"), LinkOption.NOFOLLOW_LINKS));
    assertEquals("# someone else's\n", Files.readString(foreignFish), "a file, not our link");
    try (Stream<Path> left = Files.list(home())) {
      assertEquals(List.of(mine), left.toList(), "only the user's file is left in the home");
    }
    assertTrue(json.get("kept").toString().contains("notes.txt"), r.out());
    assertTrue(json.get("kept").toString().contains("hoist.fish"), r.out());
    assertEquals(2, json.get("hookLines").size(), r.out());
    assertTrue(json.get("hookLines").get(0).asText().startsWith(user.resolve(".bashrc") + ":2:"));
    assertTrue(Files.readString(user.resolve(".bashrc")).contains(hook), "rc files not edited");

    CliRun again = hoist(Optional.empty(), "self", "uninstall", "--yes");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("nothing to remove"), again.out());
  }

  @Test
  void selfUninstall_refusesADirectoryThatIsNotAHome() throws Exception {
    Path notHome = Files.createDirectories(tmp.resolve("projects"));
    Files.createDirectories(notHome.resolve("logs"));
    Files.writeString(notHome.resolve("logs/build.log"), "x");
    Files.writeString(notHome.resolve("README"), "x");
    CliRun r = hoist(Optional.empty(), "self", "uninstall", "--yes", "--home", notHome.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.err().contains("is not a Hoist home"), r.err());
    assertTrue(Files.exists(notHome.resolve("logs/build.log")), "nothing removed");

    CliRun json =
        hoist(
            Optional.empty(), "self", "uninstall", "--yes", "--json", "--home", notHome.toString());
    assertEquals(1, json.code(), json.err());
    JsonNode j = new ObjectMapper().readTree(json.out());
    assertEquals("failed", j.get("status").asText(), json.out());
    assertEquals("invalid-home", j.get("error").asText(), json.out());
    assertTrue(j.get("message").asText().contains("is not a Hoist home"), json.out());
    assertEquals(1, json.out().strip().lines().count(), "one object: " + json.out());
  }

  /**
   * The schedule goes with the home, not before it: an uninstall that is refused (an update holds
   * the lock) leaves the crontab line that keeps Hoist updated, and says so in JSON.
   */
  @Test
  void selfUninstall_thatFails_keepsTheSchedule_oneThatSucceedsRemovesIt() throws Exception {
    Path bin = tmp.resolve("fake-bin");
    FakeTools.crontab(bin);
    FakeTools.systemctl(bin, 1); // no user manager: the schedule is cron's
    vars.put("PATH", bin + ":/usr/bin:/bin");
    assertEquals(0, hoist(Optional.of(dist), "self", "install").code());
    Optional<Path> installed = Optional.of(home().resolve("current"));
    CliRun enable = hoist(installed, "schedule", "enable", "--every", "6h");
    assertEquals(0, enable.code(), enable.err());
    Path table = bin.resolve("crontab.txt");
    assertTrue(Files.readString(table).contains(home().toString()), Files.readString(table));

    var attempt =
        UpdateLock.tryAcquire(home().resolve("state"), "1.0.0", "1.1.0", Clock.systemUTC());
    try (UpdateLock lock = ((UpdateLock.Acquired) attempt).lock()) {
      lock.verifyOwnership();
      CliRun r = hoist(installed, "self", "uninstall", "--yes", "--json");
      assertEquals(1, r.code(), r.out() + r.err());
      JsonNode j = new ObjectMapper().readTree(r.out());
      assertEquals("failed", j.get("status").asText(), r.out());
      assertEquals("lock-failed", j.get("error").asText(), r.out());
      assertTrue(Files.readString(table).contains(home().toString()), "the schedule is kept");
    }
    CliRun r = hoist(installed, "self", "uninstall", "--yes", "--json");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(new ObjectMapper().readTree(r.out()).get("scheduleRemoved").asBoolean(), r.out());
    assertFalse(Files.readString(table).contains(home().toString()), Files.readString(table));
    assertFalse(Files.exists(home()), r.out());
  }

  @Test
  void selfUninstall_whileAnUpdateHoldsTheLock_removesNothing() throws Exception {
    assertEquals(0, hoist(Optional.of(dist), "self", "install").code());
    var attempt =
        UpdateLock.tryAcquire(home().resolve("state"), "1.0.0", "1.1.0", Clock.systemUTC());
    try (UpdateLock lock = ((UpdateLock.Acquired) attempt).lock()) {
      lock.verifyOwnership();
      CliRun r = hoist(Optional.of(home().resolve("current")), "self", "uninstall", "--yes");
      assertEquals(1, r.code(), r.out());
      assertTrue(r.err().contains("is running (pid=" + ProcessHandle.current().pid()), r.err());
      assertTrue(Files.isSymbolicLink(user.resolve(".local/bin/hoist")), "the link is kept");
      assertTrue(Files.isDirectory(home().resolve("versions/1.0.0")), "the version is kept");
      assertTrue(Files.isSymbolicLink(data("man/man1/hoist.1")), "the man page is kept");
    }
  }

  @Test
  void uninstallApp_removesTheToolsHomeAndLink_keepsTheDescriptor() throws Exception {
    assertEquals(0, hoist(Optional.of(dist), "self", "install").code());
    Path tool = distribution(tmp.resolve("tool-1.0.0"), "tool");
    Path toolHome = tmp.resolve("tool-home");
    Path descriptor = tmp.resolve("tool.json");
    Files.writeString(
        descriptor,
        "{\"name\": \"tool\", \"registry\": \"file:///nowhere/manifest.json\","
            + " \"launcher\": \"bin/tool\", \"home\": \""
            + toolHome
            + "\"}\n");
    // Installed as 'hoist update --app' would leave it: the same install steps, the tool's home.
    dev.hoist.engine.internal.app.App app =
        dev.hoist.engine.internal.app.AppDescriptor.read(
                descriptor, user, dev.hoist.engine.internal.version.Platform.of("Linux", "amd64"))
            .app();
    new dev.hoist.engine.internal.install.SelfInstaller(Clock.systemUTC(), app)
        .install(tool, toolHome, user.resolve(".local/bin"));
    assertTrue(Files.isSymbolicLink(user.resolve(".local/bin/tool")));

    CliRun r = hoist(Optional.empty(), "uninstall", "--app", descriptor.toString(), "--yes");
    assertEquals(0, r.code(), r.err());
    assertFalse(Files.exists(toolHome), r.out());
    assertFalse(Files.exists(user.resolve(".local/bin/tool"), LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.exists(descriptor), "the descriptor is the user's");
    assertTrue(Files.isDirectory(home().resolve("versions/1.0.0")), "hoist's own home untouched");
    assertTrue(Files.isSymbolicLink(home().resolve("current")), "and its current link");
    assertTrue(Files.isSymbolicLink(user.resolve(".local/bin/hoist")), "and hoist on PATH");

    CliRun noApp = hoist(Optional.empty(), "uninstall", "--yes");
    assertEquals(2, noApp.code());
    assertTrue(noApp.err().contains("--app"), noApp.err());
  }
}
