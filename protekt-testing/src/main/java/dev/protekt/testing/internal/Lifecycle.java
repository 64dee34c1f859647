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

  /**
   * @param domain where the tenant listened
   * @throws IllegalStateException once the tenant is closed, saying that nothing answers at {@code
   *     domain} any more, rather than leaving a client built with it to fail to connect
   */
  public synchronized void requireListening(String domain) {
    if (closed) {
      throw new IllegalStateException("the local tenant is closed: nothing answers at " + domain
          + " any more. A tenant that several test classes share (in a static field) must stay open"
          + " until the last of them is done, not be closed in the first one's @AfterAll; or give"
          + " each class its own, with LocalTenantExtension. Do not close the tenant LocalTenantExtension"
          + " injects (as try (LocalTenant t = tenant) { … } does): the extension closes it when the"
          + " class is done.");
    }
  }
}
