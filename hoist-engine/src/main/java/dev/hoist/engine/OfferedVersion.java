package dev.hoist.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version a registry offers ({@code hoist versions}). The channel names and the notes URL come
 * from the registry, so they are kept free of control characters ({@link ReleaseInfo#printable}),
 * as release notes are: a manifest must not be able to write escape sequences to a terminal.
 *
 * @param version the version
 * @param channels the channels that name it, e.g. {@code [stable]}
 * @param installable true when it has an archive for this platform
 * @param installed true when it is the installed version
 * @param notesUrl where to read about it; empty when none
 */
public record OfferedVersion(
    String version,
    List<String> channels,
    boolean installable,
    boolean installed,
    String notesUrl) {
  public OfferedVersion {
    channels = channels.stream().map(c -> ReleaseInfo.printable(c, false)).toList();
    notesUrl = notesUrl == null ? "" : ReleaseInfo.printable(notesUrl, false);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", version);
    m.put("channels", channels);
    m.put("installable", installable);
    m.put("installed", installed);
    if (!notesUrl.isEmpty()) m.put("notesUrl", notesUrl);
    return m;
  }
}
