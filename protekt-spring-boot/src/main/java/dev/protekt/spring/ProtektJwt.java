package dev.protekt.spring;

import dev.protekt.ProtektUser;
import java.time.Instant;
import java.util.Map;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A {@link Jwt} that {@link ProtektJwtDecoder} verified, carrying the {@link ProtektUser} Protekt
 * made of it: the principal of Spring Security's {@code JwtAuthenticationToken}, so a controller
 * can take {@code @AuthenticationPrincipal ProtektJwt jwt} and ask {@code jwt.user().hasRole(…)}
 * with the roles and permissions read from the configured claims.
 *
 * <p>Its claims are converted as Spring's own decoders convert them ({@code exp}, {@code iat} and
 * {@code nbf} as {@link Instant}, {@code aud} as a list), so code written against Spring's {@code
 * Jwt} reads them as it always did. It serializes as a plain {@code Jwt}.
 */
public final class ProtektJwt extends Jwt {
  private static final long serialVersionUID = 1L;

  /** Derived from the claims, which are what is serialized. */
  private final transient ProtektUser user;

  ProtektJwt(String token, Map<String, Object> headers, Map<String, Object> claims,
      ProtektUser user) {
    super(token, (Instant) claims.get("iat"), (Instant) claims.get("exp"), headers, claims);
    this.user = user;
  }

  /** The user the token speaks for, as {@link dev.protekt.ProtektAuth#verifyToken} returned it. */
  public ProtektUser user() {
    return user;
  }

  /** A session or cache that serializes the authentication keeps it as the plain Jwt it is. */
  private Object writeReplace() {
    return new Jwt(getTokenValue(), getIssuedAt(), getExpiresAt(), getHeaders(), getClaims());
  }
}
