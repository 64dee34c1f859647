package dev.protekt.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration as the environment variables and the {@code protekt.*} properties write it:
 * seconds, whole or not ({@code 5}, {@code 0.5}), a whole number with a unit ({@code 500ms},
 * {@code 2m}), or ISO-8601 ({@code PT5S}). One reading, so that every option takes the same
 * forms. Not part of the public API.
 */
public final class Durations {
  private static final BigDecimal LONGEST_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final Pattern SECONDS = Pattern.compile("-?[0-9]*\\.?[0-9]+");
  private static final Pattern WITH_UNIT = Pattern.compile("(-?\\d+)(ns|us|ms|s|m|h|d)");
  private static final Map<String, BigDecimal> UNIT_SECONDS = Map.of(
      "ns", new BigDecimal("1e-9"), "us", new BigDecimal("1e-6"), "ms", new BigDecimal("1e-3"),
      "s", BigDecimal.ONE, "m", BigDecimal.valueOf(60), "h", BigDecimal.valueOf(3_600),
      "d", BigDecimal.valueOf(86_400));

  private Durations() {}

  /**
   * {@code text} as a duration, to the nanosecond. More seconds than a Duration holds are still a
   * Duration, the longest, so that the option's bound refuses it as too long rather than as no
   * duration.
   *
   * @throws IllegalArgumentException if it is none of the forms
   */
  public static Duration read(String text) {
    try {
      if (SECONDS.matcher(text).matches()) {
        return ofSeconds(new BigDecimal(text));
      }
      Matcher withUnit = WITH_UNIT.matcher(text.toLowerCase(Locale.ROOT));
      if (withUnit.matches()) {
        return ofSeconds(new BigDecimal(withUnit.group(1))
            .multiply(UNIT_SECONDS.get(withUnit.group(2))));
      }
      return Duration.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a duration: " + text, e);
    }
  }

  private static Duration ofSeconds(BigDecimal seconds) {
    BigDecimal held = seconds.min(LONGEST_SECONDS).max(LONGEST_SECONDS.negate())
        .setScale(9, RoundingMode.DOWN);
    BigDecimal whole = held.setScale(0, RoundingMode.FLOOR);
    return Duration.ofSeconds(whole.longValueExact(),
        held.subtract(whole).movePointRight(9).intValueExact());
  }
}
