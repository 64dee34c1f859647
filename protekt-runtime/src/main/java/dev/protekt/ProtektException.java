package dev.protekt;

/**
 * The base of every exception the SDK throws. All are unchecked. Messages are written for the
 * developer and never contain a token, a client secret or an {@code Authorization} header.
 */
public class ProtektException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message the explanation for a developer, never holding a token or secret */
  public ProtektException(String message) {
    super(message);
  }

  /**
   * @param message the explanation for a developer, never holding a token or secret
   * @param cause the underlying failure
   */
  public ProtektException(String message, Throwable cause) {
    super(message, cause);
  }
}
