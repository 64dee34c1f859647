package dev.protekt;

/**
 * Supplies machine-to-machine access tokens for the Users API and {@link
 * ProtektAuth#getAccessToken(String)}. The default provider runs the client-credentials grant
 * against the tenant's token endpoint, caches each token until shortly before it expires, and lets
 * one request at a time through per audience. Plug in your own with {@link
 * ProtektAuth.Builder#tokenProvider(AccessTokenProvider)}, for instance to read tokens from a vault.
 * Implementations must be thread-safe.
 *
 * <p>Your provider is called on the thread of each Users API call, inside the call. The call's
 * {@code timeout} cancels the HTTP request but cannot interrupt your code: a call lasts at least as
 * long as {@link #getAccessToken(String)} takes, so bound your own I/O (a vault client's timeout)
 * and cache what you fetch.
 */
public interface AccessTokenProvider {
  /**
   * A valid access token for this audience.
   *
   * @throws ProtektApiException if the tenant refuses the request (wrong credentials: 401 {@code
   *     access_denied}; audience not allowed: 403 {@code unauthorized_client}, which Auth0 calls
   *     {@code access_denied})
   * @throws ProtektUnavailableException if the tenant cannot be reached
   */
  String getAccessToken(String audience);

  /**
   * Forgets {@code token} for {@code audience} because an API refused it with 401; the next {@link
   * #getAccessToken(String)} must fetch a fresh one. The default does nothing.
   */
  default void invalidate(String audience, String token) {}
}
