package dev.protekt;

/**
 * The tenant answered a management or token request with an error: {@link #statusCode()} is the
 * HTTP status, {@link #errorCode()} the contract's machine-readable code (such as {@code
 * invalid_body}, {@code insufficient_scope} or {@code access_denied}), and the message the tenant's
 * own description.
 */
public class ProtektApiException extends ProtektException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String errorCode;

  /**
   * @param statusCode the HTTP status the tenant answered with
   * @param errorCode the contract's error code, or {@code null} when the tenant sent none
   * @param message the tenant's description, never holding a token or secret
   */
  public ProtektApiException(int statusCode, String errorCode, String message) {
    super(message);
    this.statusCode = statusCode;
    this.errorCode = errorCode;
  }

  /** The HTTP status the tenant answered with. */
  public int statusCode() {
    return statusCode;
  }

  /** The contract's error code, or {@code null} when the tenant sent none. */
  public String errorCode() {
    return errorCode;
  }
}
