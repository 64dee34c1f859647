package dev.protekt;

/**
 * The signing keys of the token's issuer (the tenant's, or with several issuers that one's) cannot
 * be had: discovery or the JWKS could not be fetched and no cached copy exists. Its tokens cannot be
 * checked at all, which is an outage (HTTP 503), not a bad token. The message names the issuer and
 * says what failed and when the next attempt is due, or that a fetch still goes on; it never holds
 * a token or secret.
 */
public class KeysUnavailableException extends ProtektUnavailableException {
  private static final long serialVersionUID = 1L;

  /** @param message why the keys cannot be had, never holding a token or secret */
  public KeysUnavailableException(String message) {
    super(message);
  }

  /**
   * @param message why the keys cannot be had, never holding a token or secret
   * @param cause the failure of the last fetch
   */
  public KeysUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
