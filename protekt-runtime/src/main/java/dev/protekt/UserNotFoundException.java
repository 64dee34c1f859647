package dev.protekt;

/** The user does not exist (HTTP 404, {@code inexistent_user}). */
public class UserNotFoundException extends ProtektApiException {
  private static final long serialVersionUID = 1L;

  /** @param message the tenant's description, never holding a token or secret */
  public UserNotFoundException(String message) {
    super(404, "inexistent_user", message);
  }
}
