package dev.protekt.testing.internal;

/** Whether a tenant still runs: what it does after {@code close()} fails instead of seeming to work. */
public final class Lifecycle {
  private boolean closed;

  /** @return {@code true} the first time only, so that a tenant stops once */
  public synchronized boolean close() {
    boolean first = !closed;
    closed = true;
    return first;
  }

  /** @throws IllegalStateException once the tenant is closed */
  public synchronized void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the local tenant is closed");
    }
  }
}
