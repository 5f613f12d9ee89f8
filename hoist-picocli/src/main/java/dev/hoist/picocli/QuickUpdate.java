package dev.hoist.picocli;

import dev.hoist.engine.QuickCheck;
import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Environment;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The quick "up to date" of a bare {@code <app> update} ({@link QuickCheck}; README, "The quick up
 * to date"), for an app's {@code main} to try before it builds its command line:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   if (QuickUpdate.answer("greet", args)) System.exit(0);
 *   System.exit(new CommandLine(new Greet()).execute(args));
 * }
 * }</pre>
 *
 * <p>A class of its own, apart from {@link UpdateCommand}, so that trying it loads nothing of
 * picocli: the full {@code update} stores the verdicts it repeats.
 */
public final class QuickUpdate {
  private static final List<String> ARGS = List.of("update");

  private QuickUpdate() {}

  /**
   * Answers a bare {@code <app> update} that a full run found up to date, while nothing that run
   * read has changed, with one conditional GET and the same output and log line as the full run.
   *
   * @param appName the app's name, as its launcher and {@code conf/hoist.json} give it (its
   *     variables' prefix comes from it)
   * @return true when it answered (exit 0); false when the command line must run as usual
   */
  public static boolean answer(String appName, String... args) {
    if (args.length != 1 || !args[0].equals("update")) return false;
    String dir = System.getProperty("hoist.install.dir");
    Optional<QuickCheck> check =
        QuickCheck.of(
            dir == null || dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir)),
            System.getenv(),
            Environment.prefixOf(appName),
            Clock.systemUTC());
    if (check.isEmpty()) return false;
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    boolean answered = check.get().run(out);
    out.flush();
    return answered;
  }

  /**
   * The quick check a full run of {@code args} stores its verdict with: only for a bare {@code
   * update}, and only when the home the quick path would find from the layout is the one this
   * context updates.
   */
  static Optional<QuickCheck> of(Context context, List<String> args) {
    if (!ARGS.equals(args)) return Optional.empty();
    Optional<QuickCheck> quick =
        QuickCheck.of(
            context.env().installDir(),
            context.env().variables(),
            context.env().prefix(),
            context.clock());
    Optional<dev.hoist.engine.internal.install.HoistHome> home = context.hoistHome();
    if (quick.isEmpty() || home.isEmpty()) return Optional.empty();
    return home.get().root().toAbsolutePath().normalize().equals(quick.get().home())
        ? quick
        : Optional.empty();
  }
}
