package dev.protekt.internal.jwt;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * A token's claims as the verifier parsed them: unmodifiable maps and lists all the way down,
 * referenced by nothing else, so {@code ProtektUser} can keep them without the defensive deep copy
 * it makes of a map handed in from outside. Only this package can make one.
 */
public final class VerifiedClaims extends AbstractMap<String, Object> {
  private final Map<String, Object> claims;
  private final long retainedBytes;

  /**
   * @param claims deeply unmodifiable, and no reference to its mutable parts escapes
   * @param retainedBytes an upper bound of the memory {@code claims} holds
   */
  VerifiedClaims(Map<String, Object> claims, long retainedBytes) {
    this.claims = claims;
    this.retainedBytes = retainedBytes;
  }

  /**
   * An upper bound of the heap the claims' maps, lists, strings and numbers hold, counted as they
   * were parsed (see {@link ClaimsParser}); what the verified-token cache charges for them.
   */
  long retainedBytes() {
    return retainedBytes;
  }

  /** The claims, deeply unmodifiable, in the token's order. */
  public Map<String, Object> frozen() {
    return claims;
  }

  @Override
  public Object get(Object key) {
    return claims.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return claims.containsKey(key);
  }

  @Override
  public int size() {
    return claims.size();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return claims.entrySet();
  }
}
