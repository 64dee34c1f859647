package dev.protekt.internal.jwt;

import java.util.Arrays;

/**
 * A strict decoder for the unpadded base64url of JWS compact serialization, reading straight from
 * the token's bytes so that no substring is made. Strict means: no padding, no whitespace, no
 * characters outside the URL-safe alphabet, and no stray bits in the last character, so that each
 * decoded value has exactly one textual form.
 */
final class Base64Url {
  private static final byte[] VALUES = new byte[256];

  static {
    Arrays.fill(VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  private Base64Url() {}

  /**
   * Decodes {@code len} characters of {@code src} from {@code off}.
   *
   * @return the bytes, or {@code null} if the text is not canonical unpadded base64url
   */
  static byte[] decode(byte[] src, int off, int len) {
    if (len % 4 == 1) {
      return null;
    }
    byte[] out = new byte[len / 4 * 3 + (len % 4 == 0 ? 0 : len % 4 - 1)];
    int end = off + len;
    int full = off + len / 4 * 4;
    int o = 0;
    int i = off;
    while (i < full) {
      int a = VALUES[src[i] & 0xff];
      int b = VALUES[src[i + 1] & 0xff];
      int c = VALUES[src[i + 2] & 0xff];
      int d = VALUES[src[i + 3] & 0xff];
      if ((a | b | c | d) < 0) {
        return null;
      }
      int bits = a << 18 | b << 12 | c << 6 | d;
      out[o] = (byte) (bits >> 16);
      out[o + 1] = (byte) (bits >> 8);
      out[o + 2] = (byte) bits;
      o += 3;
      i += 4;
    }
    int rest = end - i;
    if (rest == 2) {
      int a = VALUES[src[i] & 0xff];
      int b = VALUES[src[i + 1] & 0xff];
      if ((a | b) < 0 || (b & 0x0f) != 0) {
        return null;
      }
      out[o] = (byte) (a << 2 | b >> 4);
    } else if (rest == 3) {
      int a = VALUES[src[i] & 0xff];
      int b = VALUES[src[i + 1] & 0xff];
      int c = VALUES[src[i + 2] & 0xff];
      if ((a | b | c) < 0 || (c & 0x03) != 0) {
        return null;
      }
      int bits = a << 12 | b << 6 | c;
      out[o] = (byte) (bits >> 10);
      out[o + 1] = (byte) (bits >> 2);
    }
    return out;
  }
}
