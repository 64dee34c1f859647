package dev.protekt.spring;

import dev.protekt.guard.BearerTokens;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Spring Security's bearer token, read as the Protekt filter and the guards read it ({@link
 * BearerTokens#bearerCredentials}): exactly one {@code Authorization} header naming the {@code
 * Bearer} scheme. Spring Security's own resolver takes the first of several headers, which a proxy
 * in front may not be the one it checked, and is stricter on spaces than the guards behind the
 * same chain. No token is {@code null}: Spring Security then challenges the request, or lets it
 * through where the chain permits all.
 */
final class ProtektBearerTokenResolver implements BearerTokenResolver {
  @Override
  public String resolve(HttpServletRequest request) {
    return BearerTokens.fromAuthorization(
        BearerTokens.bearerCredentials(request.getHeaders(HttpHeaders.AUTHORIZATION)));
  }
}
