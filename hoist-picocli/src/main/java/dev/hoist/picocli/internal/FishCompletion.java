package dev.hoist.picocli.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A fish completion script for a picocli tree (picocli itself writes only bash's). A helper
 * function finds which command is being typed ({@code self install}, not {@code install} wherever
 * it appears), and each command's subcommands and options are offered only there, with their
 * one-line descriptions; values come from an option's completion candidates, and files only where
 * an option or parameter takes a path.
 */
public final class FishCompletion {
  private FishCompletion() {}

  public static String of(CommandLine root) {
    String name = root.getCommandName();
    String at = "__" + name.replaceAll("[^A-Za-z0-9]", "_") + "_at";
    List<CommandPaths.Entry> entries = CommandPaths.of(root);
    StringBuilder s = new StringBuilder();
    s.append("# fish completion for ").append(name).append(", made from its command line.\n");
    s.append("# Installed by '").append(name).append(" self install'; or: ");
    s.append(name).append(" completion fish | source\n\n");
    s.append("function ").append(at).append("_path\n");
    s.append("    set -l path ''\n");
    s.append("    for t in (commandline -opc)[2..-1]\n");
    s.append("        set -l next (string trim -- \"$path $t\")\n");
    s.append("        if contains -- $next");
    for (CommandPaths.Entry e : entries) {
      if (!e.path().isEmpty()) s.append(' ').append(quote(e.path()));
    }
    s.append("\n            set path $next\n");
    s.append("        end\n    end\n    echo $path\nend\n\n");
    s.append("function ").append(at).append("\n");
    s.append("    set -l path (").append(at).append("_path)\n");
    s.append("    test \"$path\" = \"$argv[1]\"\nend\n\n");
    s.append("complete -c ").append(name).append(" -f\n");
    for (CommandPaths.Entry e : entries) {
      String when = " -n " + quote(at + " " + quote(e.path()));
      List<String> lines = new ArrayList<>();
      CommandPaths.children(e.command())
          .forEach(
              (child, cl) ->
                  lines.add(
                      "-f"
                          + when
                          + " -a "
                          + quote(child)
                          + " -d "
                          + quote(new CommandPaths.Entry(child, cl).summary())));
      for (OptionSpec o : e.spec().options()) {
        if (o.hidden()) continue;
        lines.add(option(o) + when);
      }
      for (var p : e.spec().positionalParameters()) {
        if (p.hidden()) continue;
        List<String> values = candidates(p);
        if (!values.isEmpty()) lines.add("-f" + when + " -a " + quote(String.join(" ", values)));
        else if (takesPath(p)) lines.add("-F" + when);
      }
      if (!lines.isEmpty()) s.append('\n');
      for (String line : lines)
        s.append("complete -c ").append(name).append(' ').append(line).append('\n');
    }
    return s.toString();
  }

  private static String option(OptionSpec o) {
    StringBuilder s = new StringBuilder();
    for (String n : o.names()) {
      if (n.startsWith("--")) s.append(" -l ").append(quote(n.substring(2)));
      else if (n.length() == 2) s.append(" -s ").append(quote(n.substring(1)));
      else s.append(" -o ").append(quote(n.substring(1)));
    }
    if (o.arity().max() > 0) {
      List<String> values = candidates(o);
      if (!values.isEmpty()) s.append(" -x -a ").append(quote(String.join(" ", values)));
      else if (takesPath(o)) s.append(" -r -F");
      else s.append(" -x");
    }
    String d = CommandPaths.firstSentence(CommandPaths.description(o));
    if (!d.isEmpty()) s.append(" -d ").append(quote(d));
    return s.toString().strip();
  }

  private static List<String> candidates(ArgSpec a) {
    List<String> values = new ArrayList<>();
    if (a.completionCandidates() != null) a.completionCandidates().forEach(values::add);
    return values;
  }

  private static boolean takesPath(ArgSpec a) {
    Class<?> t = a.type();
    return t == Path.class || t == File.class;
  }

  /** A fish single-quoted word: only {@code \} and {@code '} are special inside. */
  static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
