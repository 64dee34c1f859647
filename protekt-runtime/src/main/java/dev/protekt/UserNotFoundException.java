package dev.protekt;

/**
 * The user a get, update or delete named does not exist: the tenant answered 404 with the
 * contract's {@code inexistent_user}. Any other 404 (without that code, or to a create or list) is
 * a plain {@link ProtektApiException}: a wrong base URL or a proxy's page says nothing about a user.
 */
public class UserNotFoundException extends ProtektApiException {
  private static final long serialVersionUID = 1L;

  /** @param message the tenant's description, never holding a token or secret */
  public UserNotFoundException(String message) {
    super(404, "inexistent_user", message);
  }
}
