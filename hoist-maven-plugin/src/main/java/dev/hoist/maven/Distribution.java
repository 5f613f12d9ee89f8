package dev.hoist.maven;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a self-updating distribution is made of: the app's name and version, the main class its
 * launcher runs, the jars of {@code lib/}, and the settings baked into {@code conf/} (registry,
 * channel, publisher keys, and the version command the update's smoke test runs).
 *
 * @param name the command, e.g. {@code greet}: {@code bin/<name>}, {@code <name>-<version>/}
 * @param version the release's version (SemVer 2.0.0)
 * @param mainClass the class the launcher runs
 * @param jars the app's jar and its runtime dependencies, in class-path order
 * @param registry the release registry the distribution updates from, if baked in
 * @param channel the channel it follows, if not {@code stable}
 * @param publicKeys publisher keys (PEM {@code PUBLIC KEY} or raw base64) that must sign manifests
 * @param versionArgs what makes the launcher print its version
 * @param versionPattern finds the version in that output (its one group, else the whole match);
 *     without one, the first thing in the output that looks like a version
 */
public record Distribution(
    String name,
    String version,
    String mainClass,
    List<Path> jars,
    Optional<String> registry,
    Optional<String> channel,
    List<Path> publicKeys,
    List<String> versionArgs,
    Optional<String> versionPattern) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern SEMVER =
      Pattern.compile(
          "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
              + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");
  private static final Pattern JAVA_NAME =
      Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(?:\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
  private static final Pattern URL =
      Pattern.compile("(?:https?://|file:|npm:|maven:|github:)[^\\s\\p{Cntrl}\"\\\\]+");
  private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /**
   * @throws IllegalArgumentException naming the parameter that is wrong and how to fix it
   */
  public Distribution {
    requireName(name);
    if (!SEMVER.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "version '" + version + "' is not a Semantic Version such as 1.2.0 or 1.3.0-beta.1");
    }
    if (!JAVA_NAME.matcher(mainClass).matches()) {
      throw new IllegalArgumentException("mainClass '" + mainClass + "' is not a class name");
    }
    jars = List.copyOf(jars);
    if (jars.isEmpty()) throw new IllegalArgumentException("no jars for lib/");
    registry.ifPresent(
        r -> {
          if (!URL.matcher(r).matches()) {
            throw new IllegalArgumentException(
                "registry '"
                    + r
                    + "' must be an https://, http:// (loopback), file:, npm:, maven: or github:"
                    + " registry without spaces, quotes or backslashes");
          }
        });
    channel.ifPresent(
        c -> {
          if (!CHANNEL.matcher(c).matches()) {
            throw new IllegalArgumentException("channel '" + c + "' must be a plain name");
          }
        });
    publicKeys = List.copyOf(publicKeys);
    versionArgs = List.copyOf(versionArgs);
    versionPattern.ifPresent(
        p -> {
          // The engine's rules (App.pattern): a release whose pattern it refuses could never
          // update itself again.
          if (p.isBlank()) throw new IllegalArgumentException("versionPattern is empty");
          try {
            if (Pattern.compile(p).matcher("").groupCount() > 1) {
              throw new IllegalArgumentException(
                  "versionPattern '"
                      + p
                      + "' has more than one group; keep one around the"
                      + " version and write the others as (?:...)");
            }
          } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException(
                "versionPattern is not a regular expression: " + e.getMessage());
          }
        });
  }

  /** The name of the top directory and of the archive: {@code <name>-<version>}. */
  public String base() {
    return name + "-" + version;
  }

  /**
   * The prefix of the app's environment variables: {@code GREET} for {@code GREET_HOME}. The same
   * rule as the engine's.
   */
  public String prefix() {
    return prefixOf(name);
  }

  /**
   * Variables other tools own ({@code GRADLE_HOME}, {@code JAVA_OPTS}, ...) that this app would
   * read as its own because its prefix is theirs: a user who set one for that tool would point this
   * app's home, registry or JVM options at it. Built from the prefixes of tools whose variables are
   * commonly set; the build warns, it does not refuse.
   */
  public List<String> borrowedVariables() {
    List<String> known =
        List.of(
            "JAVA",
            "JDK",
            "JRE",
            "MAVEN",
            "M2",
            "MVN",
            "GRADLE",
            "ANT",
            "IVY",
            "SBT",
            "GROOVY",
            "SCALA",
            "KOTLIN",
            "CLOJURE",
            "LEIN",
            "JRUBY",
            "JYTHON",
            "GRAALVM",
            "SDKMAN",
            "ANDROID",
            "CATALINA",
            "TOMCAT",
            "JBOSS",
            "WILDFLY",
            "JETTY",
            "SPARK",
            "HADOOP",
            "HIVE",
            "KAFKA",
            "ZOOKEEPER",
            "FLINK",
            "SOLR",
            "JMETER",
            "NODE",
            "NPM",
            "GO",
            "PYTHON",
            "CARGO",
            "RUSTUP");
    if (!known.contains(prefix())) return List.of();
    return List.of(
        prefix() + "_HOME",
        prefix() + "_JAVA_OPTS",
        prefix() + "_REGISTRY",
        prefix() + "_CA_BUNDLE");
  }

  static String prefixOf(String name) {
    String p = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    return Character.isLetter(p.charAt(0)) ? p : "APP_" + p;
  }

  /** A command name: letters, digits, '.', '_' or '-', at most 64. */
  static void requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name '" + name + "' must be letters, digits, '.', '_' or '-' (at most 64)");
    }
  }
}
