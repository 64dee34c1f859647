package dev.protekt.internal.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.internal.Utf16;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The validator against the JDK's own strict decoder, on every sequence of up to two bytes past an
 * ASCII character, three-byte ones at every range boundary, and random four-byte ones: they must
 * agree on every input, except that the validator also refuses a zero byte and a leading byte
 * order mark.
 */
class StrictUtf8Test {
  private final CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

  private boolean jdkAccepts(byte[] bytes) {
    try {
      jdk.reset().decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private void assertAgrees(byte[] bytes) {
    boolean zero = false;
    for (byte b : bytes) {
      zero |= b == 0;
    }
    boolean expected = jdkAccepts(bytes) && !zero;
    assertEquals(expected, StrictUtf8.check(bytes) != StrictUtf8.INVALID, () -> hex(bytes));
  }

  @Test
  void agreesWithTheJdkOnEveryShortSequence() {
    // After an 'x', so that a leading EF BB BF is not a byte order mark here.
    for (int a = 0; a < 256; a++) {
      assertAgrees(new byte[] {'x', (byte) a});
      for (int b = 0; b < 256; b++) {
        assertAgrees(new byte[] {'x', (byte) a, (byte) b});
        if (a >= 0xE0) {
          // A third byte on each side of every boundary of the continuation ranges.
          for (int c : new int[] {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF}) {
            assertAgrees(new byte[] {'x', (byte) a, (byte) b, (byte) c});
          }
        }
      }
    }
  }

  @Test
  void agreesWithTheJdkOnRandomFourByteSequences() {
    Random random = new Random(15);
    for (int i = 0; i < 300_000; i++) {
      byte[] bytes = {'x', (byte) (0xE8 + random.nextInt(24)), (byte) (0x70 + random.nextInt(0x58)),
          (byte) (0x70 + random.nextInt(0x58)), (byte) (0x70 + random.nextInt(0x58))};
      assertAgrees(bytes);
    }
  }

  @Test
  void refusesALeadingByteOrderMarkAndReportsEscapesAndAscii() {
    assertEquals(StrictUtf8.INVALID, StrictUtf8.check(new byte[] {(byte) 0xEF, (byte) 0xBB,
        (byte) 0xBF, '{', '}'}));
    int plain = StrictUtf8.check("{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8));
    assertFalse(StrictUtf8.hasEscapes(plain));
    assertTrue(StrictUtf8.isAscii(plain));
    int escaped = StrictUtf8.check("{\"a\":\"\\u00e9\u20ac\"}".getBytes(StandardCharsets.UTF_8));
    assertTrue(StrictUtf8.hasEscapes(escaped));
    assertFalse(StrictUtf8.isAscii(escaped));
  }

  @Test
  void findsLoneSurrogatesOnly() {
    assertFalse(Utf16.hasLoneSurrogate("a\uD83D\uDE00b"));
    assertTrue(Utf16.hasLoneSurrogate("a\uD83D"));
    assertTrue(Utf16.hasLoneSurrogate("\uDE00\uD83D"));
    assertTrue(Utf16.hasLoneSurrogate("\uD83Db"));
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("%02X ", b & 0xFF));
    }
    return out.toString().trim();
  }
}
