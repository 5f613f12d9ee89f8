package dev.hoist.picocli;

import dev.hoist.picocli.internal.Context;
import dev.hoist.picocli.internal.Environment;
import dev.hoist.picocli.internal.Notice;
import dev.hoist.picocli.internal.SignalGuard;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;

/**
 * After any command of an interactive run, one line on stderr when the last check knew of a newer
 * release — {@code A new release of greet is available: 1.0.0 -> 1.1.0; run 'greet update'} — at
 * most once a day, on a terminal only, never in CI, never after {@code update} itself or with
 * {@code --json} or {@code --quiet}, and never delaying the command: it reads two small local files
 * (what the last {@code update --check} or check-only unattended run found) and asks no registry.
 * {@code <APP>_NO_UPDATE_NOTICE=1} turns it off. An app that embeds {@link UpdateCommand} gets it
 * with one line:
 *
 * <pre>
 * new CommandLine(new Greet()).setExecutionStrategy(new UpdateNotice()).execute(args);
 * </pre>
 */
public final class UpdateNotice implements IExecutionStrategy {
  private final IExecutionStrategy next;

  /** Around picocli's default strategy, for the app its distribution names. */
  public UpdateNotice() {
    this(new CommandLine.RunLast());
  }

  /** Around {@code next}, for the app its distribution names. */
  public UpdateNotice(IExecutionStrategy next) {
    this.next = next;
  }

  @Override
  public int execute(ParseResult parseResult) {
    return Notice.around(next, UpdateNotice::ofDistribution).execute(parseResult);
  }

  private static Optional<Context> ofDistribution(String name) {
    try {
      Environment env = Environment.capture();
      return Optional.of(Context.ofDistribution(env, Clock.systemUTC(), SignalGuard.inert(), name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
