package dev.protekt.spring;

import dev.protekt.ProtektUser;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The Spring Security authorities of a token that {@link ProtektJwtDecoder} verified, from the
 * roles and permissions Protekt read from the configured claims:
 *
 * <ul>
 *   <li>each role {@code r} as {@code ROLE_r}, for {@code hasRole('r')};
 *   <li>each permission {@code p}, from the permissions claim or the {@code scope} claim, as {@code
 *       SCOPE_p}, for {@code hasAuthority('SCOPE_p')}, as Spring's own converter maps scopes. A
 *       permission granted either way is one authority, just as {@link
 *       ProtektUser#hasPermission(String)} accepts either.
 * </ul>
 *
 * <p>A {@link Jwt} that Protekt did not verify has no authorities: authorization fails closed. The
 * auto-configuration sets this converter on the {@code JwtAuthenticationConverter} bean that
 * Spring Security's resource server picks up.
 */
public class ProtektAuthorities implements Converter<Jwt, Collection<GrantedAuthority>> {
  /** The prefix of roles, as {@code hasRole} expects. */
  public static final String ROLE_PREFIX = "ROLE_";
  /** The prefix of permissions and scopes, as Spring's own scope mapping uses. */
  public static final String SCOPE_PREFIX = "SCOPE_";

  @Override
  public Collection<GrantedAuthority> convert(Jwt jwt) {
    if (!(jwt instanceof ProtektJwt)) {
      return List.of();
    }
    ProtektUser user = ((ProtektJwt) jwt).user();
    Set<GrantedAuthority> authorities = new LinkedHashSet<>();
    user.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority(ROLE_PREFIX + role)));
    user.permissions().forEach(p -> authorities.add(new SimpleGrantedAuthority(SCOPE_PREFIX + p)));
    user.scopes().forEach(s -> authorities.add(new SimpleGrantedAuthority(SCOPE_PREFIX + s)));
    return List.copyOf(authorities);
  }
}
