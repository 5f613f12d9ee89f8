package dev.hoist.picocli.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The visible commands of a picocli tree, each with its path ({@code ""} for the root, {@code "self
 * install"} for a nested one), in the order help lists them: what the completion scripts and the
 * man page are made of.
 */
public final class CommandPaths {
  private CommandPaths() {}

  /** One command and the words that lead to it after the app's name. */
  public record Entry(String path, CommandLine command) {
    public CommandSpec spec() {
      return command.getCommandSpec();
    }

    /** The first sentence of the command's description, for a one-line listing. */
    public String summary() {
      return firstSentence(String.join(" ", spec().usageMessage().description()));
    }
  }

  /** The root and every visible command below it, depth first; aliases listed once. */
  public static List<Entry> of(CommandLine root) {
    List<Entry> out = new ArrayList<>();
    walk("", root, out);
    return out;
  }

  /** The visible direct subcommands of {@code cl}, each once (aliases map to the same one). */
  public static Map<String, CommandLine> children(CommandLine cl) {
    Map<CommandLine, String> seen = new IdentityHashMap<>();
    Map<String, CommandLine> out = new java.util.LinkedHashMap<>();
    cl.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (sub.getCommandSpec().usageMessage().hidden() || seen.containsKey(sub)) return;
              seen.put(sub, name);
              out.put(sub.getCommandName(), sub);
            });
    return out;
  }

  private static void walk(String path, CommandLine cl, List<Entry> out) {
    out.add(new Entry(path, cl));
    children(cl).forEach((name, sub) -> walk(path.isEmpty() ? name : path + " " + name, sub, out));
  }

  /** An option's or parameter's description as help prints it, format directives resolved. */
  public static String description(ArgSpec arg) {
    return plain(String.join(" ", arg.description()));
  }

  /** Text with picocli's format directives ({@code %n}, {@code %%}) resolved. */
  public static String plain(String text) {
    return text.replace("%n", "\n").replace("%%", "%").strip();
  }

  static String firstSentence(String text) {
    String t = plain(text).replace('\n', ' ');
    var end = java.util.regex.Pattern.compile("(?<!\\be\\.g|\\bi\\.e)\\. ").matcher(t);
    String first = end.find() ? t.substring(0, end.start()) : t;
    if (first.endsWith(".")) first = first.substring(0, first.length() - 1);
    return first.length() <= 80 ? first : first.substring(0, 77) + "...";
  }
}
