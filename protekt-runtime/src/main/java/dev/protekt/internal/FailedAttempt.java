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
   * How much later than the configured clock the monotonic one ends a pause: enough that a test
   * that moves its clock is not overtaken by real time on a loaded machine, little enough that a
   * fixed clock, or one set back, holds the next attempt off for seconds, not for ever.
   */
  static final long MONOTONIC_SLACK_MILLIS = 2_000;

  /**
   * Milliseconds left of the pause before the next attempt; zero or less once it is over. The
   * pause ends by the configured clock, which tests move and by which a Retry-After date was read,
   * and at the latest {@link #MONOTONIC_SLACK_MILLIS} later by the monotonic one.
   */
  public long pauseLeftMillis(Clock clock) {
    long pause = Failures.pauseMillis(error);
    return Math.min(atMillis + pause - clock.millis(), pause + MONOTONIC_SLACK_MILLIS
        - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - atNanos));
  }
}
