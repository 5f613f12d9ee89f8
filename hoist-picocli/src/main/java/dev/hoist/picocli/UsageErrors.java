package dev.hoist.picocli;

import dev.hoist.picocli.internal.Output;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Usage errors in one line, as {@code git}, {@code gh} and {@code rustup} print them, instead of
 * picocli's default of the whole help text:
 *
 * <pre>
 * app: error: unknown option '--bogus' (did you mean '--dry-run'?)
 * Run 'app update --help' for usage.
 * </pre>
 *
 * on stderr, exit 2. With {@code --json} among the arguments, one JSON object on stdout instead:
 * {@code {"status": "failed", "error": "usage-error", "message": "..."}}. An app that embeds {@link
 * UpdateCommand} gets the same by {@code commandLine.setParameterExceptionHandler(new
 * UsageErrors())}.
 */
public final class UsageErrors implements CommandLine.IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    String message = message(e);
    int code = cl.getCommandSpec().exitCodeOnInvalidInput();
    if (List.of(args).contains("--json")) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("status", "failed");
      json.put("error", "usage-error");
      json.put("message", message);
      json.put("exitCode", code);
      Output.json(cl.getOut(), json);
      return code;
    }
    PrintWriter err = cl.getErr();
    err.println(root(cl).getCommandName() + ": error: " + message);
    err.println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return code;
  }

  /** What was wrong, with a suggestion where picocli has one. */
  static String message(ParameterException e) {
    String text = e.getMessage();
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      boolean command = !u.isUnknownOption() && !e.getCommandLine().getSubcommands().isEmpty();
      text =
          (u.isUnknownOption()
              ? "unknown option '" + first + "'"
              : command
                  ? "unknown command '" + first + "'"
                  : "unexpected argument '" + first + "'");
      List<String> suggestions = u.getSuggestions();
      if (!suggestions.isEmpty()) {
        text +=
            " (did you mean '"
                + String.join("' or '", suggestions.subList(0, Math.min(2, suggestions.size())))
                + "'?)";
      }
      return text;
    }
    if (text == null || text.isEmpty()) return "invalid command line";
    boolean capitalised =
        text.length() > 1
            && Character.isUpperCase(text.charAt(0))
            && Character.isLowerCase(text.charAt(1));
    return capitalised ? text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1) : text;
  }

  private static CommandLine root(CommandLine cl) {
    while (cl.getParent() != null) cl = cl.getParent();
    return cl;
  }
}
