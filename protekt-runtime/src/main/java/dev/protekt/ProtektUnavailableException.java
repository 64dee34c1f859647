package dev.protekt;

/**
 * The tenant could not be reached: connection errors, dropped connections and timeouts, after the
 * configured retries (a tenant that keeps answering 5xx gives a {@link ProtektApiException} with
 * that status instead). Not the caller's fault; a service typically answers 502 or 503.
 */
public class ProtektUnavailableException extends ProtektException {
  private static final long serialVersionUID = 1L;

  /** @param message what could not be reached, never holding a token or secret */
  public ProtektUnavailableException(String message) {
    super(message);
  }

  /**
   * @param message what could not be reached, never holding a token or secret
   * @param cause the I/O failure behind it
   */
  public ProtektUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
