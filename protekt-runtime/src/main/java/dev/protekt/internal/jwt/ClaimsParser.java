package dev.protekt.internal.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a token's claims with Jackson's streaming parser straight into the unmodifiable maps and
 * lists that {@code ProtektUser} keeps, with the value types databind's untyped binding would
 * give. Profiling put databind plus {@code ProtektUser}'s deep copy of its result at about a
 * sixth of a verification's non-signature time; this makes the structures once.
 *
 * <p>A member repeated at any depth makes the claims unreadable (two {@code exp}s would mean
 * whatever the last parser decides): detected by the map not growing, which costs nothing, where
 * Jackson's duplicate detection keeps a set of names per object. The factory's nesting-depth limit
 * bounds the recursion.
 */
final class ClaimsParser {
  private ClaimsParser() {}

  /**
   * The claims object, or {@code null} if {@code bytes} is not exactly one JSON object with no
   * repeated member at any depth.
   */
  static VerifiedClaims parse(JsonFactory json, byte[] bytes) {
    try (JsonParser p = json.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, Object> claims = object(p);
      return p.nextToken() == null ? new VerifiedClaims(claims) : null;
    } catch (IOException e) {
      // Also a repeated member or nesting beyond Jackson's limit. Jackson's message quotes the
      // input, which is part of the token, so it is not passed on.
      return null;
    }
  }

  /** The object whose {@code START_OBJECT} is the current token, unmodifiable. */
  private static Map<String, Object> object(JsonParser p) throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      int before = map.size();
      map.put(name, value(p, p.nextToken()));
      if (map.size() == before) {
        throw new IOException("repeated member");
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw new IOException("unterminated object");
    }
    return Collections.unmodifiableMap(map);
  }

  private static Object value(JsonParser p, JsonToken token) throws IOException {
    if (token == null) {
      throw new IOException("truncated");
    }
    switch (token) {
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        // Integer, Long or BigInteger, whichever holds it, as databind does.
        return p.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      case START_OBJECT:
        return object(p);
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          list.add(value(p, t));
        }
        return Collections.unmodifiableList(list);
      default:
        throw new IOException("unexpected " + token);
    }
  }
}
