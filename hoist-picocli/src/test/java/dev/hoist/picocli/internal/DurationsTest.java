package dev.hoist.picocli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Durations as people write them (issue 15, item 10). */
class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "90s, PT1M30S",
    "10m, PT10M",
    "2h, PT2H",
    "1d, PT24H",
    "1w, PT168H",
    "1h30m, PT1H30M",
    "2d12h, PT60H",
    "1H 30M, PT1H30M",
    "500ms, PT0.5S",
    "PT45M, PT45M"
  })
  void readsWhatPeopleWrite(String text, String iso) {
    assertEquals(Duration.parse(iso), Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "1h30", "soon", "", "1x", "-5m"})
  void refusesAnythingElse_sayingTheForm(String text) {
    CommandLine.TypeConversionException e =
        assertThrows(CommandLine.TypeConversionException.class, () -> Durations.parse(text));
    assertTrue(e.getMessage().contains("write e.g. 30s, 10m, 1h30m, 2d or 1w"), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void aBareNumber_isNamedAsMissingItsUnit() {
    assertEquals(
        "'30' has no unit; write e.g. 30s, 10m, 1h30m, 2d or 1w (30s for seconds)",
        assertThrows(CommandLine.TypeConversionException.class, () -> Durations.parse("30"))
            .getMessage());
  }
}
