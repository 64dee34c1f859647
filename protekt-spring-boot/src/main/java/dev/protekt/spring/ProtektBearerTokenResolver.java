package dev.protekt.spring;

import dev.protekt.MissingTokenException;
import dev.protekt.guard.BearerTokens;
import dev.protekt.http.AuthErrorResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Spring Security's bearer token, read as the Protekt filter and the guards read it ({@link
 * BearerTokens#bearerCredentials}): exactly one {@code Authorization} header naming the {@code
 * Bearer} scheme. Spring Security's own resolver takes the first of several headers, which a proxy
 * in front may not be the one it checked, and is stricter on spaces than the guards behind the
 * same chain. Several headers are refused as an {@code invalid_request}, which Spring Security
 * answers 400, as the Protekt filter does ({@link AuthErrorResponse#find(Throwable, String, int)}).
 * No token is {@code null}: Spring Security then challenges the request, or lets it through where
 * the chain permits all.
 */
final class ProtektBearerTokenResolver implements BearerTokenResolver {
  /** The Protekt filter's description of a request with several headers, in Spring's terms. */
  private static final String SEVERAL_HEADERS =
      AuthErrorResponse.find(new MissingTokenException(), null, 2).orElseThrow().description();

  @Override
  public String resolve(HttpServletRequest request) {
    Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
    List<String> values = headers == null ? List.of() : Collections.list(headers);
    if (values.size() > 1) {
      throw new OAuth2AuthenticationException(BearerTokenErrors.invalidRequest(SEVERAL_HEADERS));
    }
    return BearerTokens.fromAuthorization(BearerTokens.bearerCredentials(values));
  }
}
