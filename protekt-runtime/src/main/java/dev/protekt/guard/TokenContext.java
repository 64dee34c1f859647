package dev.protekt.guard;

import dev.protekt.ConfigurationException;

/**
 * The bearer token of the request being handled on this thread, for guards of methods annotated
 * {@link dev.protekt.annotations.TokenFromContext}. Framework adapters (the Servlet filter, the
 * Spring Boot auto-configuration) bind it around each request; nothing else should need to.
 *
 * <pre>{@code
 * String authorization = BearerTokens.bearerCredentials(request.getHeaders("Authorization"));
 * try (TokenContext.Scope ignored = TokenContext.bind(authorization)) {
 *   chain.doFilter(request, response);
 * }
 * }</pre>
 */
public final class TokenContext {
  /** This thread's innermost open binding; none (null) when no adapter bound a request here. */
  private static final ThreadLocal<Scope> BOUND = new ThreadLocal<>();

  private TokenContext() {}

  /**
   * Binds the token found in {@code authorization} (a header value or a bare token, see {@link
   * BearerTokens#fromAuthorization(String)}; pass a request's header through {@link
   * BearerTokens#bearerCredentials(java.util.Enumeration)} first, as the adapters do, to hold it to
   * RFC 6750's Bearer scheme) until the scope is closed, which restores the previous
   * binding. A value without a token binds "no token". Close scopes innermost first, on the thread
   * that opened them: a scope closed out of that order, or on another thread, leaves its thread
   * with nothing bound, never with a token whose request has ended.
   */
  public static Scope bind(String authorization) {
    Scope scope = new Scope(BOUND.get(), BearerTokens.fromAuthorization(authorization));
    BOUND.set(scope);
    return scope;
  }

  /** The bound token, or {@code null} when the bound request carries none or nothing is bound. */
  public static String current() {
    Scope scope = openScope();
    return scope == null ? null : scope.token;
  }

  /**
   * The bound token, for generated guards: {@code null} when the bound request carries none, which
   * the guard answers with 401. A thread that no adapter bound is not a caller without a token but
   * a wiring mistake, which a 401 would blame on the client: the filter is not mapped to this path
   * or dispatch, or the guard is called from a thread the request handed work to.
   *
   * @throws ConfigurationException when nothing is bound on this thread
   */
  public static String ofCurrentRequest() {
    Scope scope = openScope();
    if (scope == null) {
      throw new ConfigurationException("A @TokenFromContext guard was called on a thread where no"
          + " request's token is bound: map ProtektFilter to this path and to REQUEST and ASYNC"
          + " dispatches, and call the guard on the request's thread (or bind the token there with"
          + " TokenContext.bind).");
    }
    return scope.token;
  }

  /** This thread's binding, or null when nothing is bound or its scope was closed elsewhere. */
  private static Scope openScope() {
    Scope scope = BOUND.get();
    return scope == null || scope.closed ? null : scope;
  }

  /** One binding; restores the previous one when closed. Close it in a {@code finally} block. */
  public static final class Scope implements AutoCloseable {
    private final Scope previous;
    private final String token;
    /** Volatile: a scope closed on another thread must read as closed on its own. */
    private volatile boolean closed;

    private Scope(Scope previous, String token) {
      this.previous = previous;
      this.token = token;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (BOUND.get() == this) {
        if (previous == null || previous.closed) {
          BOUND.remove();
        } else {
          BOUND.set(previous);
        }
      }
      // Otherwise it was closed out of order or on another thread: where it is still bound it now
      // reads as nothing bound, and the scope above it unbinds everything when it closes.
    }
  }
}
