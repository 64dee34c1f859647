package dev.protekt;

/**
 * The tenant could not be reached: connection errors, dropped connections and timeouts, after the
 * configured retries (a tenant that keeps answering 5xx gives a {@link ProtektApiException} with
 * that status instead). Not the caller's fault; a service typically answers 502 or 503.
 */
public class ProtektUnavailableException extends ProtektException {
  private static final long serialVersionUID = 1L;

  public ProtektUnavailableException(String message) {
    super(message);
  }

  public ProtektUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
