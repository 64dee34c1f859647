package dev.protekt;

/**
 * A guarded call came without a bearer token. Maps to HTTP 401 with {@code WWW-Authenticate:
 * Bearer} and no error code (RFC 6750 section 3.1); when the request carried several {@code
 * Authorization} headers, so that none was taken, to HTTP 400 {@code invalid_request} saying so
 * (see {@link dev.protekt.http.AuthErrorResponse}).
 */
public class MissingTokenException extends ProtektException {
  private static final long serialVersionUID = 1L;

  /** With a fixed message that says how to send a token. */
  public MissingTokenException() {
    super("No bearer token: send an 'Authorization: Bearer <access token>' header.");
  }
}
