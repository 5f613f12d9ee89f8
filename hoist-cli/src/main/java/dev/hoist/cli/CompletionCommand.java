package dev.hoist.cli;

import dev.hoist.picocli.ShellDocs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code completion SHELL}: prints the completion script the build made ({@link ShellDocs}, run by
 * {@link ShellDocsBuild}); the same file is in the distribution's {@code share/completion/}, where
 * {@code self install} links it for bash and fish.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print the shell completion script for bash, zsh or fish.",
      "'hoist self install' already links it for bash (bash-completion) and fish; for zsh add"
          + " the line it prints to ~/.zshrc. Sourcing the installed file costs nothing at shell"
          + " start-up; running this command there starts Java every time."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  hoist completion bash > ~/.local/share/bash-completion/completions/hoist",
      "  hoist completion zsh > ~/.zsh-hoist && echo 'source ~/.zsh-hoist' >> ~/.zshrc",
      "  hoist completion fish > ~/.config/fish/completions/hoist.fish"
    })
final class CompletionCommand implements Callable<Integer> {
  /** Where the build puts {@code share/} in the jar (and the plugin takes it from). */
  static final String SHARE = "/dev/hoist/cli/share/";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "SHELL",
      completionCandidates = Shells.class,
      description = "bash, zsh or fish.")
  String shell;

  @Override
  public Integer call() throws IOException {
    ShellDocs.Shell s;
    try {
      s = ShellDocs.Shell.of(shell);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    String resource = SHARE + ShellDocs.completionPath("hoist", s);
    try (InputStream in = CompletionCommand.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(
            "this build of hoist has no completion scripts (the build makes them: ./mvnw package)");
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      out.flush();
    }
    return 0;
  }

  /** The shells, for help and for completion of this very argument. */
  static final class Shells implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return List.of("bash", "zsh", "fish").iterator();
    }
  }
}
