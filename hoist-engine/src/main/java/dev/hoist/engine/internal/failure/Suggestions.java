package dev.hoist.engine.internal.failure;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for a mistyped key: the known one nearest to it, if any is near. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The known word within two edits of {@code typed} (case ignored), the nearest first; empty when
   * none is that close.
   */
  public static Optional<String> nearest(String typed, Collection<String> known) {
    String t = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = 3;
    for (String k : known) {
      int d = distance(k.toLowerCase(Locale.ROOT), t);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code did you mean "x"? } for a message, or nothing. */
  public static String didYouMean(String typed, Collection<String> known) {
    return nearest(typed, known).map(k -> "did you mean \"" + k + "\"? ").orElse("");
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) row[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int up = row[j];
        row[j] =
            Math.min(
                Math.min(row[j] + 1, row[j - 1] + 1),
                diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
        diagonal = up;
      }
    }
    return row[b.length()];
  }
}
