package dev.hoist.picocli.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses durations as people write them: {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}, {@code
 * 1w}, compounds such as {@code 1h30m} or {@code 2d12h}, {@code 500ms}, or ISO-8601 ({@code PT1H}).
 * A bare number is refused: {@code 30} could mean seconds or minutes, and a wrong guess is a pause
 * sixty times too short.
 */
public final class Durations implements CommandLine.ITypeConverter<Duration> {
  private static final String FORM = "write e.g. 30s, 10m, 1h30m, 2d or 1w";
  private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h|d|w))+");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT).replace(" ", "");
    if (v.matches("\\d+")) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' has no unit; " + FORM + " (" + v + "s for seconds)");
    }
    if (WHOLE.matcher(v).matches()) {
      Duration total = Duration.ZERO;
      Matcher m = PART.matcher(v);
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  case "h" -> Duration.ofHours(n);
                  case "d" -> Duration.ofDays(n);
                  default -> Duration.ofDays(7 * n);
                });
      }
      return total;
    }
    try {
      return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; " + FORM);
    }
  }
}
