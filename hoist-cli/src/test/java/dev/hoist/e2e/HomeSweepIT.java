package dev.hoist.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoist.e2e.Distributions.Run;
import dev.hoist.engine.testing.Releases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of a real installed {@code hoist}, run as a user would with no path options, with
 * {@code HOME} (and, in a second pass, the {@code XDG_*} variables) in a temp directory (issue 13,
 * item 6): each default path follows them, {@code ~} in a descriptor is that {@code HOME}, and
 * nothing appears anywhere else — not beside them, not where Java's {@code user.home} (the password
 * file's home) would have put it.
 */
class HomeSweepIT {
  @TempDir Path tmp;
  private Path registry;
  private Path extracted;
  private Path work;
  private Path fakeBin;
  private final StringBuilder transcript = new StringBuilder();

  @BeforeEach
  void setUp() throws Exception {
    registry = Files.createDirectories(tmp.resolve("registry"));
    Path v1 = Distributions.build("1.0.0", registry);
    Releases.manifest()
        .channel("stable", "1.0.0")
        .release("1.0.0", v1)
        .writeTo(registry.resolve("manifest.json"));
    extracted = Distributions.extract(v1, tmp.resolve("download"), "1.0.0");
    work = Files.createDirectories(tmp.resolve("work"));
    fakeBin = Files.createDirectories(tmp.resolve("fake-bin"));
    // A crontab that keeps its table in fake-bin/table, with shell built-ins only.
    Path table = fakeBin.resolve("table");
    Path crontab = fakeBin.resolve("crontab");
    Files.writeString(
        crontab,
        "#!/bin/sh\n"
            + "if [ \"$1\" = -l ]; then [ -f "
            + table
            + " ] || { echo 'no crontab for test' >&2; exit 1; }; while IFS= read -r l; do printf '%s\\n' \"$l\"; done < "
            + table
            + "; else while IFS= read -r l; do printf '%s\\n' \"$l\"; done > "
            + table
            + "; fi\n");
    Files.setPosixFilePermissions(crontab, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(
        work.resolve("tool.json"),
        "{\"name\": \"tool\", \"registry\": \""
            + registry.resolve("manifest.json")
            + "\", \"launcher\": \"bin/hoist\", \"command\": \"tool\","
            + " \"version\": {\"pattern\": \"^hoist (\\\\S+)\"},"
            + " \"home\": \"~/apps/tool\"}\n");
  }

  private Run hoist(Map<String, String> vars, Path launcher, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        Distributions.process(vars, cmd.toArray(String[]::new)).directory(work.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("XDG_") && !vars.containsKey(k));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    pb.redirectErrorStream(true).redirectOutput(out.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd));
    String text = Files.readString(out, StandardCharsets.UTF_8);
    Files.delete(out);
    return new Run(p.exitValue(), text, "");
  }

  /** Each command, as typed; their exit codes vary (no release to roll back to, say). */
  private void everyCommand(Map<String, String> vars, Path link) throws Exception {
    for (String[] args :
        List.of(
            new String[] {"--version"},
            new String[] {"--help"},
            new String[] {"status"},
            new String[] {"status", "--json"},
            new String[] {"update", "--check"},
            new String[] {"update", "--dry-run"},
            new String[] {"update"},
            new String[] {"history"},
            new String[] {"pause", "--for", "1h"},
            new String[] {"resume"},
            new String[] {"rollback"},
            new String[] {"hook", "print", "--shell", "bash"},
            new String[] {"schedule", "enable", "--backend", "cron"},
            new String[] {"schedule", "status", "--backend", "cron"},
            new String[] {"schedule", "disable", "--backend", "cron"},
            new String[] {"release", "keygen", "--out-dir", "keys"},
            new String[] {"update", "--app", "tool.json", "--check"},
            new String[] {"update", "--app", "tool.json"},
            new String[] {"status", "--app", "tool.json"},
            new String[] {"history", "--app", "tool.json"})) {
      Run r = hoist(vars, link, args);
      transcript.append("$ hoist ").append(String.join(" ", args)).append('\n').append(r.out());
      assertFalse(r.out().contains("Exception"), String.join(" ", args) + ": " + r.out());
    }
  }

  /** What hoist may have made under the real account's home: its default paths there. */
  private static Map<String, String> realHomeTraces() throws Exception {
    Path real = Path.of(System.getProperty("user.home"));
    Map<String, String> seen = new TreeMap<>();
    for (String p :
        List.of(
            ".local/share/hoist",
            ".local/share/hoist-apps",
            ".local/bin/hoist",
            ".local/state/hoist",
            ".config/hoist",
            "apps/tool")) {
      Path f = real.resolve(p);
      if (Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        seen.put(p, String.valueOf(Files.getLastModifiedTime(f).toMillis()));
      }
    }
    return seen;
  }

  private List<String> top(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void withOnlyHome_everyDefaultPathIsUnderIt_andNothingElseIsWritten() throws Exception {
    Map<String, String> realBefore = realHomeTraces();
    Path home = Files.createDirectories(tmp.resolve("user"));
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("HOME", home.toString());
    vars.put("PATH", fakeBin + ":" + System.getenv("PATH"));
    vars.put("HOIST_REGISTRY", registry.resolve("manifest.json").toUri().toString());

    Run install = hoist(vars, extracted.resolve("bin/hoist"), "self", "install");
    assertEquals(0, install.code(), install.out());
    Path link = home.resolve(".local/bin/hoist");
    assertTrue(Files.isSymbolicLink(link), "the link in ~/.local/bin: " + install.out());
    assertTrue(
        Files.isDirectory(home.resolve(".local/share/hoist/current")),
        "the home in ~/.local/share/hoist");
    everyCommand(vars, link);

    assertEquals(
        List.of("download", "fake-bin", "registry", "user", "work"),
        top(tmp),
        "nothing beside HOME");
    assertEquals(List.of("keys", "tool.json"), top(work), "no literal '~' in the working dir");
    assertTrue(
        Files.isDirectory(home.resolve("apps/tool/current")), "~ in the descriptor is $HOME");
    assertTrue(Files.isSymbolicLink(home.resolve(".local/bin/tool")), "its link, by default");
    Path table = fakeBin.resolve("table");
    assertTrue(Files.exists(table), "the schedule went through crontab:\n" + transcript);
    assertFalse(Files.readString(table).contains("hoist"), "enabled, then disabled");
    assertEquals(realBefore, realHomeTraces(), "nothing under the account's real home");

    // Issue 15, items 3 and 7: the shells and man find what self install linked; uninstall
    // takes it all away again, the schedule's crontab line included.
    shellsAndManFindIt(home);
    assertEquals(0, hoist(vars, link, "schedule", "enable", "--backend", "cron").code());
    assertTrue(Files.readString(table).contains("hoist"), "enabled for the uninstall to remove");
    Run uninstall = hoist(vars, link, "self", "uninstall", "--yes");
    assertEquals(0, uninstall.code(), uninstall.out());
    assertTrue(uninstall.out().contains("removed the schedule"), uninstall.out());
    assertFalse(Files.readString(table).contains("hoist"), "the crontab line is gone");
    assertFalse(Files.exists(home.resolve(".local/share/hoist")), uninstall.out());
    assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), uninstall.out());
    assertFalse(
        Files.exists(
            home.resolve(".local/share/man/man1/hoist.1"),
            java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.isDirectory(home.resolve("apps/tool/current")), "--app tools are kept");
    assertTrue(Files.isSymbolicLink(home.resolve(".local/bin/tool")), "and their links");
    assertEquals(realBefore, realHomeTraces(), "nothing under the account's real home");
  }

  /** {@code man hoist}, bash-completion's loader and fish find the links, as a new shell would. */
  private void shellsAndManFindIt(Path home) throws Exception {
    String hoistHome = home.resolve(".local/share/hoist").toString();
    String path = home.resolve(".local/bin") + ":/usr/bin:/bin";
    assertTrue(clean(home, path, "man", "-w", "hoist").startsWith(hoistHome + "/versions/"));
    assertTrue(clean(home, path, "man", "-P", "cat", "hoist").contains("HOIST SELF UNINSTALL"));
    assertTrue(
        clean(
                home,
                path,
                "bash",
                "--norc",
                "-c",
                "source /usr/share/bash-completion/bash_completion; __load_completion hoist;"
                    + " complete -p hoist")
            .contains("-F _complete_hoist hoist"));
    assertTrue(clean(home, path, "fish", "-c", "complete -C'hoist self '").contains("uninstall\t"));
  }

  /** Runs a program with nothing of this JVM's environment but HOME and PATH; its output. */
  private static String clean(Path home, String path, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("HOME", home.toString());
    pb.environment().put("PATH", path);
    pb.environment().put("MANWIDTH", "100");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
    return out;
  }

  @Test
  void withXdgVariables_theyWinOverHome() throws Exception {
    Map<String, String> realBefore = realHomeTraces();
    Path home = Files.createDirectories(tmp.resolve("user"));
    Path data = tmp.resolve("xdg-data");
    Path config = tmp.resolve("xdg-config");
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("HOME", home.toString());
    vars.put("XDG_DATA_HOME", data.toString());
    vars.put("XDG_CONFIG_HOME", config.toString());
    vars.put("PATH", fakeBin + ":" + System.getenv("PATH"));
    vars.put("HOIST_REGISTRY", registry.resolve("manifest.json").toUri().toString());

    Run install = hoist(vars, extracted.resolve("bin/hoist"), "self", "install");
    assertEquals(0, install.code(), install.out());
    assertTrue(Files.isDirectory(data.resolve("hoist/current")), install.out());
    Path link = home.resolve(".local/bin/hoist"); // no XDG variable for bin directories
    assertTrue(Files.isSymbolicLink(link), install.out());
    everyCommand(vars, link);

    assertFalse(Files.exists(home.resolve(".local/share")), "XDG_DATA_HOME, not ~/.local/share");
    assertEquals(
        List.of("download", "fake-bin", "registry", "user", "work", "xdg-data"),
        top(tmp).stream().filter(n -> !n.equals("xdg-config")).toList());
    assertEquals(realBefore, realHomeTraces(), "nothing under the account's real home");
  }
}
