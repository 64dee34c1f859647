package dev.protekt.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.protekt.InvalidTokenException;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.ProtektAuth;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Tokens from the issuers' own token endpoints, spoilt tokens, and what the SDK says of them. */
final class Tokens {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private Tokens() {}

  /**
   * An access token by the client-credentials grant, the client authenticating with HTTP Basic.
   *
   * @param scope the {@code scope} parameter, or {@code null} for none
   */
  static String clientCredentials(String tokenEndpoint, String clientId, String clientSecret,
      String scope) {
    String form = "grant_type=client_credentials"
        + (scope == null ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
    String basic = Base64.getEncoder().encodeToString(
        (clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode token = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
      if (token == null || !token.path("access_token").isTextual()) {
        throw new AssertionError(tokenEndpoint + " answered HTTP " + response.statusCode() + ": "
            + response.body());
      }
      return token.get("access_token").asText();
    } catch (IOException e) {
      throw new AssertionError("POST " + tokenEndpoint + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted during POST " + tokenEndpoint, e);
    }
  }

  /**
   * The token with one character of its payload changed to another valid base64url character:
   * still well-formed, but no longer what was signed.
   */
  static String tampered(String token) {
    int at = token.indexOf('.') + 5;
    char changed = token.charAt(at) == 'A' ? 'B' : 'A';
    return token.substring(0, at) + changed + token.substring(at + 1);
  }

  /**
   * The token with its {@code sub} claim replaced and its signature kept: well-formed JSON with the
   * right issuer, which only the signature check can refuse.
   */
  static String withSubject(String token, String subject) throws IOException {
    String[] parts = token.split("\\.");
    ObjectNode claims = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    claims.put("sub", subject);
    String payload = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(JSON.writeValueAsBytes(claims));
    return parts[0] + "." + payload + "." + parts[2];
  }

  /** Asserts that the SDK refuses the token for this reason. */
  static void assertRefused(Reason reason, ProtektAuth protekt, String token) {
    InvalidTokenException e =
        assertThrows(InvalidTokenException.class, () -> protekt.verifyToken(token));
    assertEquals(reason, e.reason(), e.getMessage());
  }

  /**
   * Asserts that the SDK refuses a token of an issuer it does not trust, signed with a key it does
   * not know, for its issuer: {@code iss} is read before an unknown kid would cost a key fetch.
   */
  static void assertRefusedAsForeign(ProtektAuth protekt, String token) {
    assertRefused(Reason.WRONG_ISSUER, protekt, token);
  }

  /** Asserts that the SDK accepts the token but not the token with its payload changed. */
  static void assertTamperingRefused(ProtektAuth protekt, String token) {
    protekt.verifyToken(token);
    assertRefused(Reason.BAD_SIGNATURE, protekt, tampered(token));
  }
}
