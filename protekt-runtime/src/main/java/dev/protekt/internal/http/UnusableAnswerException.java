package dev.protekt.internal.http;

import java.io.IOException;

/**
 * The tenant answered, but with a body the SDK will not read: larger than its bound, or missing.
 * An {@link IOException} because it surfaces while reading the body; not a network failure, so
 * health reports it as a bad answer, not as an unreachable tenant.
 */
public final class UnusableAnswerException extends IOException {
  private static final long serialVersionUID = 1L;

  /** @param message what was wrong with the answer, never holding a token or secret */
  public UnusableAnswerException(String message) {
    super(message);
  }
}
