package dev.hoist.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a person wants to know about a release before and after installing it: its notes, where to
 * read more, what is downloaded and how big it is. Everything here comes from the registry, so it
 * is shown as text with control characters removed ({@link #printable}), never as terminal input.
 *
 * @param version the release
 * @param notes its notes (a manifest's {@code notes}, a GitHub release's body); empty when none
 * @param notesUrl where to read about it (a GitHub release page, npmjs.com, Maven Central); empty
 *     when none
 * @param url the archive that is downloaded
 * @param size the archive's size in bytes; -1 when the registry does not say
 */
public record ReleaseInfo(String version, String notes, String notesUrl, String url, long size) {
  /** The longest notes a result carries; a registry's text is input, and input is bounded. */
  public static final int MAX_NOTES = 16 * 1024;

  public ReleaseInfo {
    notes = printable(notes == null ? "" : notes, true).strip();
    if (notes.length() > MAX_NOTES) notes = notes.substring(0, MAX_NOTES) + "\n...";
    notesUrl = printable(notesUrl == null ? "" : notesUrl, false);
    url = printable(url, false);
  }

  /**
   * {@code text} without control characters (an escape sequence in release notes would otherwise
   * reach the user's terminal): line breaks kept when {@code lines}, tabs made spaces, the rest
   * dropped.
   */
  public static String printable(String text, boolean lines) {
    StringBuilder b = new StringBuilder(text.length());
    text.replace("\r\n", "\n")
        .codePoints()
        .forEach(
            c -> {
              if (c == '\n' && lines) b.append('\n');
              else if (c == '\t') b.append(' ');
              else if (!Character.isISOControl(c) && Character.getType(c) != Character.FORMAT) {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }

  /** The fields for JSON: {@code notes}, {@code notesUrl} only when there are any. */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", url);
    if (size >= 0) m.put("size", size);
    if (!notes.isEmpty()) m.put("notes", notes);
    if (!notesUrl.isEmpty()) m.put("notesUrl", notesUrl);
    return m;
  }
}
