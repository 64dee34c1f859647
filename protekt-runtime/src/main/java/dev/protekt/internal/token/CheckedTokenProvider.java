package dev.protekt.internal.token;

import dev.protekt.AccessTokenProvider;
import dev.protekt.ConfigurationException;

/**
 * The application's own {@link AccessTokenProvider}, held to what a bearer token is: a null, blank
 * or {@code "Bearer …"} answer would be sent as {@code Authorization: Bearer null} (or worse), and
 * one with a line break would fail inside OkHttp with its own {@code IllegalArgumentException}.
 * The SDK's provider checks the tenant's answers itself.
 */
public final class CheckedTokenProvider implements AccessTokenProvider {
  private final AccessTokenProvider provider;

  /** @param provider the application's provider */
  public CheckedTokenProvider(AccessTokenProvider provider) {
    this.provider = provider;
  }

  /**
   * The provider's token.
   *
   * @throws ConfigurationException if it is null, blank, or holds anything but visible ASCII (a
   *     space included: the provider supplies the token, not the {@code Bearer} scheme); the
   *     message never quotes it
   */
  @Override
  public String getAccessToken(String audience) {
    String token = provider.getAccessToken(audience);
    String wrong = token == null ? "null"
        : token.isBlank() ? "a blank token"
        : !sendable(token)
            ? "a token with characters a bearer token cannot have (only visible ASCII, and no"
                + " 'Bearer ' before it)"
            : null;
    if (wrong != null) {
      throw new ConfigurationException("The token provider " + provider.getClass().getName()
          + " answered " + wrong + " for the audience '" + audience + "'.");
    }
    return token;
  }

  /** Whether {@code token} can follow {@code Bearer } in a header: visible ASCII only. */
  static boolean sendable(String token) {
    return token.chars().allMatch(c -> c > ' ' && c < 0x7f);
  }

  @Override
  public void invalidate(String audience, String token) {
    provider.invalidate(audience, token);
  }

  @Override
  public String toString() {
    return provider.toString();
  }
}
