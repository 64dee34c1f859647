package dev.protekt.internal;

/** What a Java string may hold that no Unicode text does, checked where such a string enters. */
public final class Utf16 {
  private Utf16() {}

  /**
   * Whether {@code s} holds a surrogate that is not half of a pair: valid UTF-8 cannot carry one,
   * but a JSON escape can ({@code "\}{@code uD800"}), and so can a caller's string. It has no
   * Unicode text, encodes to {@code ?} (another user's id, a wildcard in a query) and compares
   * unlike the same text in any other form.
   */
  public static boolean hasLoneSurrogate(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 == n
            || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      }
    }
    return false;
  }
}
