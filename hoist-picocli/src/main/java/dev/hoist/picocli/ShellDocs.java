package dev.hoist.picocli;

import dev.hoist.picocli.internal.FishCompletion;
import dev.hoist.picocli.internal.ManPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Shell completion scripts (bash, zsh, fish) and a man page, made from an app's picocli command
 * tree at build time, so that nothing is generated when the app starts. Hoist runs {@link #write}
 * from its build and ships the files in its distribution's {@code share/}; an app that embeds
 * {@link UpdateCommand} can do the same with its own tree (docs/embedding.md).
 *
 * <p>Where the files go, relative to the directory given to {@link #write} (the distribution's
 * {@code share/}): {@code completion/<name>.bash}, {@code completion/<name>.zsh}, {@code
 * completion/<name>.fish} and {@code man/man1/<name>.1}.
 */
public final class ShellDocs {
  private ShellDocs() {}

  /** A shell Hoist writes completion for. */
  public enum Shell {
    BASH,
    ZSH,
    FISH;

    /** {@code bash}, {@code zsh}, {@code fish}: the file's extension and the CLI's word. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the shells there are
     */
    public static Shell of(String id) {
      for (Shell s : values()) if (s.id().equals(id)) return s;
      throw new IllegalArgumentException(
          "no completion for shell '" + id + "' (there is: bash, zsh, fish)");
    }
  }

  /** The completion script for {@code shell}, of the tree under {@code root}. */
  public static String completion(CommandLine root, Shell shell) {
    String name = root.getCommandName();
    return switch (shell) {
      // picocli's script runs in zsh too, through bashcompinit, which it loads itself.
      case BASH, ZSH -> AutoComplete.bash(name, root);
      case FISH -> FishCompletion.of(root);
    };
  }

  /** The man page (roff, section 1) of the whole tree under {@code root}. */
  public static String manPage(CommandLine root) {
    return ManPage.of(root);
  }

  /** Where {@code name}'s completion for {@code shell} is, relative to {@code share/}. */
  public static String completionPath(String name, Shell shell) {
    return "completion/" + name + "." + shell.id();
  }

  /** Where {@code name}'s man page is, relative to {@code share/}. */
  public static String manPath(String name) {
    return "man/man1/" + name + ".1";
  }

  /** Writes every completion script and the man page under {@code dir}. */
  public static void write(CommandLine root, Path dir) throws IOException {
    String name = root.getCommandName();
    for (Shell shell : Shell.values()) {
      writeFile(dir.resolve(completionPath(name, shell)), completion(root, shell));
    }
    writeFile(dir.resolve(manPath(name)), manPage(root));
  }

  private static void writeFile(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
