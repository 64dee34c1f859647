package dev.protekt.internal.http;

/**
 * A request tag ({@code Request.Builder.tag(Idempotent.class, Idempotent.TAG)}) telling {@link
 * RetryInterceptor} that a POST is safe to repeat after a 5xx or an I/O failure, as a
 * client-credentials token request is. Untagged POSTs are never repeated when their outcome is
 * unknown.
 */
public final class Idempotent {
  /** The one instance. */
  public static final Idempotent TAG = new Idempotent();

  private Idempotent() {}
}
