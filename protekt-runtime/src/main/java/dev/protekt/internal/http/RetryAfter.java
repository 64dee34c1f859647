package dev.protekt.internal.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.Headers;

/**
 * Reads a {@code Retry-After} header, and for a 429 {@code X-RateLimit-Reset} in its absence: the
 * one reading {@link RetryInterceptor} (how long to wait before a retry), {@link TenantCalls} (what
 * {@code ProtektApiException.retryAfter()} tells the caller) and the fetches of discovery and keys
 * (how long to leave the issuer alone) use, so that none disagrees with another.
 */
public final class RetryAfter {
  /** {@code Retry-After} in seconds is digits only (RFC 9110 {@code delay-seconds}). */
  private static final Pattern SECONDS = Pattern.compile("[0-9]+");
  /** The longest wait a header is read as: more digits than a long holds still mean "long". */
  private static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE);

  private RetryAfter() {}

  /**
   * The wait an error answer asks for: for a 429 what {@link #rateLimited} reads, for a 503 its
   * {@code Retry-After} read as {@link #parse} does (the statuses that ask a client to come back
   * later); else, or unreadable, {@code null}.
   */
  public static Duration askedBy(retrofit2.Response<?> response, Clock clock) {
    return switch (response.code()) {
      case 429 -> rateLimited(response.headers(), clock).orElse(null);
      case 503 -> parse(response.headers().get("Retry-After"), clock).orElse(null);
      default -> null;
    };
  }

  /**
   * The wait a 429 with {@code headers} asks for: its {@code Retry-After} read as {@link #parse}
   * does, else the time until its {@code X-RateLimit-Reset} (epoch seconds, digits only; a time
   * gone by is no wait). The contract sends both; a tenant that sends only the second still says
   * when it takes requests again. Empty when neither is readable.
   */
  public static Optional<Duration> rateLimited(Headers headers, Clock clock) {
    Optional<Duration> asked = parse(headers.get("Retry-After"), clock);
    if (asked.isPresent()) {
      return asked;
    }
    Duration reset = seconds(headers.get("X-RateLimit-Reset"));
    if (reset == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Duration until = reset.minusSeconds(now.getEpochSecond()).minusNanos(now.getNano());
    return Optional.of(until.isNegative() ? Duration.ZERO : until);
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
    Duration seconds = seconds(value);
    if (seconds != null) {
      return Optional.of(seconds);
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration until = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(until.isNegative() ? Duration.ZERO : until);
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }

  /** {@code value} as a number of seconds, digits only, or {@code null} for anything else. */
  private static Duration seconds(String value) {
    String trimmed = value == null ? "" : value.trim();
    if (!SECONDS.matcher(trimmed).matches()) {
      return null;
    }
    // Leading zeros are digits RFC 9110 allows, not length.
    String digits = trimmed.replaceFirst("^0+(?=\\d)", "");
    return digits.length() > 18 ? LONGEST : Duration.ofSeconds(Long.parseLong(digits));
  }
}
