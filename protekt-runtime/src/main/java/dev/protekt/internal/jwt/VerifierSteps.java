package dev.protekt.internal.jwt;

/**
 * The steps of {@link TokenVerifier} one at a time, so that the benchmarks can time each one
 * (protekt-benchmarks' {@code VerifierPartsBenchmark}) from their own package. Nothing in the SDK
 * calls these; they run the very code a verification runs.
 */
public final class VerifierSteps {
  private VerifierSteps() {}

  /** The strict base64url decoding of one part of a compact token. */
  public static byte[] base64url(byte[] ascii, int offset, int length) {
    return Base64Url.decode(ascii, offset, length);
  }

  /** The decoded JOSE header, checked for UTF-8 and parsed; an opaque result to consume. */
  public static Object header(byte[] decoded) {
    return JoseHeader.parse(TokenVerifier.HEADER_JSON, decoded);
  }

  /** The decoded claims, checked for UTF-8 and parsed into what the user keeps. */
  public static VerifiedClaims claims(byte[] decoded) {
    return ClaimsParser.parse(TokenVerifier.CLAIMS_JSON, decoded);
  }
}
