package dev.protekt;

/**
 * The base of every exception the SDK throws. All are unchecked. Messages are written for the
 * developer and never contain a token, a client secret or an {@code Authorization} header.
 */
public class ProtektException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProtektException(String message) {
    super(message);
  }

  public ProtektException(String message, Throwable cause) {
    super(message, cause);
  }
}
