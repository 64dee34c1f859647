package dev.protekt.health;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of what one {@link dev.protekt.ProtektAuth} can reach, from {@link
 * dev.protekt.ProtektAuth#health()}. Tokens are verified while {@link #keys()} is {@link
 * KeySetHealth.State#FRESH FRESH} or {@link KeySetHealth.State#STALE STALE}; the token endpoint
 * matters only to machine tokens and the Users API.
 *
 * @param at when the snapshot was taken, by the configured clock
 * @param keys the signing keys
 * @param tokenEndpoint the token endpoint of machine tokens
 * @param cachedTokens how many entries the verified-token cache holds
 */
public record ProtektHealth(
    Instant at, KeySetHealth keys, TokenEndpointHealth tokenEndpoint, int cachedTokens) {

  /** @throws NullPointerException if a component but {@code cachedTokens} is null */
  public ProtektHealth {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
  }

  /** Whether tokens can be verified now: keys are in hand, fresh or stale. */
  public boolean canVerify() {
    return keys.state() != KeySetHealth.State.NEVER_FETCHED;
  }
}
