package dev.protekt.internal;

import java.util.Optional;

/** The name a misspelt option name was meant to be, for warnings about options that are ignored. */
public final class Names {
  /** More letters off than this, and the names are not taken for one another. */
  private static final int MOST_LETTERS_OFF = 2;

  private Names() {}

  /** The one of {@code known} that {@code name} is or nearly is (two letters off at most). */
  public static Optional<String> closest(String name, Iterable<String> known) {
    String closest = null;
    int best = MOST_LETTERS_OFF + 1;
    for (String candidate : known) {
      int distance = editDistance(name, candidate);
      if (distance < best) {
        closest = candidate;
        best = distance;
      }
    }
    return Optional.ofNullable(closest);
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
