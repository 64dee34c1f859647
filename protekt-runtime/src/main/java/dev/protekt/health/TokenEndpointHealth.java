package dev.protekt.health;

import java.time.Instant;
import java.util.Objects;

/**
 * The tenant's token endpoint, as the client-credentials grant of machine tokens last found it:
 * whether the endpoint answers and the client's credentials work.
 *
 * <p>Every token request counts but one kind: a 403 with an OAuth error code for an audience
 * other than the Users API's (the contract's {@code unauthorized_client}, "the client may not use
 * that audience"; Auth0's {@code access_denied}, "create a client-grant"), says the credentials
 * work and that one audience is not granted to them, so it is thrown to that audience's callers
 * (and logged at WARN once per audience) but leaves the state as it was. A 401 (wrong
 * credentials), any other 4xx or 5xx (a 403 for the Users API's own audience, or without an
 * error code, such as a proxy's page, included), no answer, and an answer that does not fit the
 * contract make it {@link State#FAILING}; a token makes it {@link State#REACHABLE}.
 *
 * @param state what the last token request that counts showed
 * @param lastSuccessAt when a token request last succeeded, or {@code null}
 * @param lastFailure the failure of the last token request that counts, or {@code null} when it
 *     succeeded or none was made
 */
public record TokenEndpointHealth(State state, Instant lastSuccessAt, Failure lastFailure) {
  /** The token endpoint's state. */
  public enum State {
    /** The SDK requests no machine tokens itself: no client credentials, or your own provider. */
    NOT_CONFIGURED,
    /** Credentials are configured but no token request that counts was made yet. */
    UNKNOWN,
    /** The last token request that counts got a token. */
    REACHABLE,
    /** The last token request that counts failed; {@code lastFailure} says how. */
    FAILING
  }

  /** @throws NullPointerException if {@code state} is null */
  public TokenEndpointHealth {
    Objects.requireNonNull(state, "state");
  }
}
