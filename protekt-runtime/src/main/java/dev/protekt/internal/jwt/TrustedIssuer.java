package dev.protekt.internal.jwt;

import dev.protekt.internal.discovery.Discovery;

/**
 * One issuer a {@link TokenVerifier} trusts: its discovery, which knows its exact issuer, and the
 * keys it publishes, which verify its tokens and no other's.
 */
record TrustedIssuer(Discovery discovery, JwksKeySource keys) {
  /** The issuer as configured, as messages, health and logs show it. */
  String shown() {
    return discovery.location().shown();
  }
}
