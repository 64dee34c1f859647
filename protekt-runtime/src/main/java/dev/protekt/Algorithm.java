package dev.protekt;

import java.util.Locale;

/**
 * The JWS algorithms a {@link ProtektAuth} may accept. HMAC and {@code none} are deliberately
 * absent: a public key must never be usable as a shared secret.
 */
public enum Algorithm {
  /** RSASSA-PKCS1-v1_5 with SHA-256, keys of at least 2048 bits. The default. */
  RS256,
  /** RSASSA-PSS with SHA-256, keys of at least 2048 bits. */
  PS256,
  /** ECDSA on P-256 with SHA-256. */
  ES256,
  /** Ed25519 signatures, verified with the JDK's built-in provider. */
  EdDSA;

  /**
   * The algorithm with this JWS name, matched exactly as RFC 7518 spells it.
   *
   * @throws ConfigurationException if the name is not one of RS256, PS256, ES256, EdDSA
   */
  public static Algorithm fromJwsName(String name) {
    if (name != null) {
      for (Algorithm a : values()) {
        if (a.name().equals(name.trim())) {
          return a;
        }
      }
    }
    String upper = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
    String hint = upper.startsWith("HS")
        ? " HMAC algorithms are not supported: tenants sign access tokens with public-key"
            + " algorithms."
        : "";
    for (Algorithm a : values()) {
      if (a.name().toUpperCase(Locale.ROOT).equals(upper)) {
        // A token's alg is compared exactly, so the allow-list is written as tokens carry it.
        hint = " Names are case-sensitive, as RFC 7518 writes them: " + a.name() + ".";
        break;
      }
    }
    throw new ConfigurationException(
        "Unknown algorithm '" + name + "': use one of RS256, PS256, ES256, EdDSA." + hint,
        "algorithms");
  }
}
