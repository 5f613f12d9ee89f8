package dev.hoist.engine.internal.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

  @Test
  void specExampleOrder_isPrecedenceOrder() {
    // The ordering example of SemVer 2.0.0 §11, shuffled and sorted back.
    List<String> expected =
        List.of(
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "1.10.0",
            "2.0.0");
    List<Version> shuffled = new ArrayList<>(expected.stream().map(Version::parse).toList());
    Collections.shuffle(shuffled, new Random(42));
    Collections.sort(shuffled);
    assertEquals(expected, shuffled.stream().map(Version::toString).toList());
  }

  @Test
  void buildMetadata_ignoredForPrecedenceButKeptForEquality() {
    Version a = Version.parse("1.0.0+build.1");
    Version b = Version.parse("1.0.0+build.2");
    assertEquals(0, a.compareTo(b));
    assertTrue(a.samePrecedence(b));
    assertNotEquals(a, b);
    assertEquals("build.1", a.build());
  }

  @Test
  void numericIdentifiers_compareNumerically() {
    assertTrue(Version.parse("1.0.0-2").compareTo(Version.parse("1.0.0-10")) < 0);
    assertTrue(Version.parse("1.0.0-10").compareTo(Version.parse("1.0.0-a")) < 0);
    assertTrue(Version.parse("10.0.0").isNewerThan(Version.parse("9.99.99")));
  }

  @Test
  void preRelease_isDetected() {
    assertTrue(Version.parse("1.2.0-beta.1").isPreRelease());
    assertFalse(Version.parse("1.2.0").isPreRelease());
    assertEquals(List.of("beta", "1"), Version.parse("1.2.0-beta.1").preRelease());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1",
        "1.0",
        "v1.0.0",
        "01.0.0",
        "1.0.0-",
        "1.0.0-01",
        "1.0.0+",
        "1.0.0-a..b",
        "1.0.0 beta",
        "99999999999999999999.0.0"
      })
  void invalid_isRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> Version.parse(text));
  }

  @Test
  void everyNumericPart_countsInTheOrder() {
    assertTrue(Version.parse("1.0.1").isNewerThan(Version.parse("1.0.0")), "patch");
    assertTrue(Version.parse("1.1.0").isNewerThan(Version.parse("1.0.9")), "minor");
    assertTrue(Version.parse("2.0.0").isNewerThan(Version.parse("1.9.9")), "major");
    assertFalse(Version.parse("1.0.0").isNewerThan(Version.parse("1.0.1")));
    assertTrue(Version.parse("1.0.0").compareTo(Version.parse("1.0.1")) < 0);
  }

  @Test
  void aVersionIsNotNewerThanItself_norThanOneOfEqualPrecedence() {
    Version v = Version.parse("1.2.3");
    assertFalse(v.isNewerThan(Version.parse("1.2.3")));
    assertFalse(v.isNewerThan(Version.parse("1.2.3+build.7")));
    assertTrue(v.samePrecedence(Version.parse("1.2.3+build.7")));
  }

  @Test
  void aLongerPreRelease_withEqualIdentifiers_isNewer() {
    Version shorter = Version.parse("1.0.0-alpha");
    Version longer = Version.parse("1.0.0-alpha.1");
    assertTrue(longer.isNewerThan(shorter));
    assertTrue(shorter.compareTo(longer) < 0);
    assertEquals(0, longer.compareTo(Version.parse("1.0.0-alpha.1")));
  }

  @Test
  void equality_andHash_followTheText() {
    assertEquals(Version.parse("1.2.3"), Version.parse(" 1.2.3 ".strip()));
    assertEquals(Version.parse("1.2.3").hashCode(), Version.parse("1.2.3").hashCode());
    assertNotEquals(Version.parse("1.2.3"), Version.parse("1.2.3+b"));
    assertNotEquals(Version.parse("1.2.3"), (Object) "1.2.3");
    assertNotEquals(
        Version.parse("1.0.0").hashCode(), Version.parse("2.0.0").hashCode(), "spreads in a map");
    assertEquals(
        2,
        new java.util.HashSet<>(
                List.of(Version.parse("1.0.0"), Version.parse("1.0.0"), Version.parse("2.0.0")))
            .size());
  }

  @Test
  void lenient_fillsInMissingParts_andRefusesWhatItCannotRead() {
    assertEquals(Version.parse("1.2.0"), Version.lenient("1.2").orElseThrow());
    assertEquals(Version.parse("3.0.0"), Version.lenient(" 3 ").orElseThrow());
    assertEquals(Version.parse("1.2.0-beta"), Version.lenient("1.2-beta").orElseThrow());
    assertEquals(Version.parse("1.2.3"), Version.lenient("1.2.3").orElseThrow());
    assertTrue(Version.lenient("1.2.3.4").isEmpty());
    assertTrue(Version.lenient("1.0.Final").isEmpty());
    assertTrue(Version.lenient("1.2-01").isEmpty(), "a leading zero in a numeric qualifier");
  }

  @Test
  void mavenVersions_followMavensOrder() {
    List<String> ascending =
        List.of(
            "1.0-alpha-1",
            "1.0-beta",
            "1.0-M3",
            "1.0-RC1",
            "1.0-SNAPSHOT",
            "1.0",
            "1.0-sp1",
            "1.0.1",
            "1.0.1.1",
            "1.1",
            "9.4.8.0",
            "9.4.10.0",
            "10");
    for (int i = 0; i + 1 < ascending.size(); i++) {
      Version lower = Version.maven(ascending.get(i));
      Version higher = Version.maven(ascending.get(i + 1));
      assertTrue(higher.isNewerThan(lower), higher + " > " + lower);
      assertFalse(lower.isNewerThan(higher), lower + " < " + higher);
    }
    List<String> shuffled = new ArrayList<>(ascending);
    Collections.shuffle(shuffled, new Random(7));
    assertEquals(
        ascending, shuffled.stream().map(Version::maven).sorted().map(Version::toString).toList());
  }

  @Test
  void mavenVersions_ofEqualPrecedence_keepTheirText() {
    for (String same :
        List.of("1.0.0", "1.0", "1", "1.0.Final", "1.0-GA", "1-final", "1.0.RELEASE")) {
      Version v = Version.maven(same);
      assertTrue(v.samePrecedence(Version.maven("1")), same);
      assertEquals(same, v.toString());
    }
    assertTrue(Version.maven("1.0-ALPHA-1").samePrecedence(Version.maven("1.0-alpha-1")));
    assertTrue(Version.maven("2.0.0-b1").samePrecedence(Version.maven("2.0.0-beta-1")));
  }

  @Test
  void mavenPreReleases_areTheQualifiersThatSaySo() {
    for (String pre :
        List.of(
            "1.0-alpha-1",
            "1.0-beta",
            "2.0-M3",
            "1.0-RC1",
            "4.0.0-rc-4",
            "1.0-SNAPSHOT",
            "2.0.0-b1",
            "1.0.0.CR2",
            "17-ea",
            "2.0-preview")) {
      assertTrue(Version.maven(pre).isPreRelease(), pre);
    }
    for (String release :
        List.of(
            "1.0.Final",
            "1.0-GA",
            "1.0.RELEASE",
            "1.0-sp1",
            "31.1-jre",
            "9.4.8.0",
            "9.4.8.v20171121",
            "1.0-m",
            "2.5")) {
      assertFalse(Version.maven(release).isPreRelease(), release);
    }
  }

  @Test
  void aMavenVersion_mustBeAbleToNameADirectory() {
    for (String bad :
        List.of("", "../1.0", ".1", "1/2", "1..2", "1 2", "x".repeat(129), "latest", "RELEASE")) {
      assertThrows(IllegalArgumentException.class, () -> Version.maven(bad), bad);
    }
  }

  @Test
  void aSemVerAndAMavenVersion_compareInMavensOrder() {
    assertTrue(Version.maven("1.2.1").isNewerThan(Version.parse("1.2.0")));
    assertTrue(Version.parse("1.2.0").samePrecedence(Version.maven("1.2")));
    assertTrue(Version.like(Version.maven("1"), "1.2.3.4").isMaven());
    assertFalse(Version.readAny("1.2.3").orElseThrow().isMaven(), "SemVer first");
    assertTrue(Version.readAny("1.2.3.4").orElseThrow().isMaven(), "else Maven's");
    assertTrue(Version.readAny("../x").isEmpty());
    assertFalse(Version.like(Version.parse("1.0.0"), "1.2.3").isMaven());
    assertThrows(IllegalArgumentException.class, () -> Version.like(Version.parse("1.0.0"), "1.2"));
  }
}
