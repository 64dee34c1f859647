package dev.protekt.internal;

import dev.protekt.ProtektAuth;
import dev.protekt.internal.jwt.TokenVerifier;
import java.util.function.Function;

/**
 * A client's {@link TokenVerifier}, for the SDK's own metrics: a gauge per issuer reads that
 * issuer's keys alone, where {@link ProtektAuth#health()} would work out every issuer's, the token
 * endpoint's and the cache's at each read of each gauge. {@link ProtektAuth} says how to reach it
 * when its class is initialized, which any instance of it implies.
 */
public final class ClientVerifiers {
  private static volatile Function<ProtektAuth, TokenVerifier> verifierOf;

  private ClientVerifiers() {}

  /** Called by {@link ProtektAuth}'s class initializer; a later call changes nothing. */
  public static synchronized void register(Function<ProtektAuth, TokenVerifier> access) {
    if (verifierOf == null) {
      verifierOf = access;
    }
  }

  /** The verifier of {@code auth}. */
  public static TokenVerifier of(ProtektAuth auth) {
    return verifierOf.apply(auth);
  }
}
