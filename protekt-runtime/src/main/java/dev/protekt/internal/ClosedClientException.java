package dev.protekt.internal;

/**
 * What a closed {@link dev.protekt.ProtektAuth} throws. Its own type so that a key fetch the close
 * stopped between attempts ends quietly, rather than warning that the tenant's keys cannot be
 * fetched while the application shuts down. Not part of the public API, which promises an {@link
 * IllegalStateException}.
 */
public final class ClosedClientException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The refusal of every call of a closed client. */
  public ClosedClientException() {
    super("This ProtektAuth was closed.");
  }

  /** Whether {@code failure} is this refusal, or wraps it (a fetch wraps what ended its call). */
  public static boolean endedByClose(Throwable failure) {
    // A few links at most in practice; the bound ends a cycle of causes, which Java allows.
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof ClosedClientException) {
        return true;
      }
    }
    return false;
  }
}
