package dev.hoist.picocli.internal;

import dev.hoist.engine.QuickCheck;
import java.util.List;
import java.util.Optional;

/**
 * The command-line side of {@link QuickCheck}: which command lines may take the quick path (a bare
 * {@code update}, the one people type). The entry point tries {@link QuickCheck} itself before it
 * builds anything; the full {@code update} stores the verdicts it checks through {@link #of}.
 */
public final class QuickUpdate {
  private static final List<String> ARGS = List.of("update");

  private QuickUpdate() {}

  /** Whether {@code args} is a command line the quick path answers. */
  public static boolean applies(List<String> args) {
    return ARGS.equals(args);
  }

  /**
   * The quick check a full run of {@code args} stores its verdict with: only for a bare {@code
   * update}, and only when the home the quick path would find from the layout is the one this
   * context updates.
   */
  public static Optional<QuickCheck> of(Context context, List<String> args) {
    if (!applies(args)) return Optional.empty();
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
