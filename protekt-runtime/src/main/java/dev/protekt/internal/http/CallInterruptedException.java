package dev.protekt.internal.http;

import dev.protekt.ProtektUnavailableException;

/**
 * A call ended because the thread waiting for it was interrupted, which stays interrupted: a call
 * to the tenant, or a verification's wait for the signing keys it needs. Its own type so that a
 * machine token request that another thread's interrupt ended is asked again by the callers that
 * were waiting for it, rather than failing them, and is no failure of the tenant's (nor counted as
 * keys unavailable).
 */
public final class CallInterruptedException extends ProtektUnavailableException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was interrupted, never holding a token or secret
   * @param cause the interrupt as it was met, or {@code null}
   */
  public CallInterruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
