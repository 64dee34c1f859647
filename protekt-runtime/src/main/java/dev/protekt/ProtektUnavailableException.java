package dev.protekt;

/**
 * The tenant could not be reached or kept failing: connection errors, timeouts, or 5xx answers
 * after the configured retries. Not the caller's fault; a service typically answers 502 or 503.
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
