package dev.protekt.internal;

import java.util.Locale;

/**
 * What a configuration value picks up on its way from a provider's console, a copied web page or
 * an env file, and is never part of the value meant: quotes, whitespace, invisible characters.
 * Such values are refused when the client is built, since the tenant would refuse them only at
 * first use, and without saying why.
 */
public final class ConfiguredText {
  private ConfiguredText() {}

  /**
   * The index of the first whitespace, control or invisible character of {@code text} (a space,
   * a line end, a no-break or zero-width space, a byte order mark), or -1 if it has none.
   */
  public static int invisibleAt(String text) {
    for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
      if (invisible(text.codePointAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code text} starts or ends with such a character. */
  public static boolean invisibleAtEitherEnd(String text) {
    return !text.isEmpty()
        && (invisible(text.codePointAt(0)) || invisible(text.codePointBefore(text.length())));
  }

  /** The code point at {@code index} of {@code text} as a message names it: {@code U+00A0}. */
  public static String codePointAt(String text, int index) {
    return String.format(Locale.ROOT, "U+%04X", text.codePointAt(index));
  }

  /** Whether {@code text} is wrapped in a pair of quotes, as an env file may leave it. */
  public static boolean quoted(String text) {
    return text.length() >= 2 && (text.charAt(0) == '"' || text.charAt(0) == '\'')
        && text.charAt(text.length() - 1) == text.charAt(0);
  }

  private static boolean invisible(int c) {
    return c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c)
        || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.CONTROL;
  }
}
