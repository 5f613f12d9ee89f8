package dev.hoist.engine.internal.version;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version. Ordering is SemVer precedence: build metadata is kept for
 * display but ignored by {@link #compareTo} (so {@code 1.0.0+a} and {@code 1.0.0+b} compare equal
 * while {@link #equals} tells them apart).
 */
public final class Version implements Comparable<Version> {
  private static final Pattern SHORT =
      Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z.-]+))?");
  private static final Pattern SEMVER =
      Pattern.compile(
          "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
              + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

  private final long major;
  private final long minor;
  private final long patch;
  private final List<String> preRelease;
  private final String build;
  private final String text;

  private Version(
      long major, long minor, long patch, List<String> preRelease, String build, String text) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.preRelease = preRelease;
    this.build = build;
    this.text = text;
  }

  /**
   * Parses a version such as {@code 1.2.3}, {@code 1.2.3-beta.1} or {@code 1.2.3+build.5}. A
   * leading {@code v} is not accepted: versions in manifests and on the command line are bare.
   *
   * @throws IllegalArgumentException if the text is not a valid SemVer 2.0.0 version
   */
  public static Version parse(String text) {
    Objects.requireNonNull(text, "version");
    Matcher m = SEMVER.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a semantic version: '" + text + "'");
    }
    try {
      List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\.", -1));
      return new Version(
          Long.parseLong(m.group(1)),
          Long.parseLong(m.group(2)),
          Long.parseLong(m.group(3)),
          pre,
          m.group(5),
          m.group());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("version number too large: '" + text + "'", e);
    }
  }

  /**
   * Reads a version as tools and Maven write them, filling in what SemVer requires: {@code 1.2} is
   * {@code 1.2.0}, {@code 3} is {@code 3.0.0}, {@code 1.2-beta} is {@code 1.2.0-beta}. Empty for
   * anything else, e.g. {@code 1.0.Final} or {@code 1.2.3.4}.
   */
  public static Optional<Version> lenient(String text) {
    Matcher m = SHORT.matcher(text.strip());
    if (!m.matches()) return Optional.empty();
    String semver =
        m.group(1)
            + "."
            + Optional.ofNullable(m.group(2)).orElse("0")
            + "."
            + Optional.ofNullable(m.group(3)).orElse("0")
            + (m.group(4) == null ? "" : "-" + m.group(4));
    try {
      return Optional.of(parse(semver));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // e.g. a leading zero in a numeric qualifier
    }
  }

  /** Returns true if the text parses as a version. */
  public static boolean isValid(String text) {
    return text != null && SEMVER.matcher(text.strip()).matches();
  }

  public boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  public List<String> preRelease() {
    return Collections.unmodifiableList(new ArrayList<>(preRelease));
  }

  @Override
  public int compareTo(Version o) {
    int c = Long.compare(major, o.major);
    if (c == 0) c = Long.compare(minor, o.minor);
    if (c == 0) c = Long.compare(patch, o.patch);
    if (c != 0) return c;
    if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
      // A version without a pre-release has higher precedence than one with.
      return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
    }
    for (int i = 0; i < Math.min(preRelease.size(), o.preRelease.size()); i++) {
      c = comparePreReleaseId(preRelease.get(i), o.preRelease.get(i));
      if (c != 0) return c;
    }
    return Integer.compare(preRelease.size(), o.preRelease.size());
  }

  private static int comparePreReleaseId(String a, String b) {
    boolean aNum = a.chars().allMatch(Character::isDigit);
    boolean bNum = b.chars().allMatch(Character::isDigit);
    if (aNum && bNum) {
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
    if (aNum != bNum) return aNum ? -1 : 1; // numeric identifiers sort before alphanumeric ones
    return a.compareTo(b);
  }

  public boolean isNewerThan(Version other) {
    return compareTo(other) > 0;
  }

  /** True if both have the same precedence (build metadata ignored). */
  public boolean samePrecedence(Version other) {
    return compareTo(other) == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Version v && text.equals(v.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  /** The build metadata after {@code +}, or null. */
  public String build() {
    return build;
  }
}
