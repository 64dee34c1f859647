package dev.protekt.internal.http;

import java.io.IOException;
import java.time.Instant;

/**
 * A request tag, one per call, that {@link RetryInterceptor} tells of each attempt it is about to
 * retry. A caller that stops waiting while the call still retries (a warm-up whose time ran out)
 * can then say what the tenant did: refusing connections is being unreachable, not being slow.
 */
public final class RetriedAttempts {
  /**
   * An attempt that failed and was retried.
   *
   * @param error its I/O failure, or {@code null} when the tenant answered
   * @param status the status the tenant answered, or 0 after an I/O failure
   * @param at when it ended
   */
  public record Attempt(IOException error, int status, Instant at) {}

  private volatile Attempt last;

  /** The last attempt retried so far, or {@code null} if none was. */
  public Attempt last() {
    return last;
  }

  void retried(Attempt attempt) {
    last = attempt;
  }
}
