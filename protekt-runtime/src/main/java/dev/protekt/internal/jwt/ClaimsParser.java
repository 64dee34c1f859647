package dev.protekt.internal.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.protekt.internal.Utf16;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a token's claims with Jackson's streaming parser straight into the unmodifiable maps and
 * lists that {@code ProtektUser} keeps, with the value types databind's untyped binding would
 * give, but for a BigDecimal where a Double cannot hold the number. Profiling put databind plus
 * {@code ProtektUser}'s deep copy of its result at about a sixth of a verification's
 * non-signature time; this makes the structures once.
 *
 * <p>The text must be strict UTF-8 ({@link StrictUtf8}), and no string, member name or value, may
 * hold a lone surrogate escape ({@code "\}{@code uD800"}): Jackson would make a Java string of it
 * that no UTF-8 text corresponds to. An escaped surrogate pair is one character and is fine.
 *
 * <p>A member repeated at any depth makes the claims unreadable (two {@code exp}s would mean
 * whatever the last parser decides): detected by the map not growing, which costs nothing, where
 * Jackson's duplicate detection keeps a set of names per object. The factory's nesting-depth limit
 * bounds the recursion.
 *
 * <p>While it builds them, the parser adds up an upper bound of the memory the structures retain
 * ({@link VerifiedClaims#retainedBytes()}), for the verified-token cache's memory bound: what
 * a JSON text costs in the heap depends on its shape far more than on its length (a member {@code
 * {}} is 3 bytes of JSON and about 90 bytes of maps).
 */
final class ClaimsParser {
  // Sizes on a 64-bit JVM with compressed references (any heap below 32 GiB), each rounded up;
  // the collection classes are those this parser makes. VerifiedTokenCache counts the rest.
  /** A LinkedHashMap, its unmodifiable wrapper and a 16-slot table. */
  static final int OBJECT_BYTES = 168;
  /** A LinkedHashMap.Entry and its table slots at the load factor's worst. */
  static final int MEMBER_BYTES = 56;
  /** An ArrayList, its unmodifiable wrapper and a 10-slot array. */
  static final int ARRAY_BYTES = 104;
  /** An array slot at ArrayList's worst growth slack. */
  static final int ELEMENT_BYTES = 8;
  /** A String and its array's header, before the characters themselves. */
  static final int STRING_BYTES = 48;
  /** An Integer, Long or Double; a BigInteger adds its digits' length on top. */
  static final int NUMBER_BYTES = 24;
  static final int BIG_NUMBER_BYTES = 64;
  /** A BigDecimal, the BigInteger of a long mantissa and its array's header; plus the text. */
  static final int BIG_DECIMAL_BYTES = 104;

  private final JsonParser p;
  private final boolean escapes;
  /** Bytes per character of the strings made: 1 where they are sure to be compact Latin-1. */
  private final int charBytes;
  private long retained;

  private ClaimsParser(JsonParser p, int text) {
    this.p = p;
    this.escapes = StrictUtf8.hasEscapes(text);
    // An escape can make any character of ASCII text, so only escape-free ASCII is sure Latin-1.
    this.charBytes = StrictUtf8.isAscii(text) && !escapes ? 1 : 2;
  }

  /**
   * The claims object, or {@code null} if {@code bytes} is not strict UTF-8 holding exactly one
   * JSON object with no repeated member and no lone surrogate at any depth.
   */
  static VerifiedClaims parse(JsonFactory json, byte[] bytes) {
    int text = StrictUtf8.check(bytes);
    if (text == StrictUtf8.INVALID) {
      return null;
    }
    try (JsonParser p = json.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      ClaimsParser parser = new ClaimsParser(p, text);
      Map<String, Object> claims = parser.object();
      return p.nextToken() == null ? new VerifiedClaims(claims, parser.retained) : null;
    } catch (IOException e) {
      // Also a repeated member, a lone surrogate or nesting beyond Jackson's limit. Jackson's
      // message quotes the input, which is part of the token, so it is not passed on.
      return null;
    }
  }

  /** The object whose {@code START_OBJECT} is the current token, unmodifiable. */
  private Map<String, Object> object() throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      int before = map.size();
      map.put(string(name), value(p.nextToken()));
      if (map.size() == before) {
        throw new IOException("repeated member");
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw new IOException("unterminated object");
    }
    retained += OBJECT_BYTES + (long) MEMBER_BYTES * map.size();
    return Collections.unmodifiableMap(map);
  }

  private Object value(JsonToken token) throws IOException {
    if (token == null) {
      throw new IOException("truncated");
    }
    switch (token) {
      case VALUE_STRING:
        return string(p.getText());
      case VALUE_NUMBER_INT:
        // Integer, Long or BigInteger, whichever holds it, as databind does.
        Number number = p.getNumberValue();
        retained +=
            number instanceof BigInteger ? BIG_NUMBER_BYTES + p.getTextLength() : NUMBER_BYTES;
        return number;
      case VALUE_NUMBER_FLOAT:
        return decimal();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      case START_OBJECT:
        return object();
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          list.add(value(t));
        }
        retained += ARRAY_BYTES + (long) ELEMENT_BYTES * list.size();
        return Collections.unmodifiableList(list);
      default:
        throw new IOException("unexpected " + token);
    }
  }

  /**
   * The number with a fraction or exponent that is the current token: a Double, as databind gives,
   * when one holds it, or else a BigDecimal, as for an integer beyond a Long, so that the claims
   * write back as the same JSON number: beyond a double's range ({@code 1e400}) a Double is
   * infinite, which JSON cannot say, and below it ({@code 1e-400}) zero, or a subnormal with fewer
   * digits than the text, another number.
   */
  private Number decimal() throws IOException {
    double value = p.getDoubleValue();
    if (!Double.isInfinite(value) && Math.abs(value) >= Double.MIN_NORMAL
        || value == 0 && p.getDecimalValue().signum() == 0) {
      retained += NUMBER_BYTES;
      return value;
    }
    retained += BIG_DECIMAL_BYTES + p.getTextLength();
    return p.getDecimalValue();
  }

  /** A member name or string value, counted, and refused if an escape made a lone surrogate. */
  private String string(String s) throws IOException {
    if (escapes && Utf16.hasLoneSurrogate(s)) {
      throw new IOException("lone surrogate");
    }
    retained += STRING_BYTES + (long) charBytes * s.length();
    return s;
  }
}
