package dev.protekt.internal;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * A failed attempt to reach the tenant (a discovery, a key fetch) and when it ended, by the
 * configured clock and by the monotonic one; it holds the next attempt off for {@link
 * Failures#pauseMillis}.
 *
 * @param <E> what the attempt failed with
 */
public record FailedAttempt<E extends Exception>(E error, long atMillis, long atNanos) {
  /** {@code error}, ended now. */
  public static <E extends Exception> FailedAttempt<E> now(E error, Clock clock) {
    return new FailedAttempt<>(error, clock.millis(), System.nanoTime());
  }

  /**
   * Milliseconds left of the pause before the next attempt; zero or less once it is over. The
   * pause ends when either clock says so: the configured one, which tests move and by which a
   * Retry-After date was read, or the monotonic one, so that a clock set back, or a fixed one,
   * cannot hold the next attempt off for ever.
   */
  public long pauseLeftMillis(Clock clock) {
    long pause = Failures.pauseMillis(error);
    return Math.min(atMillis + pause - clock.millis(),
        pause - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - atNanos));
  }
}
