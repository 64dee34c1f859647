package dev.protekt.internal.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.protekt.InvalidTokenException;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.internal.Utf16;
import java.io.IOException;

/**
 * The members of a JWS header that verification looks at, read with one streaming pass. Every
 * other member, notably {@code jku}, {@code x5u}, {@code jwk} and {@code x5c}, is skipped unread:
 * a token must never choose the key that verifies it.
 *
 * @param alg the {@code alg} member
 * @param kid the {@code kid} member, or {@code null}
 * @param typ the {@code typ} member, or {@code null}
 * @param cty the {@code cty} member, or {@code null}
 * @param hasCrit whether a {@code crit} member is present
 * @param hasEnc whether an {@code enc} member (a JWE header) is present
 */
record JoseHeader(String alg, String kid, String typ, String cty, boolean hasCrit, boolean hasEnc) {

  /**
   * Parses a decoded header.
   *
   * @throws InvalidTokenException (MALFORMED) if it is not strict UTF-8 ({@link StrictUtf8})
   *     holding one JSON object whose {@code alg} is a string and whose {@code kid}, {@code typ}
   *     and {@code cty}, when present, are strings without a lone surrogate escape (members not
   *     read are skipped without being decoded, so their strings make no Java string at all)
   */
  static JoseHeader parse(JsonFactory json, byte[] bytes) {
    int text = StrictUtf8.check(bytes);
    if (text == StrictUtf8.INVALID) {
      throw malformed("is not UTF-8 JSON text");
    }
    boolean escapes = StrictUtf8.hasEscapes(text);
    String alg = null;
    String kid = null;
    String typ = null;
    String cty = null;
    boolean crit = false;
    boolean enc = false;
    try (JsonParser p = json.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("is not a JSON object");
      }
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        JsonToken value = p.nextToken();
        switch (name) {
          case "alg" -> alg = string(p, value, "alg", escapes);
          case "kid" -> kid = string(p, value, "kid", escapes);
          case "typ" -> typ = string(p, value, "typ", escapes);
          case "cty" -> cty = string(p, value, "cty", escapes);
          case "crit" -> crit = true;
          case "enc" -> enc = true;
          default -> { }
        }
        p.skipChildren();
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw malformed("is not a single JSON object");
      }
    } catch (IOException e) {
      // Jackson's message quotes the input, which is part of the token: say only what is wrong.
      throw malformed("is not valid JSON");
    }
    if (alg == null) {
      throw malformed("has no alg");
    }
    return new JoseHeader(alg, kid, typ, cty, crit, enc);
  }

  private static String string(JsonParser p, JsonToken value, String name, boolean escapes)
      throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw malformed("member '" + name + "' is not a string");
    }
    String s = p.getText();
    if (escapes && Utf16.hasLoneSurrogate(s)) {
      throw malformed("member '" + name + "' has a lone surrogate");
    }
    return s;
  }

  private static InvalidTokenException malformed(String what) {
    return new InvalidTokenException(Reason.MALFORMED, "The token's header " + what + ".");
  }
}
