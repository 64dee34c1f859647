package dev.protekt.guard;

/**
 * Implemented by your own request types so that a guarded method taking one can find the caller's
 * token without reflection: the processor accepts a parameter of any type implementing this
 * interface as the method's token source.
 */
public interface BearerTokenSource {
  /**
   * The caller's {@code Authorization} header value or bare token, or {@code null} when there is
   * none; parsed with {@link BearerTokens#fromAuthorization(String)}, which takes a bare token.
   * Return a request's header through {@link BearerTokens#bearerCredentials(java.util.List)} to
   * hold it to RFC 6750's Bearer scheme.
   */
  String authorization();
}
