package dev.protekt.servlet;

import dev.protekt.guard.BearerTokens;
import dev.protekt.guard.TokenContext;
import dev.protekt.http.AuthErrorResponse;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Puts Protekt's generated guards in front of servlet code, like the Python SDK's Django
 * middleware. For each request it
 *
 * <ul>
 *   <li>binds the request's {@code Authorization} header into {@link TokenContext} for as long as
 *       the rest of the chain runs, so that guards of methods annotated {@link
 *       dev.protekt.annotations.TokenFromContext @TokenFromContext} find the caller's token, and
 *       always unbinds it afterwards;
 *   <li>answers the SDK's failures thrown further down the chain (also when a framework wrapped
 *       them, as in a {@code ServletException}) the RFC 6750 way, through {@link
 *       dev.protekt.http.AuthErrorResponse}: 401 with {@code WWW-Authenticate: Bearer …}, 403 {@code
 *       insufficient_scope}, 503 when the tenant's keys cannot be had, 502 when the Users API fails;
 *       JSON bodies and never a stack trace. Other failures pass through untouched.
 * </ul>
 *
 * <pre>{@code
 * // web.xml-free registration, for instance in a ServletContextListener:
 * FilterRegistration.Dynamic filter = context.addFilter("protekt", new ProtektFilter("orders-api"));
 * filter.setAsyncSupported(true); // servlets behind it may go async
 * filter.addMappingForUrlPatterns(
 *     EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
 * }</pre>
 *
 * <p>Declared in {@code web.xml} instead, the filter reads its realm from the init parameter {@code
 * realm}; declare it async-supported and map it to the REQUEST and ASYNC dispatchers there too. A
 * request carrying more than one {@code Authorization} header binds no token, so guarded calls fail
 * closed, answered 400 {@code invalid_request} saying that several were sent. The binding is thread-bound: work that a handler hands to another thread
 * (executors, {@code AsyncContext.start}) must pass the {@link dev.protekt.ProtektUser} along
 * itself; a {@code @TokenFromContext} guard called there throws {@link
 * dev.protekt.ConfigurationException}.
 */
public class ProtektFilter implements Filter {
  /** The realm used when none is configured. */
  public static final String DEFAULT_REALM = "protekt";

  private volatile String realm;

  /** A filter whose realm is the {@code realm} init parameter, or {@value #DEFAULT_REALM}. */
  public ProtektFilter() {
    this(DEFAULT_REALM);
  }

  /**
   * A filter that names {@code realm} in its {@code WWW-Authenticate} challenges.
   *
   * @param realm the protection space, such as your API's name; {@code null} leaves the realm out
   *     of challenges
   * @throws IllegalArgumentException if {@link AuthErrorResponse#checkRealm(String)} refuses {@code
   *     realm}: it is blank, holds a character a challenge cannot carry as it is, or is over 256
   *     characters
   */
  public ProtektFilter(String realm) {
    this.realm = AuthErrorResponse.checkRealm(realm);
  }

  /**
   * Takes the realm from the init parameter {@code realm} when one is given; an empty one leaves
   * the realm out.
   *
   * @throws IllegalArgumentException naming the init parameter, if {@link
   *     AuthErrorResponse#checkRealm(String)} refuses its value; the container then does not start
   *     the application
   */
  @Override
  public void init(FilterConfig config) {
    String configured = config.getInitParameter("realm");
    if (configured != null) {
      try {
        realm = AuthErrorResponse.checkRealm(configured);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("init-param realm of filter "
            + config.getFilterName() + ": " + e.getMessage(), e);
      }
    }
  }

  /** Binds the caller's token around the rest of the chain and answers the SDK's failures. */
  @Override
  @SuppressWarnings("try") // the scope is held for its close(), never read
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    String authorization =
        BearerTokens.bearerCredentials(((HttpServletRequest) request).getHeaders("Authorization"));
    try (TokenContext.Scope ignored = TokenContext.bind(authorization)) {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      if (!ServletErrorResponses.answer(
          e, realm, (HttpServletRequest) request, (HttpServletResponse) response)) {
        throw e;
      }
    }
  }
}
