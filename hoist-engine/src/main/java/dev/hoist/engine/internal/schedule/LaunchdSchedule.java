package dev.hoist.engine.internal.schedule;

import dev.hoist.engine.internal.io.Durable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A launchd agent on macOS: {@code ~/Library/LaunchAgents/dev.hoist.update.plist} with a {@code
 * StartInterval}, loaded with {@code launchctl load -w}. launchd has no randomized delay; the
 * interval counts from when the agent was loaded, which already differs from machine to machine.
 */
public final class LaunchdSchedule implements Scheduler {
  static final String LABEL = "dev.hoist.update";
  private static final Pattern INTERVAL =
      Pattern.compile("<key>StartInterval</key>\\s*<integer>(\\d+)</integer>");

  private final Commands commands;
  private final Path plist;

  /**
   * @param agentsDir {@code ~/Library/LaunchAgents}
   */
  public LaunchdSchedule(Commands commands, Path agentsDir) {
    this.commands = commands;
    this.plist = agentsDir.resolve(LABEL + ".plist");
  }

  @Override
  public String backend() {
    return "launchd";
  }

  @Override
  public boolean enable(Job job) throws IOException {
    String text = plist(job);
    if (Files.isRegularFile(plist)
        && Files.readString(plist, StandardCharsets.UTF_8).equals(text)) {
      return false;
    }
    Files.createDirectories(plist.getParent());
    commands.run(List.of("launchctl", "unload", plist.toString()), ""); // fails if not loaded
    Durable.writeAtomically(plist, text.getBytes(StandardCharsets.UTF_8));
    Commands.Result r = commands.run(List.of("launchctl", "load", "-w", plist.toString()), "");
    if (r.code() != 0) throw new IOException("launchctl load failed: " + r.err().strip());
    return true;
  }

  @Override
  public boolean disable() throws IOException {
    if (!Files.exists(plist)) return false;
    commands.run(List.of("launchctl", "unload", "-w", plist.toString()), "");
    Files.delete(plist);
    return true;
  }

  @Override
  public Optional<ScheduleStatus> status() throws IOException {
    if (!Files.isRegularFile(plist)) return Optional.empty();
    Matcher m = INTERVAL.matcher(Files.readString(plist, StandardCharsets.UTF_8));
    String every = m.find() ? (Long.parseLong(m.group(1)) / 60) + "m" : null;
    return Optional.of(new ScheduleStatus("launchd", every, null, plist.toString()));
  }

  /** The agent's property list. */
  static String plist(Job job) {
    StringBuilder args = new StringBuilder();
    for (String w : job.command()) {
      args.append("    <string>").append(xml(w)).append("</string>\n");
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\""
        + " \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
        + "<plist version=\"1.0\">\n"
        + "<dict>\n"
        + "  <key>Label</key>\n"
        + "  <string>"
        + LABEL
        + "</string>\n"
        + "  <key>ProgramArguments</key>\n"
        + "  <array>\n"
        + args
        + "  </array>\n"
        + "  <key>StartInterval</key>\n"
        + "  <integer>"
        + job.every().toSeconds()
        + "</integer>\n"
        + "  <key>RunAtLoad</key>\n"
        + "  <false/>\n"
        + "  <key>ProcessType</key>\n"
        + "  <string>Background</string>\n"
        + "  <key>StandardInPath</key>\n"
        + "  <string>/dev/null</string>\n"
        + "  <key>StandardOutPath</key>\n"
        + "  <string>/dev/null</string>\n"
        + "  <key>StandardErrorPath</key>\n"
        + "  <string>/dev/null</string>\n"
        + "</dict>\n"
        + "</plist>\n";
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
