package dev.protekt.servlet;

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
import java.util.Enumeration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *       AuthErrorResponse}: 401 with {@code WWW-Authenticate: Bearer …}, 403 {@code
 *       insufficient_scope}, 503 when the tenant's keys cannot be had, 502 when the Users API fails;
 *       JSON bodies and never a stack trace. Other failures pass through untouched.
 * </ul>
 *
 * <pre>{@code
 * // web.xml-free registration, for instance in a ServletContextListener:
 * context.addFilter("protekt", new ProtektFilter("orders-api"))
 *     .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
 * }</pre>
 *
 * <p>Declared in {@code web.xml} instead, the filter reads its realm from the init parameter {@code
 * realm}. A request carrying more than one {@code Authorization} header binds no token, so guarded
 * calls fail closed with 401. The binding is thread-bound: work that a handler hands to another
 * thread (async servlets, executors) must pass the {@link dev.protekt.ProtektUser} along itself.
 */
public class ProtektFilter implements Filter {
  /** The realm used when none is configured. */
  public static final String DEFAULT_REALM = "protekt";

  private static final Logger log = LoggerFactory.getLogger(ProtektFilter.class);

  private volatile String realm;

  /** A filter whose realm is the {@code realm} init parameter, or {@value #DEFAULT_REALM}. */
  public ProtektFilter() {
    this(DEFAULT_REALM);
  }

  /**
   * A filter that names {@code realm} in its {@code WWW-Authenticate} challenges.
   *
   * @param realm the protection space, such as your API's name; {@code null} or blank leaves the
   *     realm out of challenges
   */
  public ProtektFilter(String realm) {
    this.realm = realm;
  }

  /** Takes the realm from the init parameter {@code realm} when one is given. */
  @Override
  public void init(FilterConfig config) {
    String configured = config.getInitParameter("realm");
    if (configured != null) {
      realm = configured;
    }
  }

  /** Binds the caller's token around the rest of the chain and answers the SDK's failures. */
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    try (TokenContext.Scope ignored = TokenContext.bind(singleAuthorization(http))) {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      Optional<AuthErrorResponse> answer = AuthErrorResponse.find(e, realm);
      if (answer.isEmpty()) {
        throw e;
      }
      HttpServletResponse httpResponse = (HttpServletResponse) response;
      if (httpResponse.isCommitted()) {
        // Too late to change the status: let the container end the response as failed.
        throw e;
      }
      logServerSide(answer.get(), e);
      ServletErrorResponses.write(answer.get(), httpResponse);
    }
  }

  /**
   * The only {@code Authorization} header of the request, or {@code null} when there is none or
   * more than one: with two, which token the client meant is unknowable, so none is taken.
   */
  private static String singleAuthorization(HttpServletRequest request) {
    Enumeration<String> values = request.getHeaders("Authorization");
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String first = values.nextElement();
    return values.hasMoreElements() ? null : first;
  }

  /**
   * Failures on our side (5xx) are worth an operator's attention; a caller's missing or bad token is
   * not. Messages of SDK exceptions never contain tokens or secrets.
   */
  static void logServerSide(AuthErrorResponse answer, Throwable failure) {
    if (answer.status() >= 500) {
      log.warn("Answered {}: {}", answer.status(), failure.toString(), failure);
    } else {
      log.debug("Answered {}: {}", answer.status(), failure.toString());
    }
  }
}
