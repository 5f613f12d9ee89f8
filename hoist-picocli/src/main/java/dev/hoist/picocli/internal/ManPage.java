package dev.hoist.picocli.internal;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One man page (roff, section 1) for a whole picocli tree, in the shape of git's or gh's: NAME,
 * SYNOPSIS, DESCRIPTION, then a section per command with its synopsis, description, options and
 * examples, all taken from the same model as {@code --help}, so the two cannot disagree. The top
 * command's footer (exit codes, examples) closes the page.
 */
public final class ManPage {
  private ManPage() {}

  public static String of(CommandLine root) {
    String name = root.getCommandName();
    StringBuilder s = new StringBuilder();
    s.append(".\\\" Made from the command line of ").append(name).append("; do not edit.\n");
    s.append(".TH ").append(name.toUpperCase(Locale.ROOT)).append(" 1 \"\" ");
    s.append(quoted(name)).append(" \"User Commands\"\n");
    s.append(".SH NAME\n");
    s.append(escape(name)).append(" \\- ");
    s.append(escape(new CommandPaths.Entry("", root).summary())).append('\n');
    List<CommandPaths.Entry> entries = CommandPaths.of(root);
    s.append(".SH SYNOPSIS\n");
    for (CommandPaths.Entry e : entries) {
      if (!e.path().isEmpty() && !CommandPaths.children(e.command()).isEmpty()) continue;
      s.append(".B ").append(escape(qualified(name, e.path()))).append("\n");
      s.append("[\\fIOPTIONS\\fR]");
      for (PositionalParamSpec p : e.spec().positionalParameters()) {
        if (!p.hidden()) s.append(" \\fI").append(escape(p.paramLabel())).append("\\fR");
      }
      s.append("\n.br\n");
    }
    s.append(".SH DESCRIPTION\n");
    paragraphs(s, help(root).description());
    for (CommandPaths.Entry e : entries) {
      if (e.path().isEmpty()) {
        s.append(".SH OPTIONS\n");
      } else {
        s.append(".SH ").append(quoted(qualified(name, e.path()).toUpperCase(Locale.ROOT)));
        s.append('\n');
        Help help = help(e.command());
        s.append(".nf\n").append(escape(help.synopsis(0).strip())).append("\n.fi\n");
        paragraphs(s, help.description());
      }
      options(s, e.spec());
      if (!e.path().isEmpty()) footer(s, e.command());
    }
    footer(s, root);
    return s.toString();
  }

  private static void options(StringBuilder s, CommandSpec spec) {
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (p.hidden()) continue;
      s.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
      s.append(escape(CommandPaths.description(p))).append('\n');
    }
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) continue;
      s.append(".TP\n");
      StringBuilder names = new StringBuilder();
      for (String n : o.names()) {
        if (names.length() > 0) names.append(", ");
        names.append("\\fB").append(escape(n)).append("\\fR");
      }
      if (o.arity().max() > 0) names.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
      s.append(names).append('\n');
      s.append(escape(CommandPaths.description(o))).append('\n');
    }
  }

  private static void footer(StringBuilder s, CommandLine cl) {
    Help help = help(cl);
    String heading = help.footerHeading().strip();
    String footer = help.footer().stripTrailing();
    if (footer.isBlank()) return;
    s.append(".PP\n");
    if (!heading.isEmpty()) s.append("\\fB").append(escape(heading)).append("\\fR\n");
    s.append(".nf\n").append(escape(footer)).append("\n.fi\n");
  }

  private static void paragraphs(StringBuilder s, String text) {
    for (String para : text.strip().split("\n\\s*\n")) {
      if (para.isBlank()) continue;
      s.append(".PP\n").append(escape(para.strip())).append('\n');
    }
  }

  private static Help help(CommandLine cl) {
    return new Help(cl.getCommandSpec(), Help.defaultColorScheme(Help.Ansi.OFF));
  }

  private static String qualified(String name, String path) {
    return path.isEmpty() ? name : name + " " + path;
  }

  private static String quoted(String s) {
    return "\"" + escape(s).replace("\"", "\\(dq") + "\"";
  }

  /**
   * Text made safe for roff: backslashes and hyphens escaped, and no line starting with a control
   * character ({@code .} or {@code '}).
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (out.length() > 0) out.append('\n');
      String l = line.replace("\\", "\\e").replace("-", "\\-");
      if (l.startsWith(".") || l.startsWith("'")) out.append("\\&");
      out.append(l);
    }
    return out.toString();
  }
}
