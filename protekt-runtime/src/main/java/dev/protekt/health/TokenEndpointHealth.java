package dev.protekt.health;

import java.time.Instant;
import java.util.Objects;

/**
 * The tenant's token endpoint, as the client-credentials grant of machine tokens last found it.
 *
 * @param state what the last token request showed
 * @param lastSuccessAt when a token request last succeeded, or {@code null}
 * @param lastFailure the failure of the last token request, or {@code null} when it succeeded or
 *     none was made
 */
public record TokenEndpointHealth(State state, Instant lastSuccessAt, Failure lastFailure) {
  /** The token endpoint's state. */
  public enum State {
    /** The SDK requests no machine tokens itself: no client credentials, or your own provider. */
    NOT_CONFIGURED,
    /** Credentials are configured but no token was requested yet. */
    UNKNOWN,
    /** The last token request got a token. */
    REACHABLE,
    /** The last token request failed; {@code lastFailure} says how. */
    FAILING
  }

  /** @throws NullPointerException if {@code state} is null */
  public TokenEndpointHealth {
    Objects.requireNonNull(state, "state");
  }
}
