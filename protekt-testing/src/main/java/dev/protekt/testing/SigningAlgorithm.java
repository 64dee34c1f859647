package dev.protekt.testing;

/**
 * The JWS algorithms a {@link LocalTenant} can sign tokens with, as the contract allows.
 */
public enum SigningAlgorithm {
  /** RSASSA-PKCS1-v1_5 with SHA-256 on an RSA key (2048 bits unless asked otherwise): the default. */
  RS256,
  /** RSASSA-PSS with SHA-256 on a 2048-bit RSA key. */
  PS256,
  /** ECDSA on P-256 with SHA-256. */
  ES256,
  /** EdDSA on Ed25519. */
  EdDSA
}
