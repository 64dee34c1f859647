package dev.protekt.internal.http;

import dev.protekt.ProtektUnavailableException;

/**
 * A call ended because the thread waiting for it was interrupted, which stays interrupted. Its own
 * type so that a machine token request that another thread's interrupt ended is asked again by the
 * callers that were waiting for it, rather than failing them, and is no failure of the tenant's.
 */
public final class CallInterruptedException extends ProtektUnavailableException {
  private static final long serialVersionUID = 1L;

  CallInterruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
