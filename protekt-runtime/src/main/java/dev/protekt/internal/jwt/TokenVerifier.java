package dev.protekt.internal.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.protekt.Algorithm;
import dev.protekt.ClaimPath;
import dev.protekt.ConfigurationException;
import dev.protekt.InvalidTokenException;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.KeysUnavailableException;
import dev.protekt.MissingTokenException;
import dev.protekt.ProtektUser;
import dev.protekt.health.Failure;
import dev.protekt.health.KeySetHealth;
import dev.protekt.health.WarmUp;
import dev.protekt.internal.IssuerLocation;
import dev.protekt.internal.Settings;
import dev.protekt.guard.BearerTokens;
import dev.protekt.internal.discovery.Discovery;
import dev.protekt.internal.http.Urls;
import dev.protekt.metrics.ProtektMetrics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 *
 * <p>With several trusted issuers, each has its own discovery and {@link JwksKeySource}, and the
 * token's {@code iss}, read from the still unauthenticated payload ({@link UnverifiedIssuer}),
 * chooses the issuer right after the header, before any key is looked up: a key is only ever
 * tried on tokens of the issuer that published it, and an {@code iss} that is no trusted issuer's
 * (nor may become one's, once its discovery answers) is refused without any request. With one
 * issuer (the usual case) nothing is read before the signature: the exact {@code iss} check after
 * it decides, and the payload's {@code iss} is read first only when the token's {@code kid} would
 * cost a key fetch, so a foreign token costs none.
 */
public final class TokenVerifier {
  /** The earliest and latest NumericDate accepted: years 1 to 9999, so milliseconds cannot overflow. */
  private static final long MIN_NUMERIC_DATE = -62_135_596_800L;
  private static final long MAX_NUMERIC_DATE = 253_402_300_799L;
  /** The end of the refusal of a token with a comma, which no JWS has. */
  private static final String JOINED = ": it has a comma, as two tokens have when a proxy merged"
      + " two Authorization headers into one; send one token, in one header.";
  /** The characters of a header value a refusal shows at most. */
  private static final int SHOWN_CHARS = 32;
  /** Keycloak's {@code typ} claims of tokens that are not access tokens, with what each is. */
  private static final Map<String, String> KEYCLOAK_OTHER_KINDS = Map.of(
      "ID", "an ID token",
      "Refresh", "a refresh token",
      "Offline", "an offline token",
      "Logout", "a logout token");
  private static final String BACKCHANNEL_LOGOUT_EVENT =
      "http://schemas.openid.net/event/backchannel-logout";

  /**
   * Duplicate header members are refused: two {@code alg}s or {@code kid}s would mean whatever the
   * parser that reads them last decides. {@link ClaimsParser} refuses duplicate claims itself. Both
   * factories are package-private so that the benchmarks of each verification step use these.
   */
  static final JsonFactory HEADER_JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  static final JsonFactory CLAIMS_JSON = new JsonFactory();

  /** The only issuer's keys, or {@code null} when there are several and the token chooses. */
  private final JwksKeySource keys;
  /** Every trusted issuer, the domain's first. */
  private final List<TrustedIssuer> issuers;
  private final long keyFetchWaitNanos;
  private final VerifiedTokenCache cache;
  private final Clock clock;
  private final Set<Algorithm> algorithms;
  private final List<String> audiences;
  private final boolean anyAudience;
  private final long leewayMillis;
  private final int maxTokenSize;
  private final List<ClaimPath> rolesClaim;
  private final List<ClaimPath> permissionsClaim;
  private final ProtektMetrics metrics;

  /** A verifier that finds the keys through {@code discovery} and fetches them with {@code http}. */
  public TokenVerifier(Settings settings, Discovery discovery, OkHttpClient http) {
    List<TrustedIssuer> trusted = new ArrayList<>();
    trusted.add(new TrustedIssuer(discovery, new JwksKeySource(settings, discovery, http)));
    for (IssuerLocation location : settings.additionalIssuers()) {
      Discovery other = new Discovery(settings, location, http);
      trusted.add(new TrustedIssuer(other, new JwksKeySource(settings, other, http)));
    }
    this.issuers = List.copyOf(trusted);
    this.keys = issuers.size() == 1 ? issuers.get(0).keys() : null;
    this.keyFetchWaitNanos = settings.keyFetchWait().toNanos();
    this.clock = settings.clock();
    this.cache = settings.cacheEnabled() && !settings.cacheTtl().isZero()
        ? new VerifiedTokenCache(clock, settings.cacheTtl().toMillis(), settings.cacheMaxEntries())
        : null;
    this.algorithms = settings.algorithms();
    this.audiences = settings.audiences();
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
   * @throws KeysUnavailableException if the keys the token needs cannot be had: none were ever
   *     fetched, or its {@code kid} is not in hand and a fetch for it failed or did not end in time
   * @throws dev.protekt.internal.http.CallInterruptedException if the thread was interrupted while
   *     it waited for a key fetch (it stays interrupted); not counted as keys unavailable
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
      ProtektUser user = verifyUncached(token, start);
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

  /**
   * Verifies a token the cache does not hold, and caches it.
   *
   * @param startNanos when the verification started, by {@link System#nanoTime()}
   */
  private ProtektUser verifyUncached(String token, long startNanos) {
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

    byte[] payload = null;
    // keyFetchWait bounds the request's waits together: for the keys (and its issuer's discovery,
    // which their first fetch makes), and for a second fetch when its kid is missing from the keys
    // the first brought.
    long deadline = startNanos + keyFetchWaitNanos;
    JwksKeySource source = keys;
    if (source == null) {
      payload = decode(ascii, dot1 + 1, dot2 - dot1 - 1, "payload");
      source = issuerOf(UnverifiedIssuer.read(CLAIMS_JSON, payload)).keys();
    }
    KeySet keySet = source.keys(deadline);
    VerificationKey key =
        findKey(source, keySet, header.kid(), alg, ascii, dot1, dot2, deadline);
    byte[] signature = decode(ascii, dot2 + 1, ascii.length - dot2 - 1, "signature");
    if (!signatureValid(alg, key, ascii, dot2, signature)) {
      throw new InvalidTokenException(Reason.BAD_SIGNATURE,
          "The token's signature does not verify with the key of "
              + Urls.asWritten(keySet.issuer()) + ".");
    }

    if (payload == null) {
      payload = decode(ascii, dot1 + 1, dot2 - dot1 - 1, "payload");
    }
    VerifiedClaims claims = parseClaims(payload);
    long now = clock.millis();
    long expMillis = checkClaims(claims, keySet.issuer(), now);
    ProtektUser user = ProtektUser.fromClaims(claims, rolesClaim, permissionsClaim);
    if (cache != null) {
      cache.put(token, user, claims.retainedBytes(), expMillis, key, source::refreshIfDue, now);
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

  /**
   * The trusted issuers as {@link #keyHealth()} keys them, the domain's first, without reading
   * their keys' state (which starts a fetch while none are in hand).
   */
  public List<String> issuersShown() {
    List<String> shown = new ArrayList<>();
    for (TrustedIssuer issuer : issuers) {
      shown.add(issuer.shown());
    }
    return shown;
  }

  /**
   * The state of each trusted issuer's signing keys, the domain's first, keyed by the issuer as
   * configured, as written (as messages show it); see {@code JwksKeySource.health()}.
   */
  public Map<String, KeySetHealth> keyHealth() {
    Map<String, KeySetHealth> health = new LinkedHashMap<>();
    for (TrustedIssuer issuer : issuers) {
      health.put(issuer.shown(), issuer.keys().health());
    }
    return health;
  }

  /**
   * How old one issuer's keys in use are by the configured clock, read as {@link #keyHealth()}
   * reads them (a refresh due starts in the background likewise) but without the other issuers';
   * {@code null} while it has no usable keys in hand (before its first fetch, or with a set
   * without a usable key, whose fetch time is not the age of keys in use), or for an issuer that
   * is not one of those keys.
   */
  public Duration keysAge(String issuer) {
    for (TrustedIssuer trusted : issuers) {
      if (trusted.shown().equals(issuer)) {
        KeySetHealth health = trusted.keys().health();
        return health.canVerify()
            ? Duration.between(health.lastFetchedAt(), clock.instant()) : null;
      }
    }
    return null;
  }

  /**
   * Fetches every trusted issuer's signing keys that are not in hand, side by side, waiting until
   * {@code deadlineNanos} at most.
   *
   * @return what each issuer without keys could not reach, keyed as {@link #keyHealth()}; empty
   *     when every issuer's keys are in hand
   * @throws ConfigurationException if a fetch failed on the configuration
   */
  public List<WarmUp.Unreached> prefetchKeys(long deadlineNanos) {
    for (TrustedIssuer issuer : issuers) {
      // A deadline of now starts the fetch without waiting for it.
      issuer.keys().prefetch(System.nanoTime());
    }
    List<WarmUp.Unreached> unreached = new ArrayList<>();
    for (TrustedIssuer issuer : issuers) {
      Failure failure = issuer.keys().prefetch(deadlineNanos);
      if (failure != null) {
        unreached.add(new WarmUp.Unreached(
            issuer.shown(),
            issuer.discovery().known() == null ? WarmUp.Part.DISCOVERY : WarmUp.Part.KEYS,
            failure));
      }
    }
    return unreached;
  }

  /** How many entries the verified-token cache holds. */
  public int cachedTokens() {
    return cache == null ? 0 : cache.size();
  }

  private void requireAudienceConfigured() {
    if (audiences.isEmpty() && !anyAudience) {
      throw new ConfigurationException("No audience is configured, so every token is refused:"
          + " set PROTEKT_AUDIENCE or call audience(\"https://api.example.com/\") with the API"
          + " identifier your tokens carry in 'aud', or, to accept tokens issued for any API of the"
          + " tenant, set PROTEKT_ACCEPT_ANY_AUDIENCE=true or call acceptAnyAudience().",
          "audience", "acceptAnyAudience");
    }
  }

  private static void rejectExtraParts(String token, int dot2) {
    int dot3 = token.indexOf('.', dot2 + 1);
    if (dot3 < 0) {
      return;
    }
    if (token.indexOf(',') >= 0) {
      // Before the parts are counted: two joined tokens have five, as a JWE has.
      throw new InvalidTokenException(Reason.MALFORMED, "The token is not a JWS" + JOINED);
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
      throw new InvalidTokenException(Reason.MALFORMED, "The token's " + part
          + " is not valid unpadded base64url" + likelyCause(ascii, off, len));
    }
    return bytes;
  }

  /**
   * What a part that is not base64url most likely holds, on the failure path only: a whole
   * Authorization header (a space, or a tab where the RFC wants a space), or two tokens a proxy
   * joined; else just the end of the sentence.
   */
  private static String likelyCause(byte[] ascii, int off, int len) {
    for (int i = off; i < off + len; i++) {
      switch (ascii[i]) {
        case ' ':
          return ": it has a space, as in \"Bearer <token>\"; pass the token alone, or the whole"
              + " Authorization header to verifyAuthorization(…).";
        case '\t':
          return ": it has a tab, as in \"Bearer\\t<token>\"; an Authorization header separates its"
              + " scheme from the token by a space (RFC 7235), so pass the token alone, or the"
              + " header with a space.";
        case ',':
          return JOINED;
        default:
          break;
      }
    }
    return ".";
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
    if (header.kid() == null) {
      // The contract's tokens name their key, and keys are found by kid only: a key guessed for
      // a token without one (the only key of its type, say) is trusted on no word of the tenant's.
      throw new InvalidTokenException(Reason.UNKNOWN_KEY, "The token's header has no kid, so it"
          + " names none of the issuer's signing keys: access tokens name the key that signed"
          + " them.");
    }
    return alg;
  }

  /** A media type compared as RFC 7515 says: case-insensitively, {@code application/} optional. */
  private static boolean isMediaType(String value, String name) {
    int off = value.regionMatches(true, 0, "application/", 0, 12) ? 12 : 0;
    return value.length() - off == name.length()
        && value.regionMatches(true, off, name, 0, name.length());
  }

  /**
   * A header value as a refusal shows it, on the failure path only: quoted, with white space,
   * control characters, non-ASCII, quotes and backslashes escaped, so that "at+JWT " and "café"
   * are told apart from what they resemble and no log line can be forged; cut after {@link
   * #SHOWN_CHARS} characters, saying how long it was, so a message stays small and never holds
   * a token pasted into the header.
   */
  private static String printable(String value) {
    if (value.isEmpty()) {
      return "(empty)";
    }
    StringBuilder shown = new StringBuilder(SHOWN_CHARS + 24).append('\'');
    for (int i = 0; i < Math.min(value.length(), SHOWN_CHARS); i++) {
      char c = value.charAt(i);
      if (c == '\'' || c == '\\') {
        shown.append('\\').append(c);
      } else if (c > ' ' && c < 0x7f) {
        shown.append(c);
      } else {
        shown.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    shown.append('\'');
    if (value.length() > SHOWN_CHARS) {
      shown.append("\u2026(").append(value.length()).append(" characters)");
    }
    return shown.toString();
  }

  /**
   * The trusted issuer whose {@code iss} the token claims, at once and without asking anyone: one
   * whose exact issuer is {@code iss}, or else one whose discovery has not answered and may only
   * name {@code iss} ({@link Discovery#mayBecome}). The latter's own discovery then runs as part of
   * its key fetch, and decides alone: the exact {@code iss} check after the signature compares with
   * what it named. No other issuer's discovery, slow, failing or misconfigured, is waited for.
   *
   * <p>An {@code iss} that matches none may still be an issuer's whose document named it instead
   * of the configured URL (the domain written without Entra's /v2.0, an Okta org for its custom
   * domain): that document's refusal answers it, which says what to configure. So discoveries not
   * answered yet are started for it, in the background.
   *
   * @throws InvalidTokenException WRONG_ISSUER if no trusted issuer is or may become {@code iss}
   * @throws ConfigurationException if an issuer's document named {@code iss} instead of its URL
   */
  private TrustedIssuer issuerOf(String iss) {
    TrustedIssuer match = known(iss);
    if (match != null) {
      return match;
    }
    for (TrustedIssuer issuer : issuers) {
      if (issuer.discovery().mayBecome(iss)) {
        return issuer;
      }
    }
    for (TrustedIssuer issuer : issuers) {
      ConfigurationException misnamed = issuer.discovery().namedInstead(iss);
      if (misnamed != null) {
        throw misnamed;
      }
      issuer.discovery().discoverInBackground();
    }
    throw new InvalidTokenException(Reason.WRONG_ISSUER,
        "The token's issuer is none of the trusted issuers " + trustedIssuers() + ".");
  }

  /**
   * The issuer whose exact issuer, known now, is {@code iss}, or {@code null}.
   *
   * @throws ConfigurationException if two configured issuers turned out to be the same one
   */
  private TrustedIssuer known(String iss) {
    TrustedIssuer match = null;
    for (TrustedIssuer issuer : issuers) {
      if (iss.equals(issuer.discovery().knownIssuer())) {
        if (match != null) {
          throw new ConfigurationException("The domain and additionalIssuers name the same issuer"
              + " twice: '" + match.shown() + "' and '" + issuer.shown() + "' both discover '"
              + Urls.asWritten(iss) + "'; list each issuer once.", "additionalIssuers");
        }
        match = issuer;
      }
    }
    return match;
  }

  /** The trusted issuers as known now, for a message. */
  private List<String> trustedIssuers() {
    List<String> shown = new ArrayList<>();
    for (TrustedIssuer issuer : issuers) {
      String known = issuer.discovery().knownIssuer();
      shown.add("'" + (known != null ? Urls.asWritten(known) : issuer.shown()) + "'");
    }
    return shown;
  }

  /**
   * The key the token names by its {@code kid}, from {@code source} alone: the keys of the issuer
   * the token was found to claim, whose own fetch decides.
   *
   * @throws InvalidTokenException UNKNOWN_KEY if no key has its {@code kid}
   * @throws KeysUnavailableException if its {@code kid} is not in hand and could not be looked for
   */
  private VerificationKey findKey(JwksKeySource source, KeySet keySet, String kid, Algorithm alg,
      byte[] ascii, int dot1, int dot2, long deadlineNanos) {
    VerificationKey key = keySet.withKid(kid, alg);
    if (key == null) {
      if (source == keys) {
        // One issuer: the payload's iss was not read yet, and a token of another issuer must
        // not spend the tenant's key fetches.
        String iss =
            UnverifiedIssuer.read(CLAIMS_JSON, decode(ascii, dot1 + 1, dot2 - dot1 - 1, "payload"));
        if (!iss.equals(keySet.issuer())) {
          throw wrongIssuer(keySet.issuer());
        }
      }
      key = source.refreshForUnknownKid(keySet, kid, deadlineNanos).withKid(kid, alg);
    }
    if (key == null) {
      throw new InvalidTokenException(Reason.UNKNOWN_KEY,
          "No key of " + Urls.asWritten(keySet.issuer()) + " has the token's kid.");
    }
    Reason unusable = key.check(alg);
    if (unusable == Reason.WEAK_KEY) {
      throw new InvalidTokenException(Reason.WEAK_KEY, "The token's key is an RSA key of fewer than "
          + VerificationKey.MIN_RSA_BITS + " bits, which is too weak to trust.");
    }
    if (unusable != null) {
      throw new InvalidTokenException(Reason.KEY_MISMATCH, key.forSignatures()
          ? "The token's key does not fit its algorithm " + alg + " (key type, curve or alg)."
          : "The token's kid names a key the tenant publishes for encryption, not signatures.");
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

  /**
   * Keycloak names each token's kind in a {@code typ} claim (its access tokens say "Bearer"), and
   * an OpenID back-channel logout token carries its event in {@code events}. Signed by the same
   * keys, often for the configured audience, these would otherwise pass for access tokens. No
   * other meaning of these values is known, so the refusal costs no one a valid token.
   */
  private static void refuseTokensOfOtherKinds(Map<String, Object> claims) {
    Object typ = claims.get("typ");
    String kind = typ instanceof String ? KEYCLOAK_OTHER_KINDS.get(typ) : null;
    if (kind != null) {
      throw new InvalidTokenException(Reason.WRONG_TYPE, "The token is " + kind + " (its 'typ'"
          + " claim is '" + typ + "'), not an access token: send the access token.");
    }
    if (claims.get("events") instanceof Map<?, ?> events
        && events.containsKey(BACKCHANNEL_LOGOUT_EVENT)) {
      throw new InvalidTokenException(Reason.WRONG_TYPE, "The token is a back-channel logout"
          + " token (its 'events' claim holds " + BACKCHANNEL_LOGOUT_EVENT + "), not an access"
          + " token.");
    }
  }

  /** Checks the registered claims and returns {@code exp} in milliseconds. */
  private long checkClaims(Map<String, Object> claims, String issuer, long now) {
    refuseTokensOfOtherKinds(claims);
    long exp = numericDate(claims, "exp", true);
    long nbf = numericDate(claims, "nbf", false);
    numericDate(claims, "iat", false);
    // Differences of dates, compared with the leeway: no sum can overflow, whatever the leeway.
    if (now - exp >= leewayMillis) {
      throw new InvalidTokenException(Reason.EXPIRED, "The token expired "
          + (now - exp) / 1000 + " s ago (allowed clock skew: " + leewayMillis / 1000 + " s).");
    }
    if (nbf != Long.MIN_VALUE && nbf - now > leewayMillis) {
      // Rounded up: 60.4 s ahead is refused with a skew of 60 s, so it must not read as 60.
      throw new InvalidTokenException(Reason.NOT_YET_VALID, "The token is not valid yet: its 'nbf'"
          + " is " + ceilSeconds(nbf - now) + " s ahead of this server's clock, more than the"
          + " allowed clock skew (" + leewayMillis / 1000 + " s).");
    }
    Object iss = claims.get("iss");
    if (!(iss instanceof String)) {
      throw missing(claims, "iss", "a string");
    }
    if (!iss.equals(issuer)) {
      throw wrongIssuer(issuer);
    }
    // With any audience accepted, an aud the token does carry must still be well formed.
    if (claims.containsKey("aud")) {
      checkAudience(claims.get("aud"));
    } else if (!audiences.isEmpty()) {
      // Not a format problem: the tenant issued the token for no API (Keycloak's, say, without an
      // audience mapper), which the user fixes at the tenant.
      throw new InvalidTokenException(Reason.MISSING_CLAIM, "The token has no 'aud' claim: the"
          + " tenant must issue it for this API, with " + configuredAudiences() + " in its 'aud'"
          + " (in Keycloak, an audience mapper adds it).");
    }
    // An empty subject is no subject: whatever is keyed by it would lump such tokens together.
    if (!(claims.get("sub") instanceof String sub) || sub.isEmpty()) {
      throw missing(claims, "sub", "a non-empty string");
    }
    return exp;
  }

  private void checkAudience(Object aud) {
    boolean single = aud instanceof String;
    if (!single && !(aud instanceof List && allStrings((List<?>) aud))) {
      // RFC 7519 allows a string or an array of strings; an array holding anything else is not an
      // audience claim, even when one of its strings would match.
      throw malformedClaim("aud", "a string or an array of strings");
    }
    if (!audiences.isEmpty()
        && !(single ? audiences.contains(aud) : containsAny((List<?>) aud, audiences))) {
      throw new InvalidTokenException(Reason.WRONG_AUDIENCE, audiences.size() == 1
          ? "The token's audience does not include " + configuredAudiences()
              + " (the configured audience)."
          : "The token's audience includes none of the configured audiences "
              + quotedAudiences() + ".");
    }
  }

  /** The configured audience in quotes, or "one of" the list of them, for a refusal. */
  private String configuredAudiences() {
    return audiences.size() == 1 ? "'" + audiences.get(0) + "'" : "one of " + quotedAudiences();
  }

  private List<String> quotedAudiences() {
    return audiences.stream().map(a -> "'" + a + "'").toList();
  }

  private static boolean containsAny(List<?> values, List<String> wanted) {
    for (Object value : values) {
      if (wanted.contains(value)) {
        return true;
      }
    }
    return false;
  }

  private InvalidTokenException wrongIssuer(String issuer) {
    return new InvalidTokenException(Reason.WRONG_ISSUER, issuers.size() == 1
        ? "The token's issuer is not the tenant's issuer '" + Urls.asWritten(issuer) + "'."
        : "The token's issuer is not '" + Urls.asWritten(issuer) + "', the trusted issuer its"
            + " iss chose.");
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
    } else if (value instanceof Double || value instanceof BigDecimal) {
      // A number no double holds (1e-400, kept exact in the claims) is read as the double it
      // rounds to: arithmetic on its exact value costs what its exponent says, which the token's
      // few bytes can make a billion.
      double seconds = ((Number) value).doubleValue();
      if (seconds >= MIN_NUMERIC_DATE && seconds <= MAX_NUMERIC_DATE) {
        return (long) Math.floor(seconds * 1000);
      }
    }
    throw missing(claims, name, "a number of seconds since the epoch, between the years 1 and 9999");
  }

  /**
   * The refusal of a required claim: absent (the tenant issued the token without it) or not what
   * it must be, which are different mistakes to look for.
   */
  private static InvalidTokenException missing(Map<String, Object> claims, String claim,
      String what) {
    return claims.containsKey(claim) ? malformedClaim(claim, what)
        : new InvalidTokenException(Reason.MISSING_CLAIM,
            "The token has no '" + claim + "' claim, which must be " + what + ".");
  }

  /** The refusal of a claim the token carries that is not what it must be. */
  private static InvalidTokenException malformedClaim(String claim, String what) {
    return new InvalidTokenException(Reason.MISSING_CLAIM,
        "The token's '" + claim + "' claim must be " + what + ".");
  }

  private static long ceilSeconds(long millis) {
    return millis / 1000 + (millis % 1000 == 0 ? 0 : 1);
  }
}
