package dev.protekt.spring;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.protekt.ConfigurationException;
import dev.protekt.InvalidTokenException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektException;
import dev.protekt.ProtektUser;
import dev.protekt.http.AuthErrorResponse;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

/**
 * Spring Security's {@link JwtDecoder} backed by {@link ProtektAuth#verifyToken(String)}, so that a
 * resource server ({@code http.oauth2ResourceServer(o -> o.jwt(…))}) checks tokens with Protekt's
 * verifier: its strict checks, its key cache and outage tolerance, its verified-token cache. The
 * Spring Boot auto-configuration declares one when Spring Security's resource server is on the
 * class path; declare your own {@code JwtDecoder} bean to use another.
 *
 * <p>It returns a {@link ProtektJwt}. Failures become what Spring Security expects:
 *
 * <ul>
 *   <li>an invalid token ({@link InvalidTokenException}) a {@link BadJwtException}, which Spring's
 *       resource server answers with 401 and {@code WWW-Authenticate: Bearer
 *       error="invalid_token"}; its message, which Spring writes into {@code error_description}, is
 *       the fixed text of {@link AuthErrorResponse} for the reason, never the exception's message
 *       (which may repeat a {@code kid} or an issuer the caller sent);
 *   <li>any other failure, such as {@link dev.protekt.KeysUnavailableException} when the tenant's
 *       keys cannot be had, a plain {@link JwtException} with the SDK's exception as its cause: not
 *       the caller's fault, so not a 401. Spring Security rethrows it (as an {@code
 *       AuthenticationServiceException}) out of its filter chain, where the Protekt filter, which
 *       the auto-configuration registers before that chain, answers 503 {@code
 *       temporarily_unavailable} (500 for a configuration fault).
 * </ul>
 */
public class ProtektJwtDecoder implements JwtDecoder {
  private static final MappedJwtClaimSetConverter CLAIMS =
      MappedJwtClaimSetConverter.withDefaults(Map.of());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  private static final String NOT_A_JWS = "The access token is not a signed JWT: three base64url"
      + " parts separated by dots, the first a JSON object.";

  private final ProtektAuth protekt;

  /** A decoder verifying with {@code protekt}. */
  public ProtektJwtDecoder(ProtektAuth protekt) {
    this.protekt = Objects.requireNonNull(protekt, "protekt");
  }

  /**
   * Verifies {@code token} with Protekt.
   *
   * @throws BadJwtException if the token is not acceptable
   * @throws JwtException if it cannot be checked at all (keys unavailable, misconfiguration)
   */
  @Override
  public Jwt decode(String token) throws JwtException {
    ProtektUser user;
    try {
      user = protekt.verifyToken(token);
      if (user == null || user.subject() == null || user.subject().isEmpty()) {
        // A real client verifies or throws, and a verified token has a subject: this is a mock's
        // answer, which must let nobody in, as the guards refuse it.
        throw new ConfigurationException("ProtektAuth.verifyToken returned "
            + (user == null ? "no user" : "a user without a subject") + ", which a real client"
            + " never does: this ProtektAuth is probably a mock. Test with tokens from the local"
            + " tenant (protekt-testing's LocalTenant).");
      }
    } catch (InvalidTokenException e) {
      throw new BadJwtException(AuthErrorResponse.from(e, null).description(), e);
    } catch (ProtektException e) {
      throw new JwtException(e.getMessage(), e);
    }
    try {
      return new ProtektJwt(token, headers(token), CLAIMS.convert(user.claims()), user);
    } catch (IllegalArgumentException e) {
      // Spring's Jwt refuses what Protekt does not check: an iat not before exp, an iat or nbf
      // that is not a date.
      throw new BadJwtException("The access token has a claim Spring Security cannot accept.", e);
    }
  }

  /**
   * The header of {@code token}: a base64url JSON object before the first of its two dots. A token
   * the verifier accepted has one; one that has not reaches here only from a {@code verifyToken}
   * that checks nothing, such as a mocked {@link ProtektAuth}'s, which answers any string. It is
   * refused as Spring's own decoders refuse it, with a {@link BadJwtException} (401), the same
   * fixed text for any such token.
   */
  static Map<String, Object> headers(String token) {
    int dot = token.indexOf('.');
    if (dot > 0 && token.chars().filter(c -> c == '.').count() == 2) {
      try {
        Map<String, Object> headers =
            JSON.readValue(Base64.getUrlDecoder().decode(token.substring(0, dot)), OBJECT);
        if (headers != null && !headers.isEmpty()) {
          return headers;
        }
      } catch (IllegalArgumentException | IOException e) {
        throw new BadJwtException(NOT_A_JWS, e);
      }
    }
    throw new BadJwtException(NOT_A_JWS);
  }
}
