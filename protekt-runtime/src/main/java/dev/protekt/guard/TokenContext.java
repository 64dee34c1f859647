package dev.protekt.guard;

import dev.protekt.ConfigurationException;

/**
 * The bearer token of the request being handled on this thread, for guards of methods annotated
 * {@link dev.protekt.annotations.TokenFromContext}. Framework adapters (the Servlet filter, the
 * Spring Boot auto-configuration) bind it around each request; nothing else should need to.
 *
 * <pre>{@code
 * try (TokenContext.Scope ignored = TokenContext.bind(request.getHeader("Authorization"))) {
 *   chain.doFilter(request, response);
 * }
 * }</pre>
 */
public final class TokenContext {
  /**
   * The token of the request bound to this thread; {@link #NO_TOKEN} when that request carries
   * none, so that a thread no adapter bound (null) can be told from a caller without a token.
   */
  private static final ThreadLocal<String> TOKEN = new ThreadLocal<>();
  private static final String NO_TOKEN = "";

  private TokenContext() {}

  /**
   * Binds the token found in {@code authorization} (a header value or a bare token, see {@link
   * BearerTokens#fromAuthorization(String)}) until the scope is closed, which restores the previous
   * binding. A value without a token binds "no token".
   */
  public static Scope bind(String authorization) {
    String previous = TOKEN.get();
    String token = BearerTokens.fromAuthorization(authorization);
    TOKEN.set(token == null ? NO_TOKEN : token);
    return new Scope(previous);
  }

  /** The bound token, or {@code null} when the bound request carries none or nothing is bound. */
  public static String current() {
    String token = TOKEN.get();
    return token == null || token.isEmpty() ? null : token;
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
    String token = TOKEN.get();
    if (token == null) {
      throw new ConfigurationException("A @TokenFromContext guard was called on a thread where no"
          + " request's token is bound: map ProtektFilter to this path and to REQUEST and ASYNC"
          + " dispatches, and call the guard on the request's thread (or bind the token there with"
          + " TokenContext.bind).");
    }
    return token.isEmpty() ? null : token;
  }

  /** Restores the previous binding when closed. */
  public static final class Scope implements AutoCloseable {
    private final String previous;

    private Scope(String previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      if (previous == null) {
        TOKEN.remove();
      } else {
        TOKEN.set(previous);
      }
    }
  }
}
