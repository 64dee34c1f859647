package dev.protekt.health;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of what one {@link dev.protekt.ProtektAuth} can reach, from {@link
 * dev.protekt.ProtektAuth#health()}. An issuer's tokens are verified while its keys are {@link
 * KeySetHealth.State#FRESH FRESH} or {@link KeySetHealth.State#STALE STALE}; the token endpoint
 * matters only to machine tokens and the Users API.
 *
 * <p>With {@linkplain dev.protekt.ProtektAuth.Builder#additionalIssuers(String...) several
 * issuers}, one may be down while the others' tokens verify: {@link #canVerify()} is then true,
 * {@link #keys()}{@code .canVerify()} false, and {@link #keysByIssuer()} says which issuer it is.
 *
 * @param at when the snapshot was taken, by the configured clock
 * @param keys the signing keys; with several issuers, those of the issuer in the worst state (never
 *     fetched or without usable keys, then stale, then fresh; the first in {@code keysByIssuer}
 *     among equals), so that its {@link KeySetHealth#canVerify()} holds only when every issuer's
 *     does
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

  /**
   * Whether tokens can be verified now: some trusted issuer has usable keys in hand, fresh or
   * stale. With one issuer, whether its tokens can; with several, a token of an issuer without
   * keys is still refused: {@link #keys()}{@code .canVerify()} says whether every issuer's tokens
   * can be verified.
   */
  public boolean canVerify() {
    return keys.canVerify() || keysByIssuer.values().stream().anyMatch(KeySetHealth::canVerify);
  }
}
