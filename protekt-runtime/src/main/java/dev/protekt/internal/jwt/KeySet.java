package dev.protekt.internal.jwt;

import dev.protekt.Algorithm;
import java.util.List;
import java.util.Map;

/**
 * One fetched, immutable snapshot of the tenant's signing keys, with the issuer they sign for.
 *
 * @param issuer the exact issuer, from discovery
 * @param byKid the first key published under each {@code kid}
 * @param all every key kept, in the JWKS's order, those that can verify no token (another curve,
 *     a key for encryption) included, so that a token naming one is refused as a mismatch; keys of
 *     different types may share a {@code kid}, keys of one type never do
 * @param fetchedAtMillis when the JWKS was fetched, by the configured clock
 */
record KeySet(
    String issuer, Map<String, VerificationKey> byKid, List<VerificationKey> all,
    long fetchedAtMillis) {

  /**
   * The key published under {@code kid} whose type fits {@code alg}, or else the first under it
   * (which {@link VerificationKey#check} then refuses); {@code null} when none has that kid.
   */
  VerificationKey withKid(String kid, Algorithm alg) {
    VerificationKey first = byKid.get(kid);
    if (first == null || first.fits(alg)) {
      return first;
    }
    for (VerificationKey key : all) {
      if (kid.equals(key.kid()) && key.fits(alg)) {
        return key;
      }
    }
    return first;
  }
}
