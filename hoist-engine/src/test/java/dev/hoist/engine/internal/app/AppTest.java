package dev.hoist.engine.internal.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AppTest {
  private static App withPattern(String regex) {
    return new App("tool", "bin/tool", List.of("--version"), App.pattern(regex));
  }

  @Test
  void hoist_readsItsOwnVersionLineOnly() {
    assertEquals(
        Optional.of("1.2.0"), App.HOIST.versionLine("hoist 1.2.0\n").map(App.VersionLine::version));
    assertEquals(
        Optional.empty(), App.HOIST.versionLine("xhoist 1.2.0\n").map(App.VersionLine::version));
    assertEquals(
        Optional.empty(),
        App.HOIST.versionLine("hoist 1.2.0 extra\n").map(App.VersionLine::version));
    assertEquals(
        List.of("/opt/h/bin/hoist", "--version"), App.HOIST.versionCommand(Path.of("/opt/h")));
  }

  /** The default pattern on what real tools print for --version. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Apache Maven 3.9.9 (8e8579a9e76f7d015ee5ec7bfcdc97d260186937)|3.9.9",
        "gh version 2.62.0 (2024-11-14)|2.62.0",
        "v20.11.1|20.11.1",
        "ripgrep 14.1.1|14.1.1",
        "jq-1.7.1|1.7.1",
        "tool 2.0.0-rc.1+build.5|2.0.0-rc.1",
        "Gradle 8.10|8.10"
      })
  void defaultPattern_findsTheVersionInCommonOutputs(String output, String version) {
    App app = withPattern(App.DEFAULT_VERSION_PATTERN);
    assertEquals(
        Optional.of(version),
        app.versionLine("\n" + output + "\nmore text 9.9.9\n").map(App.VersionLine::version));
  }

  @Test
  void patternWithoutGroup_reportsTheWholeMatch_andTheFirstMatchingLineWins() {
    App app = withPattern("\\d+\\.\\d+\\.\\d+");
    assertEquals(
        Optional.of("1.0.0"),
        app.versionLine("banner\nrelease 1.0.0\nlib 2.0.0\n").map(App.VersionLine::version));
    assertEquals(
        Optional.empty(), app.versionLine("no version here").map(App.VersionLine::version));
  }

  @ParameterizedTest
  @CsvSource({
    "1.2.0,1.2.0",
    "v1.2.0,1.2.0",
    "V1.2.0,1.2.0",
    "1.2.0+abc,1.2.0",
    "8.10,8.10.0",
    "3,3.0.0"
  })
  void sameVersion_acceptsTheSameTextOrPrecedence(String reported, String expected) {
    assertTrue(App.sameVersion(reported, expected));
  }

  @ParameterizedTest
  @CsvSource({"1.2.1,1.2.0", "1.2.0-rc.1,1.2.0", "1.2,1.2.1", "1.2.0.1,1.2.0", "banana,1.2.0"})
  void sameVersion_refusesAnythingElse(String reported, String expected) {
    assertFalse(App.sameVersion(reported, expected));
  }

  @Test
  void pattern_refusesTwoGroupsAndBrokenExpressions() {
    IllegalArgumentException two =
        assertThrows(IllegalArgumentException.class, () -> App.pattern("(a)(b)"));
    assertTrue(two.getMessage().contains("more than one group"), two.getMessage());
    IllegalArgumentException broken =
        assertThrows(IllegalArgumentException.class, () -> App.pattern("(unclosed"));
    assertTrue(broken.getMessage().contains("not a valid regular expression"), broken.getMessage());
    assertEquals(1, App.pattern("a(?:b)(c)").matcher("").groupCount());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "/bin/tool", "../tool", "bin/../../tool", "bin\\tool", "bin/", "./bin/tool"})
  void launcher_mustStayInsideTheRelease(String launcher) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new App("tool", launcher, List.of(), Pattern.compile("x")));
    assertTrue(e.getMessage().contains("relative path inside the release"), e.getMessage());
  }

  @Test
  void describeVersionCommand_isWhatAUserWouldType() {
    App app = new App("mvn", "bin/mvn", List.of("-v", "-B"), Pattern.compile("x"));
    assertEquals("bin/mvn -v -B", app.describeVersionCommand());
  }
}
