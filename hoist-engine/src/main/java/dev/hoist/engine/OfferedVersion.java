package dev.hoist.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version a registry offers ({@code hoist versions}).
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
    channels = List.copyOf(channels);
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
