package dev.protekt.guard;

import dev.protekt.ConfigurationException;
import dev.protekt.internal.ThreadBinding;

/**
 * The bearer token of the request being handled on this thread, for guards of methods annotated
 * {@link dev.protekt.annotations.TokenFromContext}. Framework adapters (the Servlet filter, the
 * Spring Boot auto-configuration) bind it around each request; with a framework that has no
 * adapter (Vert.x, Javalin, Netty…), bind it yourself around the handler's call, on the thread
 * that makes the call, as the filter does:
 *
 * <pre>{@code
 * String authorization = BearerTokens.bearerCredentials(request.getHeaders("Authorization"));
 * try (TokenContext.Scope ignored = TokenContext.bind(authorization)) {
 *   chain.doFilter(request, response);
 * }
 * }</pre>
 */
public final class TokenContext {
  private static final ThreadBinding<String> TOKENS = new ThreadBinding<>();

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
    return TOKENS.bind(BearerTokens.fromAuthorization(authorization), Scope::new);
  }

  /** The bound token, or {@code null} when the bound request carries none or nothing is bound. */
  public static String current() {
    ThreadBinding.Scope<String> scope = TOKENS.current();
    return scope == null ? null : scope.value();
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
    ThreadBinding.Scope<String> scope = TOKENS.current();
    if (scope == null) {
      throw new ConfigurationException("A @TokenFromContext guard was called on a thread where no"
          + " request's token is bound: call the guard on the request's thread, where the token is"
          + " bound around the handler, by ProtektFilter (map it to this path and to REQUEST and"
          + " ASYNC dispatches) or, in a framework without an adapter, by your own"
          + " TokenContext.bind around the call. In a test, a MockMvc runs no ProtektFilter unless it is given"
          + " one: a Spring Boot @WebMvcTest slice leaves Protekt's auto-configuration out, so add"
          + " @ImportAutoConfiguration(ProtektAutoConfiguration.class) and the protekt.*"
          + " properties of a local tenant.");
    }
    return scope.value();
  }

  /**
   * One token binding. Close it in a {@code finally} block: {@code close()} restores the binding
   * that was current at {@code bind}, and a second call does nothing.
   */
  public static final class Scope extends ThreadBinding.Scope<String> {
    private Scope(Object[] slot, ThreadBinding.Scope<String> previous, String bound) {
      super(slot, previous, bound);
    }
  }
}
