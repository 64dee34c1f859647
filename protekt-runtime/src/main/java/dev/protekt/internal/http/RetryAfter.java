package dev.protekt.internal.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a {@code Retry-After} header: the one reading both {@link RetryInterceptor} (how long to
 * wait before a retry) and {@link TenantCalls} (what {@code ProtektApiException.retryAfter()} tells
 * the caller) use, so the two never disagree.
 */
final class RetryAfter {
  /** {@code Retry-After} in seconds is digits only (RFC 9110 {@code delay-seconds}). */
  private static final Pattern SECONDS = Pattern.compile("[0-9]+");
  /** The longest wait a header is read as: more digits than a long holds still mean "long". */
  private static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE);

  private RetryAfter() {}

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
