package dev.protekt.internal.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.protekt.InvalidTokenException;
import dev.protekt.InvalidTokenException.Reason;
import java.io.IOException;

/**
 * The top-level {@code iss} of a payload whose signature is not checked yet, read to choose the
 * trusted issuer whose keys alone may verify it: one streaming pass that stops at the first
 * top-level {@code iss}, skipping every other member unread, so that unauthenticated JSON never
 * becomes objects. The text is held to strict UTF-8 ({@link StrictUtf8}) as the claims are, and
 * the value to a string without a lone surrogate; size and nesting are bounded by {@code
 * maxTokenSize} and the factory's nesting limit.
 *
 * <p>Nothing here is trusted: the exact {@code iss} check after the signature still runs on the
 * claims as {@link ClaimsParser} reads them, against the issuer chosen here, so a payload this
 * pass reads otherwise (a second {@code iss}, say, which the claims parser refuses) fails closed.
 */
final class UnverifiedIssuer {
  private UnverifiedIssuer() {}

  /**
   * The payload's top-level {@code iss}.
   *
   * @throws InvalidTokenException MALFORMED if the payload is not a strict UTF-8 JSON object up
   *     to its {@code iss}, or MISSING_CLAIM if it has no {@code iss} string
   */
  static String read(JsonFactory json, byte[] payload) {
    int text = StrictUtf8.check(payload);
    if (text == StrictUtf8.INVALID) {
      throw malformed();
    }
    try (JsonParser p = json.createParser(payload)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformed();
      }
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        JsonToken value = p.nextToken();
        if (name.equals("iss")) {
          String iss = value == JsonToken.VALUE_STRING ? p.getText() : null;
          if (iss == null) {
            break;
          }
          if (StrictUtf8.hasEscapes(text) && StrictUtf8.hasLoneSurrogate(iss)) {
            throw malformed();
          }
          return iss;
        }
        p.skipChildren();
      }
    } catch (IOException e) {
      // Jackson's message quotes the input, which is part of the token.
      throw malformed();
    }
    throw new InvalidTokenException(Reason.MISSING_CLAIM, "The token's 'iss' claim must be a string.");
  }

  private static InvalidTokenException malformed() {
    return new InvalidTokenException(Reason.MALFORMED, "The token's claims are not one JSON object"
        + " in strict UTF-8 (or hold a lone surrogate).");
  }
}
