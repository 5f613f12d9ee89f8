package dev.hoist.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Hoist reads from the process environment, captured once in {@link Main}: environment
 * variables, the install directory the launcher passed, and the few system properties used.
 *
 * @param variables the environment variables
 * @param installDir the directory of the running distribution ({@code -Dhoist.install.dir}, set by
 *     {@code bin/hoist}); empty for a development build
 * @param userHome the user's home directory
 * @param osName {@code os.name}
 * @param osArch {@code os.arch}
 * @param javaHome {@code java.home} of the running JVM
 * @param interactive true when a person is at a terminal (a console is attached)
 */
public record Environment(
    Map<String, String> variables,
    Optional<Path> installDir,
    Path userHome,
    String osName,
    String osArch,
    Path javaHome,
    boolean interactive) {

  public Environment {
    variables = Map.copyOf(variables);
  }

  /** The variable's value, empty when unset or blank. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
  }

  public Environment withVariable(String name, String value) {
    var copy = new java.util.HashMap<>(variables);
    copy.put(name, value);
    return new Environment(copy, installDir, userHome, osName, osArch, javaHome, interactive);
  }

  public Environment withInstallDir(Path dir) {
    return new Environment(
        variables, Optional.ofNullable(dir), userHome, osName, osArch, javaHome, interactive);
  }
}
