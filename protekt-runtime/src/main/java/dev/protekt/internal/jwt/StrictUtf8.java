package dev.protekt.internal.jwt;

/**
 * Checks that a decoded JOSE header or payload is JSON text in UTF-8 and nothing else, before
 * Jackson reads it. RFC 7519 requires UTF-8, and Jackson, given bytes, guesses: it skips a byte
 * order mark, reads UTF-16 and UTF-32 when zero bytes say so, and decodes overlong forms ({@code
 * s\xC1\xB5b} as {@code sub}), UTF-8-encoded surrogates and truncated sequences without complaint.
 * Any of those would give one claims text several byte forms, which other parsers of the same token
 * would read differently.
 *
 * <p>Accepted is exactly the well-formed UTF-8 of Unicode's table 3-7, with no byte order mark at
 * the start and no zero byte anywhere: JSON never allows a raw U+0000 (in a string it must be
 * escaped), and without zero bytes Jackson's encoding detection can only choose UTF-8.
 *
 * <p>One loop over the bytes, which are nearly all ASCII, so the cost is a compare per byte; it
 * also reports whether the text has a backslash, without which no JSON string can hold the {@code
 * \}{@code uD800} escape of a lone surrogate (see {@link
 * dev.protekt.internal.Utf16#hasLoneSurrogate(String)}).
 */
final class StrictUtf8 {
  /** Not well-formed UTF-8 without a BOM or a zero byte. */
  static final int INVALID = -1;
  /** Set in a valid result when the text has a backslash, hence maybe an escape in a string. */
  private static final int ESCAPES = 1;
  /** Set in a valid result when the text has a character beyond ASCII. */
  private static final int NON_ASCII = 2;

  private StrictUtf8() {}

  /** {@link #INVALID}, or flags for {@link #hasEscapes(int)} and {@link #isAscii(int)}. */
  static int check(byte[] bytes) {
    int n = bytes.length;
    if (n >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
      return INVALID;
    }
    boolean escapes = false;
    boolean nonAscii = false;
    int i = 0;
    while (i < n) {
      int b = bytes[i];
      if (b > 0) {
        escapes |= b == '\\';
        i++;
        continue;
      }
      if (b == 0) {
        return INVALID;
      }
      nonAscii = true;
      int lead = b & 0xFF;
      // The second byte's range depends on the lead byte (table 3-7): that is where overlong
      // forms, surrogates (ED A0..BF) and code points above U+10FFFF are excluded.
      int length;
      int min2 = 0x80;
      int max2 = 0xBF;
      if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) {
          min2 = 0xA0;
        } else if (lead == 0xED) {
          max2 = 0x9F;
        }
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) {
          min2 = 0x90;
        } else if (lead == 0xF4) {
          max2 = 0x8F;
        }
      } else {
        return INVALID; // a continuation byte first, C0, C1 or F5..FF
      }
      if (i + length > n) {
        return INVALID;
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < min2 || second > max2) {
        return INVALID;
      }
      for (int k = 2; k < length; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return INVALID;
        }
      }
      i += length;
    }
    return (escapes ? ESCAPES : 0) | (nonAscii ? NON_ASCII : 0);
  }

  /** Whether a valid {@link #check(byte[])} result saw a backslash. */
  static boolean hasEscapes(int result) {
    return (result & ESCAPES) != 0;
  }

  /** Whether a valid {@link #check(byte[])} result saw only ASCII. */
  static boolean isAscii(int result) {
    return (result & NON_ASCII) == 0;
  }
}
