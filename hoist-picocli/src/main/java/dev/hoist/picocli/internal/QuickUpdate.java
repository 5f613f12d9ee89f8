package dev.hoist.picocli.internal;

import dev.hoist.engine.QuickCheck;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command-line side of {@link QuickCheck}: which command lines may take the quick path (a bare
 * {@code update}, the one people type), and the check itself for an entry point to try before it
 * builds the command line. The full {@code update} stores the verdicts it checks.
 */
public final class QuickUpdate {
  private static final List<String> ARGS = List.of("update");

  private QuickUpdate() {}

  /** Whether {@code args} is a command line the quick path answers. */
  public static boolean applies(List<String> args) {
    return ARGS.equals(args);
  }

  /**
   * The quick check of this copy's home, when it has one and {@code args} qualifies; unset {@code
   * <PREFIX>_QUICK_CHECK=0} turns it off (the full path then always runs).
   */
  public static Optional<QuickCheck> of(Context context, List<String> args) {
    if (!applies(args) || context.env().app("QUICK_CHECK").filter("0"::equals).isPresent()) {
      return Optional.empty();
    }
    return context
        .hoistHome()
        .map(
            h ->
                new QuickCheck(
                    h.root(),
                    context.env().installDir(),
                    context.env().variables(),
                    context.env().prefix(),
                    context.clock()));
  }

  /**
   * Runs the quick path for an entry point: true when it answered (and printed), false when the
   * full command line must run.
   */
  public static boolean run(Context context, PrintWriter out, String... args) {
    Optional<QuickCheck> quick = of(context, Arrays.asList(args));
    return quick.isPresent() && quick.get().run(out);
  }
}
