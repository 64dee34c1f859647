package dev.protekt;

import java.time.Duration;
import java.util.Optional;

/**
 * The tenant answered a management or token request with an error: {@link #statusCode()} is the
 * HTTP status, {@link #errorCode()} the contract's machine-readable code (such as {@code
 * invalid_body}, {@code insufficient_scope} or {@code access_denied}), the message the tenant's
 * own description, and {@link #retryAfter()} how long a 429 or 503 asked to wait.
 */
public class ProtektApiException extends ProtektException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String errorCode;
  /** Null for none: an exception serialised before this field existed reads back as none. */
  private final Duration retryAfter;

  /**
   * @param statusCode the HTTP status the tenant answered with
   * @param errorCode the contract's error code, or {@code null} when the tenant sent none
   * @param message the tenant's description, never holding a token or secret
   */
  public ProtektApiException(int statusCode, String errorCode, String message) {
    this(statusCode, errorCode, message, null);
  }

  /**
   * @param statusCode the HTTP status the tenant answered with
   * @param errorCode the contract's error code, or {@code null} when the tenant sent none
   * @param message the tenant's description, never holding a token or secret
   * @param retryAfter the wait the answer asked for ({@link #retryAfter()}), or {@code null}
   * @throws IllegalArgumentException if {@code retryAfter} is negative
   */
  public ProtektApiException(int statusCode, String errorCode, String message, Duration retryAfter) {
    super(message);
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
    }
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.retryAfter = retryAfter;
  }

  /** The HTTP status the tenant answered with. */
  public int statusCode() {
    return statusCode;
  }

  /** The contract's error code, or {@code null} when the tenant sent none. */
  public String errorCode() {
    return errorCode;
  }

  /**
   * How long the tenant asked to wait before trying again, counted from its answer: its {@code
   * Retry-After} header (seconds, or an HTTP date) on a 429 or 503, else on a 429 the time until
   * its {@code X-RateLimit-Reset} (epoch seconds). Empty for other statuses, and when no header was
   * there or readable (a negative number included). The SDK has already
   * waited out what it could (see the README's "Retries and timeouts"), so this is the wait it did
   * not: a 429 asking for more than 60 s, or one still refused after the retries.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
