package dev.protekt.health;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of what one {@link dev.protekt.ProtektAuth} can reach, from {@link
 * dev.protekt.ProtektAuth#health()}. Tokens are verified while {@link #keys()} is {@link
 * KeySetHealth.State#FRESH FRESH} or {@link KeySetHealth.State#STALE STALE}; the token endpoint
 * matters only to machine tokens and the Users API.
 *
 * @param at when the snapshot was taken, by the configured clock
 * @param keys the signing keys; with {@linkplain dev.protekt.ProtektAuth.Builder#additionalIssuers(
 *     String...) several issuers}, those of the issuer in the worst state (never fetched or without
 *     usable keys, then stale), the domain's when all are alike
 * @param keysByIssuer the signing keys of each trusted issuer, the domain's first, keyed by the
 *     issuer as configured, with any URL masked as in messages
 * @param tokenEndpoint the token endpoint of machine tokens
 * @param cachedTokens how many entries the verified-token cache holds
 */
public record ProtektHealth(
    Instant at,
    KeySetHealth keys,
    Map<String, KeySetHealth> keysByIssuer,
    TokenEndpointHealth tokenEndpoint,
    int cachedTokens) {

  /** @throws NullPointerException if a component but {@code cachedTokens} is null */
  public ProtektHealth {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(keys, "keys");
    keysByIssuer = Collections.unmodifiableMap(new LinkedHashMap<>(keysByIssuer));
    Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
  }

  /** Whether tokens can be verified now: usable keys are in hand, fresh or stale. */
  public boolean canVerify() {
    return keys.state() == KeySetHealth.State.FRESH || keys.state() == KeySetHealth.State.STALE;
  }
}
