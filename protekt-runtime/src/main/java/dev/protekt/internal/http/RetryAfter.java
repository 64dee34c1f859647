package dev.protekt.internal.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a {@code Retry-After} header: the one reading {@link RetryInterceptor} (how long to wait
 * before a retry), {@link TenantCalls} (what {@code ProtektApiException.retryAfter()} tells the
 * caller) and the fetches of discovery and keys (how long to leave the issuer alone) use, so that
 * none disagrees with another.
 */
public final class RetryAfter {
  /** {@code Retry-After} in seconds is digits only (RFC 9110 {@code delay-seconds}). */
  private static final Pattern SECONDS = Pattern.compile("[0-9]+");
  /** The longest wait a header is read as: more digits than a long holds still mean "long". */
  private static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE);

  private RetryAfter() {}

  /**
   * The wait an error answer asks for: its {@code Retry-After}, read as {@link #parse} does, for a
   * 429 or 503 (the statuses that ask a client to come back later); else, or unreadable, {@code
   * null}.
   */
  public static Duration askedBy(retrofit2.Response<?> response, Clock clock) {
    int status = response.code();
    return status == 429 || status == 503
        ? parse(response.headers().get("Retry-After"), clock).orElse(null) : null;
  }

  /**
   * The wait {@code value} asks for, counted from now by {@code clock}: delay-seconds, or an HTTP
   * date (a past one is no wait). Empty for no header, and for an unreadable one (a negative
   * number included), which is ignored rather than trusted.
   */
  static Optional<Duration> parse(String value, Clock clock) {
    if (value == null) {
      return Optional.empty();
    }
    String trimmed = value.trim();
    if (SECONDS.matcher(trimmed).matches()) {
      // Leading zeros are digits RFC 9110 allows, not length.
      String digits = trimmed.replaceFirst("^0+(?=\\d)", "");
      return Optional.of(digits.length() > 18
          ? LONGEST : Duration.ofSeconds(Long.parseLong(digits)));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration until = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(until.isNegative() ? Duration.ZERO : until);
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }
}
