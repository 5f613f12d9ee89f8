package dev.hoist.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The examples are outside projects: they name Hoist's artifacts by a literal version, which must
 * be the one this build makes (the invoker run would otherwise build them against another).
 */
class ExamplesTest {
  @Test
  void everyExampleUsesTheVersionThisReactorBuilds() throws Exception {
    String reactor = System.getProperty("hoist.reactor.version");
    assertTrue(reactor != null && !reactor.isBlank(), "hoist.reactor.version is set by surefire");
    List<Path> poms;
    try (Stream<Path> s = Files.list(Path.of("examples"))) {
      poms = s.map(d -> d.resolve("pom.xml")).filter(Files::isRegularFile).toList();
    }
    assertTrue(!poms.isEmpty(), "examples/*/pom.xml");
    Pattern version = Pattern.compile("<hoist\\.version>([^<]+)</hoist\\.version>");
    for (Path pom : poms) {
      Matcher m = version.matcher(Files.readString(pom));
      assertTrue(m.find(), pom + " names Hoist's version in <hoist.version>");
      assertEquals(reactor, m.group(1), pom + ": the version of Hoist it builds against");
    }
  }
}
