package dev.protekt.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.protekt.testing.RecordedRequest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks the machine token of a Users API request the way a real tenant does: signature by a
 * published key, a {@code typ} of {@code JWT} or {@code at+jwt} and no {@code crit}, issuer, the Users API audience, expiry and not-before, then the scope. Anything
 * wrong fails closed with the contract's 401 or 403.
 */
final class MachineTokenCheck {
  private final TenantState state;

  MachineTokenCheck(TenantState state) {
    this.state = state;
  }

  /**
   * @param request the request
   * @param scope the scope the call needs
   * @throws ApiError 401 {@code invalid_token} or 403 {@code insufficient_scope}
   */
  void require(RecordedRequest request, String scope) {
    String authorization = request.header("Authorization").orElse("");
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.substring(7).isBlank()) {
      throw invalidToken("Missing authentication");
    }
    Optional<Jws.Verified> verified = Jws.verify(authorization.substring(7).trim(), state.keys());
    if (verified.isEmpty()) {
      throw invalidToken("Invalid token");
    }
    JsonNode header = verified.get().header();
    if (header.has("crit")) {
      throw invalidToken("Invalid token: the header has crit, which this tenant does not support");
    }
    if (header.has("typ") && !isAccessTokenType(header.get("typ"))) {
      throw invalidToken("Invalid token: typ must be JWT or at+jwt");
    }
    JsonNode token = verified.get().claims();
    long now = Instant.now().getEpochSecond();
    if (!state.issuer().equals(token.path("iss").asText(null)) || !hasAudience(token.get("aud"))) {
      throw invalidToken("Invalid token");
    }
    if (!token.has("exp")) {
      throw invalidToken("Invalid token: exp is missing");
    }
    if (!token.get("exp").isNumber()) {
      throw invalidToken("Invalid token: exp is not a number");
    }
    if (token.get("exp").asLong() <= now) {
      throw invalidToken("Expired token");
    }
    if (token.has("nbf") && (!token.get("nbf").isNumber() || token.get("nbf").asLong() > now)) {
      throw invalidToken("Token not yet valid");
    }
    String scopes = token.path("scope").isTextual() ? token.get("scope").asText() : "";
    if (!Arrays.asList(scopes.split(" ")).contains(scope)) {
      throw ApiError.management(403, "insufficient_scope", "Insufficient scope, expected any of: " + scope);
    }
  }

  /** RFC 7515 §4.1.9: a media type, compared case-insensitively, {@code application/} optional. */
  private static boolean isAccessTokenType(JsonNode typ) {
    if (!typ.isTextual()) {
      return false;
    }
    String type = typ.asText().toLowerCase(Locale.ROOT);
    type = type.startsWith("application/") ? type.substring("application/".length()) : type;
    return type.equals("jwt") || type.equals("at+jwt");
  }

  private boolean hasAudience(JsonNode aud) {
    String expected = state.usersAudience();
    if (aud == null) {
      return false;
    }
    if (aud.isTextual()) {
      return aud.asText().equals(expected);
    }
    if (aud.isArray()) {
      for (JsonNode one : aud) {
        if (one.isTextual() && one.asText().equals(expected)) {
          return true;
        }
      }
    }
    return false;
  }

  private static ApiError invalidToken(String message) {
    return ApiError.management(401, "invalid_token", message)
        .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  }
}
