package dev.protekt.internal.jwt;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * A strict decoder for the unpadded base64url of JWS compact serialization, reading straight from
 * the token's bytes so that no substring is made. Strict means: no padding, no whitespace, no
 * characters outside the URL-safe alphabet, and no stray bits in the last character, so that each
 * decoded value has exactly one textual form.
 *
 * <p>The decoding itself is the JDK's, whose vectorized loop profiled about four times faster than
 * a table-driven one on a token's three parts. The JDK decoder already refuses whitespace, other
 * alphabets and misplaced padding; it accepts final padding and ignores stray bits, so those two
 * are checked here first.
 */
final class Base64Url {
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
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
    if (len == 0) {
      return new byte[0];
    }
    if (len % 4 == 1) {
      return null;
    }
    // A final '=' (value -1 here) is padding; any other '=' the JDK decoder refuses itself.
    int last = VALUES[src[off + len - 1] & 0xff];
    int strayBits = len % 4 == 2 ? 0x0f : len % 4 == 3 ? 0x03 : 0;
    if (last < 0 || (last & strayBits) != 0) {
      return null;
    }
    ByteBuffer out;
    try {
      out = DECODER.decode(ByteBuffer.wrap(src, off, len));
    } catch (IllegalArgumentException e) {
      return null;
    }
    byte[] bytes = out.array();
    return out.remaining() == bytes.length ? bytes : Arrays.copyOf(bytes, out.remaining());
  }
}
