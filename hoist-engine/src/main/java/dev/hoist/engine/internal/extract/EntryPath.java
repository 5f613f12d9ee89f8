package dev.hoist.engine.internal.extract;

import dev.hoist.engine.internal.failure.UpdateException;
import java.util.ArrayList;
import java.util.List;

/**
 * An archive entry's name, checked and normalized to segments relative to the staging directory.
 * Empty and {@code .} segments are dropped (so {@code ./bin//hoist} is {@code bin/hoist}); empty
 * names, NUL characters, backslashes, absolute paths and any {@code ..} segment are refused, so a
 * parsed path can never leave the directory it is resolved against.
 *
 * @param name the name as the archive spells it, for messages
 * @param segments the normalized path; empty for the staging directory itself ({@code ./})
 * @param directory whether the name ended in {@code /}
 */
record EntryPath(String name, List<String> segments, boolean directory) {

  EntryPath {
    segments = List.copyOf(segments);
  }

  /**
   * Parses an entry name, refusing (as {@code UNSAFE_ARCHIVE_ENTRY}) anything that could escape.
   */
  static EntryPath parse(String name, Failures failures) throws UpdateException {
    if (name.isEmpty()) {
      throw failures.unsafe(name, "empty name");
    }
    String problem = problemWith(name);
    if (problem != null) {
      throw failures.unsafe(name, "path " + problem);
    }
    List<String> segments = new ArrayList<>();
    int depth = 0;
    boolean hasDotDot = false;
    boolean escapes = false;
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        hasDotDot = true;
        depth--;
        escapes |= depth < 0;
        continue;
      }
      depth++;
      segments.add(segment);
    }
    if (escapes) {
      throw failures.unsafe(name, "path escapes the staging directory");
    }
    if (hasDotDot) {
      throw failures.unsafe(name, "path contains a '..' segment");
    }
    return new EntryPath(name, segments, name.endsWith("/"));
  }

  /**
   * Why an entry name is refused outright, as a predicate such as {@code "is absolute"}, or null if
   * it is not: what {@link #malformation} refuses, and absolute and drive-letter paths.
   */
  static String problemWith(String path) {
    String malformed = malformation(path);
    if (malformed != null) {
      return malformed;
    }
    if (isAbsolute(path)) {
      return "is absolute";
    }
    return null;
  }

  /**
   * Why a path (an entry name or a link target) can mean nothing safe anywhere, or null: NUL
   * characters and backslashes (a separator on Windows).
   */
  static String malformation(String path) {
    if (path.indexOf('\0') >= 0) {
      return "contains a NUL character";
    }
    if (path.indexOf('\\') >= 0) {
      return "contains a backslash";
    }
    return null;
  }

  /** True for a path that names the file system's root or a drive: {@code /a}, {@code C:b}. */
  static boolean isAbsolute(String path) {
    return path.startsWith("/")
        || (path.length() >= 2 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0)));
  }

  /** True for the staging directory itself, as in an entry named {@code ./}. */
  boolean isRoot() {
    return segments.isEmpty();
  }

  /** The normalized path with {@code /} separators, unique per location in the staging tree. */
  String key() {
    return String.join("/", segments);
  }

  /** The keys of this path's ancestors inside the staging directory, outermost first. */
  List<String> parentKeys() {
    List<String> keys = new ArrayList<>();
    for (int i = 1; i < segments.size(); i++) {
      keys.add(String.join("/", segments.subList(0, i)));
    }
    return keys;
  }
}
