package dev.protekt.internal;

import dev.protekt.ConfigurationException;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.health.Failure;
import dev.protekt.internal.http.UnusableAnswerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;

/** Masks the exceptions of calls to the tenant into {@link Failure}s: kind and status only. */
public final class Failures {
  private Failures() {}

  /** The failure {@code error} stands for, ended {@code at}. */
  public static Failure of(Throwable error, Instant at) {
    return new Failure(kind(error),
        underlying(error) instanceof ProtektApiException e ? e.statusCode() : 0, at);
  }

  /** The kind of failure {@code error} stands for. */
  public static Failure.Kind kind(Throwable error) {
    if (error instanceof ConfigurationException) {
      return Failure.Kind.MISCONFIGURED;
    }
    Throwable cause = underlying(error);
    if (cause instanceof ProtektApiException e) {
      return e.statusCode() == 401 || e.statusCode() == 403
          ? Failure.Kind.REFUSED : Failure.Kind.BAD_ANSWER;
    }
    // OkHttp reports its connect, read and call timeouts as InterruptedIOExceptions.
    if (cause instanceof InterruptedIOException) {
      return Failure.Kind.TIMED_OUT;
    }
    return cause instanceof IOException && !(cause instanceof UnusableAnswerException)
        ? Failure.Kind.UNREACHABLE : Failure.Kind.BAD_ANSWER;
  }

  /** The call's own failure: what a {@link ProtektUnavailableException} wraps, if anything. */
  private static Throwable underlying(Throwable error) {
    return error instanceof ProtektUnavailableException && error.getCause() != null
        ? error.getCause() : error;
  }
}
