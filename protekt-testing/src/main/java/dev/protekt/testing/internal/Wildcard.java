package dev.protekt.testing.internal;

import java.util.Arrays;
import java.util.List;

/**
 * A {@code q} value where a wildcard stands for any run of characters, compared without regard to
 * case. It matches in time linear in the text and the pattern, whatever the number of wildcards:
 * the parts between them are found left to right, each at its first place (Knuth-Morris-Pratt),
 * which is enough for a pattern whose only wildcard is {@code *}.
 */
final class Wildcard {
  /** The parts between the wildcards, case-folded; one part for a value without a wildcard. */
  private final int[][] parts;
  /** For each part, the Knuth-Morris-Pratt failure table. */
  private final int[][] failures;

  /** @param split the value's parts between its wildcards, as {@link UserQuery} reads them */
  Wildcard(List<String> split) {
    parts = new int[split.size()][];
    failures = new int[split.size()][];
    for (int i = 0; i < split.size(); i++) {
      parts[i] = fold(split.get(i));
      failures[i] = failure(parts[i]);
    }
  }

  boolean matches(String value) {
    int[] text = fold(value);
    int[] first = parts[0];
    int[] last = parts[parts.length - 1];
    if (parts.length == 1) {
      return Arrays.equals(text, first);
    }
    if (text.length < first.length + last.length
        || !regionEquals(text, 0, first) || !regionEquals(text, text.length - last.length, last)) {
      return false;
    }
    int from = first.length;
    int to = text.length - last.length;
    for (int i = 1; i < parts.length - 1; i++) {
      int found = indexOf(text, from, to, parts[i], failures[i]);
      if (found < 0) {
        return false;
      }
      from = found + parts[i].length;
    }
    return true;
  }

  /** The code points of {@code s}, folded as {@link String#equalsIgnoreCase} compares them. */
  private static int[] fold(String s) {
    return s.codePoints().map(c -> Character.toLowerCase(Character.toUpperCase(c))).toArray();
  }

  private static boolean regionEquals(int[] text, int at, int[] part) {
    return Arrays.equals(text, at, at + part.length, part, 0, part.length);
  }

  private static int[] failure(int[] part) {
    int[] failure = new int[part.length];
    for (int i = 1, k = 0; i < part.length; i++) {
      while (k > 0 && part[i] != part[k]) {
        k = failure[k - 1];
      }
      if (part[i] == part[k]) {
        k++;
      }
      failure[i] = k;
    }
    return failure;
  }

  /** @return the first index in {@code [from, to)} where the whole part fits, or -1 */
  private static int indexOf(int[] text, int from, int to, int[] part, int[] failure) {
    if (part.length == 0) {
      return from;
    }
    for (int i = from, k = 0; i < to; i++) {
      while (k > 0 && text[i] != part[k]) {
        k = failure[k - 1];
      }
      if (text[i] == part[k]) {
        k++;
      }
      if (k == part.length) {
        return i - part.length + 1;
      }
    }
    return -1;
  }
}
