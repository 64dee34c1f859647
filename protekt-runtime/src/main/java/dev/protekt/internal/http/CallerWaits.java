package dev.protekt.internal.http;

/**
 * A request tag ({@code Request.Builder.tag(CallerWaits.class, CallerWaits.TAG)}) telling {@link
 * RetryInterceptor} to hand a 429, or a 503 that asks for a wait ({@code Retry-After}), back at
 * once instead of waiting it out. Discovery and key fetches pace themselves after a failure
 * ({@code Failures.pauseMillis}), and the one fetch in flight must not hold for minutes of
 * retries while a rotated key waits behind it.
 */
public final class CallerWaits {
  /** The one instance. */
  public static final CallerWaits TAG = new CallerWaits();

  private CallerWaits() {}
}
