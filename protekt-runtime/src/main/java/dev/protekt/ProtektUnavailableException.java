package dev.protekt;

/**
 * The tenant could not be used: it could not be reached (connection errors, dropped connections
 * and timeouts, after the configured retries), its answer was larger than the 8 MiB the SDK reads,
 * or its OIDC discovery failed; or the calling thread was interrupted while it waited for the
 * tenant or for the signing keys (it stays interrupted). A tenant whose API keeps answering 5xx
 * gives a {@link ProtektApiException} with that status instead. Not the caller's fault: {@link
 * dev.protekt.http.AuthErrorResponse} answers 503 {@code temporarily_unavailable} for a {@link
 * KeysUnavailableException} and for an interrupted wait (for a call to the tenant, its discovery,
 * a machine token another thread asks for, or the signing keys), and 502 {@code bad_gateway} for
 * the rest.
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
