package dev.protekt;

/** A user with that email already exists (HTTP 409, {@code user_exists}). */
public class UserExistsException extends ProtektApiException {
  private static final long serialVersionUID = 1L;

  /** @param message the tenant's description, never holding a token or secret */
  public UserExistsException(String message) {
    super(409, "user_exists", message);
  }
}
