package dev.protekt.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.protekt.ConfigurationException;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.health.Failure;
import dev.protekt.internal.http.RetriedAttempts;
import dev.protekt.internal.http.UnusableAnswerException;
import dev.protekt.internal.http.Urls;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Masks the exceptions of calls to the tenant into {@link Failure}s (kind and status only), and
 * says how long a failed fetch of discovery or keys leaves the issuer alone.
 */
public final class Failures {
  /** The least time between a failed fetch of an issuer's discovery or keys and the next. */
  public static final long PAUSE_AFTER_FAILURE_MILLIS = 1_000;
  /**
   * The least time after a fetch that failed on the configuration (a discovery document naming
   * another issuer, or endpoints the SDK must not use): no outage to wait out, so asking each
   * second would only load the tenant; a document fixed meanwhile is still taken within this.
   */
  public static final long PAUSE_AFTER_MISCONFIGURATION_MILLIS = 30_000;
  /**
   * The longest a {@code Retry-After} keeps the SDK away from an issuer's discovery and keys: a
   * mistaken or hostile value must not leave an issuer's tokens unverifiable for a day. Asking
   * again then costs one request, which a tenant still overloaded refuses again.
   */
  public static final long LONGEST_RETRY_AFTER_MILLIS = 60_000;

  private Failures() {}

  /**
   * How long after a fetch of discovery or keys failed with {@code error} the next may start: what
   * a 429's or 503's {@code Retry-After} asked for (up to {@link #LONGEST_RETRY_AFTER_MILLIS}),
   * longer after a misconfiguration, and {@link #PAUSE_AFTER_FAILURE_MILLIS} at least.
   */
  public static long pauseMillis(Throwable error) {
    if (error instanceof ConfigurationException) {
      return PAUSE_AFTER_MISCONFIGURATION_MILLIS;
    }
    long asked = underlying(error) instanceof ProtektApiException e
        ? e.retryAfter().map(Failures::millisUpToLongest).orElse(0L) : 0;
    return Math.max(PAUSE_AFTER_FAILURE_MILLIS, asked);
  }

  /**
   * When the next attempt is due, as a refusal says it: {@code "in 40 s"}, rounded up (it never
   * comes sooner), a second at least.
   */
  public static String inSeconds(long leftMillis) {
    return "in " + Math.max(1, (leftMillis + 999) / 1000) + " s";
  }

  /**
   * A failure's message as one part of a refusal's sentence: printable, since a parser or server
   * that wrote it may have quoted the tenant's answer, and without its closing period (an ellipsis
   * stays).
   */
  public static String shown(Throwable error) {
    String shown = Urls.printable(String.valueOf(error.getMessage()));
    return shown.endsWith(".") && !shown.endsWith("..")
        ? shown.substring(0, shown.length() - 1) : shown;
  }

  private static long millisUpToLongest(Duration wait) {
    return wait.compareTo(Duration.ofMillis(LONGEST_RETRY_AFTER_MILLIS)) > 0
        ? LONGEST_RETRY_AFTER_MILLIS : wait.toMillis();
  }

  /** The failure of a call that sends no credentials (discovery, keys), ended {@code at}. */
  public static Failure of(Throwable error, Instant at) {
    return new Failure(kind(error), status(error), at);
  }

  /** An attempt of a call that sends no credentials (discovery, keys), which was retried. */
  public static Failure of(RetriedAttempts.Attempt attempt) {
    return attempt.error() != null ? of(attempt.error(), attempt.at())
        : new Failure(Failure.Kind.BAD_ANSWER, attempt.status(), attempt.at());
  }

  /**
   * The failure of a call to the token endpoint, ended {@code at}: it sends the client's
   * credentials, so there, and only there, a 401 or 403 is the tenant refusing them. A failure of
   * the discovery it needed first is classified as any other.
   */
  public static Failure ofCredentialed(Throwable error, Instant at) {
    boolean refused = error instanceof ProtektApiException e
        && (e.statusCode() == 401 || e.statusCode() == 403);
    return new Failure(refused ? Failure.Kind.REFUSED : kind(error), status(error), at);
  }

  /** The kind of failure {@code error} stands for, on a call that sends no credentials. */
  public static Failure.Kind kind(Throwable error) {
    if (error instanceof ConfigurationException) {
      return Failure.Kind.MISCONFIGURED;
    }
    // An address that does not exist (a domain without its issuer's path, a document naming
    // endpoints that are not there) is no outage. Its fetches are not paused as a misconfiguration
    // is: a tenant being deployed (a realm not imported yet) answers 404 for a while too.
    if (status(error) == 404) {
      return Failure.Kind.MISCONFIGURED;
    }
    Throwable cause = underlying(error);
    // OkHttp reports its connect, read and call timeouts as InterruptedIOExceptions.
    if (cause instanceof InterruptedIOException) {
      return Failure.Kind.TIMED_OUT;
    }
    // An error status, or an answer that cannot be read as what it should be (too large, no
    // body, not the JSON expected): the tenant was reached.
    boolean answered = cause instanceof ProtektApiException
        || cause instanceof UnusableAnswerException || cause instanceof JsonProcessingException;
    return cause instanceof IOException && !answered
        ? Failure.Kind.UNREACHABLE : Failure.Kind.BAD_ANSWER;
  }

  private static int status(Throwable error) {
    return underlying(error) instanceof ProtektApiException e ? e.statusCode() : 0;
  }

  /** The call's own failure: what a {@link ProtektUnavailableException} wraps, if anything. */
  private static Throwable underlying(Throwable error) {
    return error instanceof ProtektUnavailableException && error.getCause() != null
        ? error.getCause() : error;
  }
}
