package dev.hoist.picocli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Issue 15, item 3: the completion scripts and the man page {@link ShellDocs} makes, checked by the
 * real programs that read them: bash, fish and zsh complete with them, {@code man} renders the page
 * without a roff warning. Needs bash, fish, zsh and man-db (README: what the tests need).
 */
class ShellDocsTest {
  @TempDir Path tmp;

  @Command(
      name = "tool",
      description = "A tool. It has commands.",
      mixinStandardHelpOptions = true,
      subcommands = {Self.class, Status.class})
  static final class Tool implements Runnable {
    @Override
    public void run() {}
  }

  @Command(
      name = "self",
      description = "Manage the tool itself.",
      subcommands = {Install.class})
  static final class Self implements Runnable {
    @Override
    public void run() {}
  }

  @Command(
      name = "install",
      description = {"Install it, e.g. into ~/.local.", ".starts with a dot"})
  static final class Install implements Runnable {
    @Option(names = "--home", paramLabel = "DIR", description = "Where -- with a \\ backslash.")
    Path home;

    @Option(names = "--shell", completionCandidates = Shells.class, description = "Which shell.")
    String shell;

    @Override
    public void run() {}
  }

  @Command(name = "status", description = "Show the status.")
  static final class Status implements Runnable {
    @Option(names = "--json", description = "As JSON.")
    boolean json;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Which one's.")
    String name;

    @Override
    public void run() {}
  }

  static final class Shells implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return List.of("bash", "fish").iterator();
    }
  }

  private static Run run(Path dir, Map<String, String> env, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("HOME", dir.toString());
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  record Run(int code, String out, String err) {}

  private Path write() throws Exception {
    Path share = tmp.resolve("share");
    ShellDocs.write(new CommandLine(new Tool()), share);
    return share;
  }

  @Test
  void bash_completesNestedCommandsOptionsAndCandidates() throws Exception {
    Path script = write().resolve("completion/tool.bash");
    String probe =
        "source "
            + script
            + "\nt() { COMP_LINE=\"$1\"; read -ra COMP_WORDS <<<\"$1\";"
            + " [[ \"$1\" == *' ' ]] && COMP_WORDS+=(''); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ));"
            + " COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _complete_tool tool 2>/dev/null;"
            + " echo \"${COMPREPLY[*]}\"; }\n"
            + "t 'tool '\nt 'tool self '\nt 'tool self install --'\nt 'tool self install --shell '\n";
    Run r = run(tmp, Map.of(), "bash", "-c", probe);
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).contains("self") && lines.get(0).contains("status"), r.out());
    assertEquals("install", lines.get(1).strip(), r.out());
    assertTrue(lines.get(2).contains("--home") && lines.get(2).contains("--shell"), r.out());
    assertEquals("bash fish", lines.get(3).strip(), r.out());
  }

  @Test
  void fish_completesEachCommandWhereItIs_notWhereItsNameAppears() throws Exception {
    Path script = write().resolve("completion/tool.fish");
    Run r =
        run(
            tmp,
            Map.of(),
            "fish",
            "--no-config",
            "-c",
            "source "
                + script
                + "; complete -C'tool '; echo ==; complete -C'tool self '; echo ==;"
                + " complete -C'tool self install --'; echo ==; complete -C'tool self install"
                + " --shell '; echo ==; complete -C'tool status --'");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    String[] parts = r.out().split("==\n", -1);
    assertTrue(parts[0].contains("self\tManage the tool itself"), r.out());
    assertTrue(parts[0].contains("status\tShow the status"), r.out());
    assertEquals("install\tInstall it, e.g. into ~/.local", parts[1].strip(), r.out());
    assertTrue(parts[2].contains("--home\t") && parts[2].contains("--shell\t"), r.out());
    assertTrue(!parts[2].contains("--json"), "status's option is not install's: " + r.out());
    assertEquals(List.of("bash", "fish"), names(parts[3]), r.out());
    assertTrue(parts[4].contains("--json\tAs JSON"), r.out());
  }

  private static List<String> names(String block) {
    List<String> out = new ArrayList<>();
    block.lines().forEach(l -> out.add(l.split("\t")[0]));
    return out;
  }

  @Test
  void zsh_loadsTheScript_andRegistersTheCompletion() throws Exception {
    Path script = write().resolve("completion/tool.zsh");
    Run r = run(tmp, Map.of(), "zsh", "-f", "-c", "source " + script + "; echo ${_comps[tool]}");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("_complete_tool"), r.out() + r.err());
  }

  @Test
  void manPage_rendersWithoutWarnings_andHoldsEveryCommandAndOption() throws Exception {
    Path page = write().resolve("man/man1/tool.1");
    Run r =
        run(
            tmp,
            Map.of("MANWIDTH", "80", "LC_ALL", "C.UTF-8"),
            "man",
            "--warnings=all",
            "-l",
            page.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err(), "roff warnings");
    String text = r.out().replaceAll(".\b", ""); // overstrike bold
    for (String s :
        List.of(
            "tool - A tool",
            "TOOL SELF INSTALL",
            "--home DIR",
            "Where -- with a \\ backslash.",
            ".starts with a dot",
            "TOOL STATUS",
            "NAME",
            "Which one's.")) {
      assertTrue(text.contains(s), "'" + s + "' in\n" + text);
    }
    String roff = Files.readString(page, StandardCharsets.UTF_8);
    assertTrue(roff.contains("\\&.starts with a dot"), "a line starting with '.' is escaped");
  }
}
