package dev.protekt.internal.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.protekt.InvalidTokenException;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.internal.Utf16;
import java.io.IOException;

/**
 * The top-level {@code iss} of a payload whose signature is not checked yet, read to choose the
 * trusted issuer whose keys alone may verify it: one streaming pass over the top level, skipping
 * every other member unread, so that unauthenticated JSON never becomes objects. The text is held
 * to strict UTF-8 ({@link StrictUtf8}) as the claims are, and the value to a string without a lone
 * surrogate; size and nesting are bounded by {@code maxTokenSize} and the factory's nesting limit.
 *
 * <p>The pass goes on to the end of the object, so that a second top-level {@code iss} is refused
 * as the claims parser refuses it (MALFORMED): stopping at the first, the issuer chosen and so the
 * refusal (a bad signature, an unknown key) would depend on the members' order.
 *
 * <p>Nothing here is trusted: the exact {@code iss} check after the signature still runs on the
 * claims as {@link ClaimsParser} reads them, against the issuer chosen here, so a payload this
 * pass reads otherwise fails closed.
 */
final class UnverifiedIssuer {
  private UnverifiedIssuer() {}

  /**
   * The payload's top-level {@code iss}.
   *
   * @throws InvalidTokenException MALFORMED if the payload is not a strict UTF-8 JSON object or
   *     has {@code iss} more than once, or MISSING_CLAIM if it has no {@code iss} string
   */
  static String read(JsonFactory json, byte[] payload) {
    int text = StrictUtf8.check(payload);
    if (text == StrictUtf8.INVALID) {
      throw malformed();
    }
    boolean found = false;
    String iss = null;
    try (JsonParser p = json.createParser(payload)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformed();
      }
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        JsonToken value = p.nextToken();
        if (name.equals("iss")) {
          if (found) {
            throw malformed();
          }
          found = true;
          iss = value == JsonToken.VALUE_STRING ? p.getText() : null;
          if (iss != null && StrictUtf8.hasEscapes(text) && Utf16.hasLoneSurrogate(iss)) {
            throw malformed();
          }
        }
        p.skipChildren();
      }
    } catch (IOException e) {
      // Jackson's message quotes the input, which is part of the token.
      throw malformed();
    }
    if (iss == null) {
      throw new InvalidTokenException(Reason.MISSING_CLAIM, "The token's 'iss' claim must be a string.");
    }
    return iss;
  }

  private static InvalidTokenException malformed() {
    return new InvalidTokenException(Reason.MALFORMED, "The token's claims are not one JSON object"
        + " in strict UTF-8 (or repeat iss, or hold a lone surrogate).");
  }
}
