package dev.protekt;

import java.util.Objects;

/**
 * A token was presented but is not acceptable. {@link #reason()} says why in a form a program can
 * act on; every reason maps to HTTP 401 with {@code error="invalid_token"} (RFC 6750). The message
 * explains the problem to a developer and never contains the token.
 */
public class InvalidTokenException extends ProtektException {
  private static final long serialVersionUID = 1L;

  /** Why a token was rejected. */
  public enum Reason {
    /** Not a well-formed JWS compact serialization, or its header or claims are not JSON. */
    MALFORMED,
    /** Longer than the configured maximum token size; rejected before any parsing. */
    TOO_LARGE,
    /** Encrypted (JWE) or nested tokens, which access tokens never are. */
    ENCRYPTED,
    /** {@code alg} is {@code none}, HMAC, or not in the configured allow-list. */
    DISALLOWED_ALGORITHM,
    /**
     * Not an access token: the header's {@code typ} is present and is neither {@code JWT} nor
     * {@code at+jwt}, or the claims mark another kind of token (Keycloak's {@code typ} claim of
     * {@code ID}, {@code Refresh}, {@code Offline} or {@code Logout}, or a back-channel logout
     * token's {@code events}).
     */
    WRONG_TYPE,
    /** The header lists a {@code crit} parameter this SDK does not understand. */
    UNSUPPORTED_CRITICAL_HEADER,
    /**
     * No key in its issuer's key set has the token's {@code kid}, and it was looked for: a fetch
     * that began after the token arrived did not bring it (or one did not, less than 30 seconds
     * before), or the fetches allowed for unknown kids are spent and the last fetch succeeded. Also
     * a token without {@code kid}, refused before any key is looked up: it names no key.
     * When the keys could not be fetched, {@link KeysUnavailableException} is thrown instead.
     */
    UNKNOWN_KEY,
    /**
     * The key found does not fit the algorithm (type, curve, its own {@code alg}), or is not meant
     * for signatures (a {@code use} of {@code enc}, or {@code key_ops} without {@code verify}).
     */
    KEY_MISMATCH,
    /** The key is too weak to trust (RSA under 2048 bits). */
    WEAK_KEY,
    /** The signature does not verify. */
    BAD_SIGNATURE,
    /**
     * A claim that must be present is missing, or a registered claim ({@code exp}, {@code nbf},
     * {@code iat}, {@code iss}, {@code sub}…) has the wrong JSON type or an impossible value.
     */
    MISSING_CLAIM,
    /** {@code exp}, plus the allowed clock skew, is in the past. */
    EXPIRED,
    /** {@code nbf}, minus the allowed clock skew, is in the future. */
    NOT_YET_VALID,
    /** {@code iss} is not exactly the tenant's issuer. */
    WRONG_ISSUER,
    /** {@code aud} does not contain the configured audience. */
    WRONG_AUDIENCE
  }

  private final Reason reason;

  /**
   * @param reason why the token was rejected; not {@code null}
   * @param message the explanation for a developer, never holding the token
   */
  public InvalidTokenException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * @param reason why the token was rejected; not {@code null}
   * @param message the explanation for a developer, never holding the token
   * @param cause the underlying failure, whose message must not hold the token either
   */
  public InvalidTokenException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the token was rejected. */
  public Reason reason() {
    return reason;
  }
}
