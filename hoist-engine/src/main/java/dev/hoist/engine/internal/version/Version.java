package dev.hoist.engine.internal.version;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * A release version, in one of two orders. A Semantic Versioning 2.0.0 version ({@link #parse}) is
 * ordered by SemVer precedence: build metadata is kept for display but ignored by {@link
 * #compareTo} (so {@code 1.0.0+a} and {@code 1.0.0+b} compare equal while {@link #equals} tells
 * them apart). A version published to a Maven repository ({@link #maven}) is ordered as Maven
 * orders it, by {@code maven-artifact}'s {@link ComparableVersion}: {@code 9.4.8.0}, {@code
 * 1.0.Final}, {@code 2.0-M3}, {@code 1.0-sp1}. Two versions compare in Maven's order as soon as one
 * of them is a Maven version, so a registry's versions and the installed one share one order.
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

  /** Maven's reading of the text, for a Maven version; null for a SemVer one. */
  private final ComparableVersion maven;

  private final boolean mavenPreRelease;

  /**
   * What a Maven version may hold here: it names a directory ({@code versions/<v>}) and a path
   * segment of the artifact's URL, so no separator, no leading dot and no {@code ..}.
   */
  private static final Pattern MAVEN_SAFE = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._+-]{0,127}");

  /**
   * Qualifiers that make a Maven version a pre-release: Maven's own (alpha, beta, milestone, rc,
   * snapshot, and a1 / b1 / m1) and the words publishers use for previews. {@code Final}, {@code
   * GA}, {@code RELEASE}, service packs ({@code sp1}) and other words ({@code jre}, {@code
   * android}) are releases.
   */
  private static final java.util.Set<String> PRE_RELEASE_WORDS =
      java.util.Set.of(
          "alpha",
          "beta",
          "milestone",
          "rc",
          "cr",
          "snapshot",
          "preview",
          "pre",
          "ea",
          "dev",
          "nightly");

  private Version(
      long major, long minor, long patch, List<String> preRelease, String build, String text) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.preRelease = preRelease;
    this.build = build;
    this.text = text;
    this.maven = null;
    this.mavenPreRelease = false;
  }

  private Version(String text, ComparableVersion maven, boolean preRelease) {
    this.major = -1;
    this.minor = -1;
    this.patch = -1;
    this.preRelease = List.of();
    this.build = null;
    this.text = text;
    this.maven = maven;
    this.mavenPreRelease = preRelease;
  }

  /**
   * Reads a version as a Maven repository publishes it, in Maven's order: any number of numeric
   * parts, qualifiers, mixed case and separators.
   *
   * @throws IllegalArgumentException when the text has no digit (a word such as {@code latest} or
   *     {@code RELEASE} is not a version) or cannot name a version directory (a path separator, a
   *     leading dot, {@code ..}, other characters, more than 128 of them)
   */
  public static Version maven(String text) {
    Objects.requireNonNull(text, "version");
    String t = text.strip();
    if (!MAVEN_SAFE.matcher(t).matches()
        || t.contains("..")
        || t.chars().noneMatch(Character::isDigit)) {
      throw new IllegalArgumentException("not a version Hoist can install: '" + text + "'");
    }
    return new Version(t, new ComparableVersion(t), isMavenPreRelease(t));
  }

  /**
   * {@code text} as a SemVer version, else as a Maven one, else empty: for a version Hoist wrote
   * itself (a version directory, an expected version) whose registry is not at hand.
   */
  public static Optional<Version> readAny(String text) {
    try {
      return Optional.of(parse(text));
    } catch (IllegalArgumentException notSemVer) {
      try {
        return Optional.of(maven(text));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
  }

  /** {@code text} read in the same order as {@code sample}: Maven's, or SemVer's. */
  public static Version like(Version sample, String text) {
    return sample.isMaven() ? maven(text) : parse(text);
  }

  /** True for a version read by {@link #maven}, ordered as Maven orders versions. */
  public boolean isMaven() {
    return maven != null;
  }

  private static boolean isMavenPreRelease(String text) {
    String t = text.toLowerCase(java.util.Locale.ROOT);
    int i = 0;
    while (i < t.length()) {
      char c = t.charAt(i);
      if (!Character.isLetter(c)) {
        i++;
        continue;
      }
      int start = i;
      while (i < t.length() && Character.isLetter(t.charAt(i))) i++;
      String word = t.substring(start, i);
      boolean digitFollows = i < t.length() && Character.isDigit(t.charAt(i));
      if (digitFollows && word.length() == 1) {
        word =
            switch (word) {
              case "a" -> "alpha";
              case "b" -> "beta";
              case "m" -> "milestone";
              default -> word;
            };
      }
      if (PRE_RELEASE_WORDS.contains(word)) return true;
    }
    return false;
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

  public boolean isPreRelease() {
    return maven != null ? mavenPreRelease : !preRelease.isEmpty();
  }

  public List<String> preRelease() {
    return Collections.unmodifiableList(new ArrayList<>(preRelease));
  }

  @Override
  public int compareTo(Version o) {
    if (maven != null || o.maven != null) return mavenOrder().compareTo(o.mavenOrder());
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

  private ComparableVersion mavenOrder() {
    return maven != null ? maven : new ComparableVersion(text);
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
