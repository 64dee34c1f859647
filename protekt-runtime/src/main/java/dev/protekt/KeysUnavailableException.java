package dev.protekt;

/**
 * The signing keys a token needs from its issuer (the tenant's, or with several issuers that one's)
 * cannot be had: discovery or the JWKS could not be fetched (it failed, is paused after a failure,
 * or did not answer within {@code keyFetchWait}) and either no cached copy exists or the token's
 * {@code kid} is not among the keys in hand, as after a key rotation. The token cannot be checked,
 * which is an outage (HTTP 503), not a bad token: a client must not be sent to re-authenticate for
 * it. The message names the issuer and says what failed and when the next attempt is due, or that
 * a fetch still goes on; it never holds a token or secret.
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
