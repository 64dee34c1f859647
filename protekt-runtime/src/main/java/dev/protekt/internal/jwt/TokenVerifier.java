package dev.protekt.internal.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.protekt.Algorithm;
import dev.protekt.ConfigurationException;
import dev.protekt.InvalidTokenException;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.KeysUnavailableException;
import dev.protekt.MissingTokenException;
import dev.protekt.ProtektUser;
import dev.protekt.health.Failure;
import dev.protekt.health.KeySetHealth;
import dev.protekt.internal.Settings;
import dev.protekt.guard.BearerTokens;
import dev.protekt.internal.discovery.Discovery;
import dev.protekt.internal.http.Urls;
import dev.protekt.metrics.ProtektMetrics;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.ProviderException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * Verifies access tokens against the tenant's keys: the work behind {@code
 * ProtektAuth.verifyToken}.
 *
 * <p>The order of the checks is chosen for safety first and speed second: the size limit before
 * anything is read; the header (one small JSON object, parsed once) before any key is looked up;
 * the signature before the claims are parsed, so unauthenticated JSON is never deserialized into
 * objects; and the claims from one parse of the payload, which also becomes the {@link
 * ProtektUser}. Keys are JCA objects made once per fetch ({@link VerificationKey}), and JCA {@code
 * Signature} objects are reused per thread ({@link JcaSignatures}).
 */
public final class TokenVerifier {
  /** The earliest and latest NumericDate accepted: years 1 to 9999, so milliseconds cannot overflow. */
  private static final long MIN_NUMERIC_DATE = -62_135_596_800L;
  private static final long MAX_NUMERIC_DATE = 253_402_300_799L;

  /**
   * Duplicate header members are refused: two {@code alg}s or {@code kid}s would mean whatever the
   * parser that reads them last decides. {@link ClaimsParser} refuses duplicate claims itself. Both
   * factories are package-private so that the benchmarks of each verification step use these.
   */
  static final JsonFactory HEADER_JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  static final JsonFactory CLAIMS_JSON = new JsonFactory();

  private final JwksKeySource keys;
  private final VerifiedTokenCache cache;
  private final Clock clock;
  private final Set<Algorithm> algorithms;
  private final String audience;
  private final boolean anyAudience;
  private final long leewayMillis;
  private final int maxTokenSize;
  private final String rolesClaim;
  private final String permissionsClaim;
  private final ProtektMetrics metrics;

  /** A verifier that finds the keys through {@code discovery} and fetches them with {@code http}. */
  public TokenVerifier(Settings settings, Discovery discovery, OkHttpClient http) {
    this.keys = new JwksKeySource(settings, discovery, http);
    this.clock = settings.clock();
    this.cache = settings.cacheEnabled() && !settings.cacheTtl().isZero()
        ? new VerifiedTokenCache(clock, settings.cacheTtl().toMillis(), settings.cacheMaxEntries())
        : null;
    this.algorithms = settings.algorithms();
    this.audience = settings.audience();
    this.anyAudience = settings.anyAudience();
    this.leewayMillis = settings.leeway().toMillis();
    this.maxTokenSize = settings.maxTokenSize();
    this.rolesClaim = settings.rolesClaim();
    this.permissionsClaim = settings.permissionsClaim();
    this.metrics = settings.metrics();
  }

  /**
   * Verifies a compact JWS access token.
   *
   * @throws InvalidTokenException if the token is not acceptable, for any malformed input whatever
   * @throws KeysUnavailableException if the tenant's keys were never fetched and cannot be now
   * @throws ConfigurationException if no audience is configured and the check was not turned off
   */
  public ProtektUser verify(String token) {
    requireAudienceConfigured();
    if (token == null || token.isEmpty()) {
      throw new InvalidTokenException(Reason.MALFORMED, "No token was given.");
    }
    if (cache != null) {
      ProtektUser cached = cache.get(token);
      if (cached != null) {
        metrics.tokenCacheHit();
        return cached;
      }
      metrics.tokenCacheMiss();
    }
    long start = System.nanoTime();
    try {
      ProtektUser user = verifyUncached(token);
      metrics.tokenVerified(System.nanoTime() - start);
      return user;
    } catch (InvalidTokenException e) {
      metrics.tokenRefused(e.reason(), System.nanoTime() - start);
      throw e;
    } catch (KeysUnavailableException e) {
      metrics.keysUnavailable(System.nanoTime() - start);
      throw e;
    }
  }

  /** Verifies a token the cache does not hold, and caches it. */
  private ProtektUser verifyUncached(String token) {
    if (token.length() > maxTokenSize) {
      throw new InvalidTokenException(Reason.TOO_LARGE, "The token has " + token.length()
          + " characters, more than the limit of " + maxTokenSize + " (maxTokenSize).");
    }
    int dot1 = token.indexOf('.');
    int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
    if (dot2 < 0) {
      throw new InvalidTokenException(Reason.MALFORMED,
          "The token is not a JWS: it must have three base64url parts separated by dots.");
    }
    rejectExtraParts(token, dot2);

    // Non-Latin-1 characters become '?', which the strict decoder refuses.
    byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
    JoseHeader header = JoseHeader.parse(HEADER_JSON, decode(ascii, 0, dot1, "header"));
    Algorithm alg = checkHeader(header);

    KeySet keySet = keys.keys();
    VerificationKey key = findKey(keySet, header.kid(), alg);
    byte[] signature = decode(ascii, dot2 + 1, ascii.length - dot2 - 1, "signature");
    if (!signatureValid(alg, key, ascii, dot2, signature)) {
      throw new InvalidTokenException(Reason.BAD_SIGNATURE,
          "The token's signature does not verify with the tenant's key.");
    }

    VerifiedClaims claims = parseClaims(decode(ascii, dot1 + 1, dot2 - dot1 - 1, "payload"));
    long now = clock.millis();
    long expMillis = checkClaims(claims, keySet.issuer(), now);
    ProtektUser user = ProtektUser.fromClaims(claims, rolesClaim, permissionsClaim);
    if (cache != null) {
      cache.put(token, user, claims.retainedBytes(), expMillis, key, now);
    }
    return user;
  }

  /**
   * Verifies the bearer token in an {@code Authorization} value (or a bare token), as guards do on
   * every call. A value verified before is found in the cache as it is, without cutting the token
   * out of it: a server hands the guard the same header text on every request of a client.
   *
   * @throws MissingTokenException if the value holds no bearer token
   * @throws InvalidTokenException as {@link #verify(String)}
   */
  public ProtektUser verifyAuthorization(String authorization) {
    // The cache holds nothing unless the audience is configured, so a hit needs no check of it,
    // and a missing token is reported as missing whatever the configuration.
    if (cache != null && authorization != null) {
      ProtektUser cached = cache.getByAuthorization(authorization);
      if (cached != null) {
        metrics.tokenCacheHit();
        return cached;
      }
    }
    String token = BearerTokens.fromAuthorization(authorization);
    if (token == null) {
      throw new MissingTokenException();
    }
    ProtektUser user = verify(token);
    if (cache != null) {
      cache.alias(authorization, token);
    }
    return user;
  }

  /** The state of the signing keys; see {@code JwksKeySource.health()}. */
  public KeySetHealth keyHealth() {
    return keys.health();
  }

  /**
   * Fetches the signing keys unless they are in hand, waiting until {@code deadlineNanos} at most.
   *
   * @return {@code null} when keys are in hand, else why not
   * @throws ConfigurationException if the fetch failed on the configuration
   */
  public Failure prefetchKeys(long deadlineNanos) {
    return keys.prefetch(deadlineNanos);
  }

  /** How many entries the verified-token cache holds. */
  public int cachedTokens() {
    return cache == null ? 0 : cache.size();
  }

  private void requireAudienceConfigured() {
    if (audience == null && !anyAudience) {
      throw new ConfigurationException("No audience is configured, so every token is refused:"
          + " set PROTEKT_AUDIENCE or call audience(\"https://api.example.com/\") with the API"
          + " identifier your tokens carry in 'aud', or, to accept tokens issued for any API of the"
          + " tenant, set PROTEKT_ACCEPT_ANY_AUDIENCE=true or call acceptAnyAudience().");
    }
  }

  private static void rejectExtraParts(String token, int dot2) {
    int dot3 = token.indexOf('.', dot2 + 1);
    if (dot3 < 0) {
      return;
    }
    int dot4 = token.indexOf('.', dot3 + 1);
    if (dot4 >= 0 && token.indexOf('.', dot4 + 1) < 0) {
      throw new InvalidTokenException(Reason.ENCRYPTED,
          "The token is encrypted (a JWE, five parts): access tokens must be signed JWS.");
    }
    throw new InvalidTokenException(Reason.MALFORMED,
        "The token is not a JWS: it must have exactly three parts separated by dots.");
  }

  private static byte[] decode(byte[] ascii, int off, int len, String part) {
    byte[] bytes = Base64Url.decode(ascii, off, len);
    if (bytes == null || (len == 0 && !part.equals("signature"))) {
      throw new InvalidTokenException(Reason.MALFORMED,
          "The token's " + part + " is not valid unpadded base64url.");
    }
    return bytes;
  }

  private Algorithm checkHeader(JoseHeader header) {
    if (header.hasEnc()) {
      throw new InvalidTokenException(Reason.ENCRYPTED,
          "The token's header is a JWE header ('enc'): access tokens must be signed JWS.");
    }
    Algorithm alg = switch (header.alg()) {
      case "RS256" -> Algorithm.RS256;
      case "PS256" -> Algorithm.PS256;
      case "ES256" -> Algorithm.ES256;
      case "EdDSA" -> Algorithm.EdDSA;
      default -> null;
    };
    if (alg == null || !algorithms.contains(alg)) {
      throw new InvalidTokenException(Reason.DISALLOWED_ALGORITHM, "The token's algorithm "
          + printable(header.alg()) + " is not allowed: this client accepts " + algorithms
          + (alg == null ? " (never 'none' or HMAC)." : "; configure algorithms(…) to add it."));
    }
    if (header.hasCrit()) {
      throw new InvalidTokenException(Reason.UNSUPPORTED_CRITICAL_HEADER,
          "The token's header has 'crit': it requires extensions this SDK does not implement.");
    }
    if (header.typ() != null
        && !isMediaType(header.typ(), "JWT") && !isMediaType(header.typ(), "at+jwt")) {
      throw new InvalidTokenException(Reason.WRONG_TYPE, "The token's typ "
          + printable(header.typ()) + " is not an access token type: expected JWT or at+jwt.");
    }
    if (header.cty() != null && isMediaType(header.cty(), "JWT")) {
      throw new InvalidTokenException(Reason.ENCRYPTED,
          "The token is a nested JWT (cty JWT): access tokens carry their claims directly.");
    }
    return alg;
  }

  /** A media type compared as RFC 7515 says: case-insensitively, {@code application/} optional. */
  private static boolean isMediaType(String value, String name) {
    int off = value.regionMatches(true, 0, "application/", 0, 12) ? 12 : 0;
    return value.length() - off == name.length()
        && value.regionMatches(true, off, name, 0, name.length());
  }

  /** A header value quoted for a message, unless it could carry anything but a short name. */
  private static String printable(String value) {
    return value.matches("[A-Za-z0-9+/._-]{1,32}") ? "'" + value + "'" : "(unprintable)";
  }

  private VerificationKey findKey(KeySet keySet, String kid, Algorithm alg) {
    VerificationKey key;
    if (kid != null) {
      key = keySet.byKid().get(kid);
      if (key == null) {
        key = keys.refreshForUnknownKid(keySet, kid).byKid().get(kid);
      }
      if (key == null) {
        throw new InvalidTokenException(Reason.UNKNOWN_KEY,
            "No key of the tenant has the token's kid.");
      }
    } else {
      key = keySet.onlyKeyFor(alg);
      if (key == null && keySet.all().size() == 1) {
        key = keySet.all().get(0);
      }
      if (key == null) {
        throw new InvalidTokenException(Reason.UNKNOWN_KEY, "The token has no kid, and the tenant"
            + " does not publish exactly one key for " + alg + ".");
      }
    }
    Reason unusable = key.check(alg);
    if (unusable == Reason.WEAK_KEY) {
      throw new InvalidTokenException(Reason.WEAK_KEY, "The token's key is an RSA key of fewer than "
          + VerificationKey.MIN_RSA_BITS + " bits, which is too weak to trust.");
    }
    if (unusable != null) {
      throw new InvalidTokenException(Reason.KEY_MISMATCH,
          "The token's key does not fit its algorithm " + alg + " (key type, curve or alg).");
    }
    return key;
  }

  private static boolean signatureValid(
      Algorithm alg, VerificationKey key, byte[] ascii, int signingInputLength, byte[] signature) {
    if ((alg == Algorithm.ES256 || alg == Algorithm.EdDSA) && signature.length != 64) {
      return false;
    }
    if (alg == Algorithm.ES256 && (allZero(signature, 0) || allZero(signature, 32))) {
      // r or s = 0 is never valid; some JDKs once accepted it (CVE-2022-21449).
      return false;
    }
    try {
      return JcaSignatures.verify(alg, key.publicKey(), ascii, signingInputLength, signature);
    } catch (GeneralSecurityException | ProviderException e) {
      return false;
    }
  }

  private static boolean allZero(byte[] bytes, int from) {
    int or = 0;
    for (int i = from; i < from + 32; i++) {
      or |= bytes[i];
    }
    return or == 0;
  }

  private static VerifiedClaims parseClaims(byte[] payload) {
    VerifiedClaims claims = ClaimsParser.parse(CLAIMS_JSON, payload);
    if (claims == null) {
      throw new InvalidTokenException(Reason.MALFORMED, "The token's claims are not one JSON object"
          + " in strict UTF-8 (or repeat a member, or hold a lone surrogate).");
    }
    return claims;
  }

  /** Checks the registered claims and returns {@code exp} in milliseconds. */
  private long checkClaims(Map<String, Object> claims, String issuer, long now) {
    long exp = numericDate(claims, "exp", true);
    long nbf = numericDate(claims, "nbf", false);
    numericDate(claims, "iat", false);
    if (now >= exp + leewayMillis) {
      throw new InvalidTokenException(Reason.EXPIRED, "The token expired "
          + (now - exp) / 1000 + " s ago (allowed clock skew: " + leewayMillis / 1000 + " s).");
    }
    if (nbf != Long.MIN_VALUE && now < nbf - leewayMillis) {
      throw new InvalidTokenException(Reason.NOT_YET_VALID, "The token is not valid for another "
          + (nbf - now) / 1000 + " s (allowed clock skew: " + leewayMillis / 1000 + " s).");
    }
    Object iss = claims.get("iss");
    if (!(iss instanceof String)) {
      throw missing("iss", "a string");
    }
    if (!iss.equals(issuer)) {
      throw new InvalidTokenException(Reason.WRONG_ISSUER,
          "The token's issuer is not the tenant's issuer '" + Urls.redact(issuer) + "'.");
    }
    // With any audience accepted, an aud the token does carry must still be well formed.
    if (audience != null || claims.containsKey("aud")) {
      checkAudience(claims.get("aud"));
    }
    if (!(claims.get("sub") instanceof String)) {
      throw missing("sub", "a string");
    }
    return exp;
  }

  private void checkAudience(Object aud) {
    boolean single = aud instanceof String;
    if (!single && !(aud instanceof List && allStrings((List<?>) aud))) {
      // RFC 7519 allows a string or an array of strings; an array holding anything else is not an
      // audience claim, even when one of its strings would match.
      throw missing("aud", "a string or an array of strings");
    }
    if (audience != null && !(single ? aud.equals(audience) : ((List<?>) aud).contains(audience))) {
      throw new InvalidTokenException(Reason.WRONG_AUDIENCE,
          "The token's audience does not include '" + audience + "' (the configured audience).");
    }
  }

  private static boolean allStrings(List<?> values) {
    for (Object value : values) {
      if (!(value instanceof String)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A NumericDate claim in milliseconds; {@link Long#MIN_VALUE} when an optional one is absent.
   */
  private static long numericDate(Map<String, Object> claims, String name, boolean required) {
    Object value = claims.get(name);
    if (value == null && !required && !claims.containsKey(name)) {
      return Long.MIN_VALUE;
    }
    if (value instanceof Integer || value instanceof Long) {
      long seconds = ((Number) value).longValue();
      if (seconds >= MIN_NUMERIC_DATE && seconds <= MAX_NUMERIC_DATE) {
        return seconds * 1000;
      }
    } else if (value instanceof Double) {
      double seconds = (Double) value;
      if (seconds >= MIN_NUMERIC_DATE && seconds <= MAX_NUMERIC_DATE) {
        return (long) Math.floor(seconds * 1000);
      }
    }
    throw missing(name, "a number of seconds since the epoch, between the years 1 and 9999");
  }

  private static InvalidTokenException missing(String claim, String what) {
    return new InvalidTokenException(Reason.MISSING_CLAIM,
        "The token's '" + claim + "' claim must be " + what + ".");
  }
}
