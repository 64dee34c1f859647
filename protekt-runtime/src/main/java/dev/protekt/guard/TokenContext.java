package dev.protekt.guard;

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
  private static final ThreadLocal<String> TOKEN = new ThreadLocal<>();

  private TokenContext() {}

  /**
   * Binds the token found in {@code authorization} (a header value or a bare token, see {@link
   * BearerTokens#fromAuthorization(String)}) until the scope is closed, which restores the previous
   * binding. A value without a token binds "no token".
   */
  public static Scope bind(String authorization) {
    String previous = TOKEN.get();
    TOKEN.set(BearerTokens.fromAuthorization(authorization));
    return new Scope(previous);
  }

  /** The bound token, or {@code null} when none is bound. */
  public static String current() {
    return TOKEN.get();
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
