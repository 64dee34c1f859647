package dev.protekt;

import java.time.Duration;
import java.util.Optional;

/**
 * The signing keys a token needs from its issuer (the tenant's, or with several issuers that one's)
 * cannot be had: discovery or the JWKS could not be fetched (it failed, is paused after a failure,
 * or did not answer within {@code keyFetchWait}) and either no cached copy exists or the token's
 * {@code kid} is not among the keys in hand, as after a key rotation; or the JWKS has no key that
 * can verify a token, which drops the keys in hand. The token cannot be checked,
 * which is an outage (HTTP 503), not a bad token: a client must not be sent to re-authenticate for
 * it. The message names the issuer and says what failed and when the next attempt is due, or that
 * a fetch still goes on; it never holds a token or secret.
 */
public class KeysUnavailableException extends ProtektUnavailableException {
  private static final long serialVersionUID = 1L;

  /** Null for unknown: an exception serialised before this field existed reads back as unknown. */
  private final Duration retryAfter;

  /** @param message why the keys cannot be had, never holding a token or secret */
  public KeysUnavailableException(String message) {
    this(message, null, null);
  }

  /**
   * @param message why the keys cannot be had, never holding a token or secret
   * @param cause the failure of the last fetch
   */
  public KeysUnavailableException(String message, Throwable cause) {
    this(message, cause, null);
  }

  /**
   * @param message why the keys cannot be had, never holding a token or secret
   * @param cause the failure of the last fetch
   * @param retryAfter how long until the next fetch may start, or {@code null} when unknown
   * @throws IllegalArgumentException if {@code retryAfter} is negative
   */
  public KeysUnavailableException(String message, Throwable cause, Duration retryAfter) {
    super(message, cause);
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
    }
    this.retryAfter = retryAfter;
  }

  /**
   * How long until the SDK's next fetch of these keys may start, counted from the refusal: a
   * client sent away with 503 may come back then ({@code Retry-After}). Empty while a fetch is
   * still going on, or when it is not known.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
