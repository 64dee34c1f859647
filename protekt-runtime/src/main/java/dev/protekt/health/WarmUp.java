package dev.protekt.health;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link dev.protekt.ProtektAuth#warmUp()} could not reach, and the health it left.
 *
 * @param took how long the warm-up waited
 * @param unreached each part of the tenant that failed or did not answer in time, in the order
 *     they are needed; empty when everything was reached
 * @param health the snapshot taken at the end of the warm-up
 */
public record WarmUp(Duration took, List<Unreached> unreached, ProtektHealth health) {
  /**
   * The longest a warm-up may wait, 10 minutes: {@link dev.protekt.ProtektAuth#warmUp(Duration)}
   * refuses a longer time, and adapters that read the time from their configuration refuse it
   * there, naming the setting.
   */
  public static final Duration LONGEST_WAIT = Duration.ofMinutes(10);

  /** A part of the tenant that a warm-up fetches from or checks. */
  public enum Part {
    /** The OIDC discovery document, which names the others. */
    DISCOVERY,
    /** The JWKS, the keys that verify tokens. */
    KEYS
  }

  /**
   * A part the warm-up did not reach.
   *
   * @param issuer the trusted issuer it belongs to, as configured ({@code domain} or one of the
   *     {@code additionalIssuers}), with any URL masked as in messages
   * @param part which part
   * @param failure how it failed; when the warm-up's time ran out first (the fetch goes on in the
   *     background and its keys are used once they arrive), what the last attempt it retried met,
   *     or {@link Failure.Kind#TIMED_OUT TIMED_OUT} if none failed yet
   */
  public record Unreached(String issuer, Part part, Failure failure) {
    /** @throws NullPointerException if a component is null */
    public Unreached {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(part, "part");
      Objects.requireNonNull(failure, "failure");
    }
  }

  /** @throws NullPointerException if a component is null */
  public WarmUp {
    Objects.requireNonNull(took, "took");
    unreached = List.copyOf(unreached);
    Objects.requireNonNull(health, "health");
  }

  /** Whether everything was reached: tokens can be verified with keys fetched now. */
  public boolean complete() {
    return unreached.isEmpty();
  }
}
