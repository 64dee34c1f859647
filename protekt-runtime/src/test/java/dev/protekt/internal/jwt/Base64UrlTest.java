package dev.protekt.internal.jwt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64UrlTest {

  @Test
  void decodesEveryLengthFromTheMiddleOfATokenWithoutCopyingIt() {
    Random random = new Random(7);
    for (int n = 0; n < 70; n++) {
      byte[] raw = new byte[n];
      random.nextBytes(raw);
      String text = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      byte[] token = ("head." + text + ".sig").getBytes(StandardCharsets.US_ASCII);
      assertArrayEquals(raw, Base64Url.decode(token, 5, text.length()), "length " + n);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "QQ==", "QUI=", "QQ=", // padding
      "QR", "QUJ", // stray bits in the last character
      "Q", "QUJDR", // a length no encoding has
      "QU+D", "QU/D", // the other alphabet
      "QU D", "QUJD\n", " QUJD", // whitespace
      "QU=D", "Q=JD", "QUJD=", // misplaced padding
      "QU.D", "QU%D", "QUJ\u00e9" // other characters
  })
  void refusesEveryNonCanonicalForm(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    assertNull(Base64Url.decode(bytes, 0, bytes.length), text);
  }
}
