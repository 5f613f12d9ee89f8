package dev.hoist.picocli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hoist.engine.internal.auto.KnownRelease;
import dev.hoist.engine.internal.install.HoistHome;
import dev.hoist.engine.internal.install.Installer;
import dev.hoist.engine.testing.Releases;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Environment;
import dev.hoist.picocli.internal.SignalGuard;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Issue 15, item 5: an app that embeds {@link UpdateCommand} gets the same notice by setting {@link
 * UpdateNotice} as its execution strategy: after any of its own commands, never after its update.
 */
class UpdateNoticeTest {
  @TempDir Path tmp;
  private HoistHome home;

  @Command(name = "greet", subcommands = UpdateCommand.class)
  static final class Greet implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().getOut().println("hello");
    }
  }

  @BeforeEach
  void greet100Installed() throws Exception {
    home = new HoistHome(tmp.resolve("greet-home"));
    Installer installer = new Installer(home, Clock.systemUTC());
    installer.createLayout();
    Path v1 = Releases.toolArchive(tmp, "greet", "1.0.0", "greet version 1.0.0");
    Path staged = Releases.extracted(v1, installer.newStagingDir("1.0.0"));
    Files.writeString(staged.resolve("VERSION"), "1.0.0\n");
    installer.promote(staged, "1.0.0", Releases.sha256(v1), "test");
    installer.activate("1.0.0");
  }

  private String run(boolean terminal, String... args) {
    Environment env =
        new Environment(
            Map.of(), Optional.of(home.versionDir("1.0.0")), tmp, "Linux", "amd64", tmp, terminal);
    Context context = Context.ofDistribution(env, Clock.systemUTC(), SignalGuard.inert(), "greet");
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Greet());
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    // What new UpdateNotice() does, with this test's context instead of the process's.
    cl.setExecutionStrategy(
        dev.hoist.picocli.internal.Notice.around(cl.getExecutionStrategy(), context));
    assertEquals(0, cl.execute(args));
    return err.toString();
  }

  @Test
  void anAppsOwnCommand_getsTheNotice_once() {
    new KnownRelease(home.state(), Clock.systemUTC()).available("1.1.0");
    assertEquals("", run(false), "not a terminal");
    assertEquals(
        "A new release of greet is available: 1.0.0 -> 1.1.0; run 'greet update'\n", run(true));
    assertEquals("", run(true), "once a day");
  }

  @Test
  void nothingNewer_noNotice() {
    new KnownRelease(home.state(), Clock.systemUTC()).available("1.0.0");
    assertEquals("", run(true));
  }
}
