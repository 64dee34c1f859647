package dev.protekt.internal.jwt;

import dev.protekt.Algorithm;
import java.util.List;
import java.util.Map;

/**
 * One fetched, immutable snapshot of the tenant's signing keys, with the issuer they sign for.
 *
 * @param issuer the exact issuer, from discovery
 * @param byKid the keys that have a {@code kid}, the first one published winning a duplicate
 * @param all every usable key, in the JWKS's order
 * @param fetchedAtMillis when the JWKS was fetched, by the configured clock
 */
record KeySet(
    String issuer, Map<String, VerificationKey> byKid, List<VerificationKey> all,
    long fetchedAtMillis) {

  /**
   * The one key that fits {@code alg}, for a token without {@code kid}; {@code null} when none or
   * several do, since guessing among several would let any of them sign for the others.
   */
  VerificationKey onlyKeyFor(Algorithm alg) {
    VerificationKey found = null;
    for (VerificationKey key : all) {
      if (key.fits(alg)) {
        if (found != null) {
          return null;
        }
        found = key;
      }
    }
    return found;
  }
}
