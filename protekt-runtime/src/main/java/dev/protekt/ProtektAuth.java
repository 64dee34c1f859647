package dev.protekt;

import dev.protekt.health.Failure;
import dev.protekt.health.KeySetHealth;
import dev.protekt.health.ProtektHealth;
import dev.protekt.health.TokenEndpointHealth;
import dev.protekt.health.WarmUp;
import dev.protekt.internal.ClientVerifiers;
import dev.protekt.internal.ClosedClientException;
import dev.protekt.internal.ConfiguredText;
import dev.protekt.internal.Durations;
import dev.protekt.internal.IsolatedMetrics;
import dev.protekt.internal.IssuerLocation;
import dev.protekt.internal.Names;
import dev.protekt.internal.Settings;
import dev.protekt.internal.discovery.Discovery;
import dev.protekt.internal.http.HttpStack;
import dev.protekt.internal.http.Urls;
import dev.protekt.internal.jwt.TokenVerifier;
import dev.protekt.internal.token.CheckedTokenProvider;
import dev.protekt.internal.token.ClientCredentialsProvider;
import dev.protekt.internal.users.RetrofitUsers;
import dev.protekt.metrics.ProtektMetrics;
import dev.protekt.users.Users;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of the SDK: one per tenant, immutable and thread-safe, meant to be built once and
 * shared.
 *
 * <pre>{@code
 * ProtektAuth protekt = ProtektAuth.builder()
 *     .domain("your-domain.protekt.dev")
 *     .audience("https://api.example.com")
 *     .build();
 * ProtektUser user = protekt.verifyToken(token);
 * }</pre>
 *
 * <p>or, from {@code PROTEKT_DOMAIN}, {@code PROTEKT_AUDIENCE} and the other variables listed on
 * {@link Builder}, {@code ProtektAuth.fromEnv()}. Everything the SDK fetches (discovery, keys,
 * machine tokens, the Users API) goes through one OkHttp client, so timeouts, retries, a proxy or
 * a connection pool set once apply everywhere.
 *
 * <p>{@link #close()} it when it is no longer used (a web application undeployed, a client replaced
 * after a rotation of its secret), so that its threads, connections and meters go with it.
 */
public final class ProtektAuth implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.protekt.config");
  /** What {@link #warmUp()} waits at most: room for discovery and keys over new TLS, retried once. */
  private static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(10);
  private static final TokenEndpointHealth NO_TOKEN_ENDPOINT =
      new TokenEndpointHealth(TokenEndpointHealth.State.NOT_CONFIGURED, null, null);

  private final Settings settings;
  /** The client everything goes through, for {@link #close()} (and the test of what it releases). */
  final OkHttpClient http;
  private final Object closing = new Object();
  /**
   * Read on every entry point, verifications included: a volatile read, which is a plain load on
   * x86 and costs no fence on the hot path; set once by {@link #close()}.
   */
  private volatile boolean closed;
  private final Discovery discovery;
  private final TokenVerifier verifier;
  private final AccessTokenProvider tokenProvider;
  /** The Users API's audience, asked of discovery once a token for it could be had. */
  private final Supplier<String> usersAudience;
  private final Users users;

  static {
    ClientVerifiers.register(auth -> auth.verifier);
  }

  private ProtektAuth(Settings settings) {
    this.settings = settings;
    this.http = HttpStack.create(settings, () -> closed ? closedException() : null);
    this.discovery = new Discovery(settings, http);
    this.verifier = new TokenVerifier(settings, discovery, http);
    this.tokenProvider =
        settings.tokenProvider() != null
            ? new CheckedTokenProvider(settings.tokenProvider())
            : new ClientCredentialsProvider(settings, discovery, http);
    this.usersAudience = tokenProvider instanceof ClientCredentialsProvider grant
        ? grant::usersAudience
        : discovery::usersAudience;
    this.users = new RetrofitUsers(settings, discovery, http, tokenProvider, usersAudience);
  }

  /** A builder with every option at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A client configured from the process environment; see {@link Builder#fromEnv(Map)}. */
  public static ProtektAuth fromEnv() {
    return builder().fromEnv(System.getenv()).build();
  }

  /**
   * Verifies an access token and returns the user it speaks for: signature with an allowed
   * algorithm and a key from the tenant's JWKS, {@code exp}, {@code nbf}, exact {@code iss}, {@code
   * aud}, {@code typ} and {@code crit}. With {@linkplain Builder#additionalIssuers(String...)
   * several issuers}, the token's {@code iss} chooses the issuer whose JWKS holds the key, and
   * {@link ProtektUser#issuer()} says which one it was. Successful results are cached (see {@link
   * Builder#cacheEnabled(boolean)}).
   *
   * @param token the compact JWS, without a {@code Bearer } prefix
   * @throws InvalidTokenException if the token is not acceptable, with the {@linkplain
   *     InvalidTokenException#reason() reason}
   * @throws KeysUnavailableException if the keys of the token's issuer cannot be had (an outage,
   *     HTTP 503); a token whose {@code iss} is no trusted issuer's, nor may become one's, is
   *     refused at once as {@link InvalidTokenException.Reason#WRONG_ISSUER WRONG_ISSUER} instead,
   *     whatever the state of the issuers' discoveries
   * @throws ProtektUnavailableException if the thread was interrupted while it waited for a key
   *     fetch; it stays interrupted, and the fetch goes on
   * @throws ConfigurationException if no audience is configured and the audience check was not
   *     explicitly turned off, or if the tenant's discovery document names a {@code jwks_uri} the
   *     SDK must not use (plain http outside loopback, or a host not allowed by {@link
   *     Builder#allowedEndpointHosts(String...)}), or names the token's {@code iss} instead of
   *     the issuer URL configured
   * @throws IllegalStateException if this client was {@linkplain #close() closed}
   */
  public ProtektUser verifyToken(String token) {
    requireOpen();
    return verifier.verify(token);
  }

  /**
   * Verifies the bearer token in an {@code Authorization} header value, as generated guards and
   * framework adapters do: {@code Bearer eyJ…} with the scheme matched case-insensitively, or a bare
   * token (for values that come from elsewhere than the header; the adapters hold a request's
   * header to the Bearer scheme first with {@link
   * dev.protekt.guard.BearerTokens#bearerCredentials(java.util.List)}, and so should your own code
   * that reads the header). Checks and caching are those of {@link #verifyToken(String)}; a {@code
   * Bearer <token>} header seen before is also found in the cache as it is, which spares a guard
   * copying the token out of it on every request (other spellings reach the token's own cache
   * entry).
   *
   * @param authorization the header value, or {@code null} when the caller sent none
   * @throws MissingTokenException if the value holds no bearer token (HTTP 401 without an error
   *     code)
   * @throws InvalidTokenException as {@link #verifyToken(String)}
   * @throws KeysUnavailableException as {@link #verifyToken(String)}
   * @throws ProtektUnavailableException as {@link #verifyToken(String)}
   * @throws ConfigurationException as {@link #verifyToken(String)}
   * @throws IllegalStateException as {@link #verifyToken(String)}
   */
  public ProtektUser verifyAuthorization(String authorization) {
    requireOpen();
    return verifier.verifyAuthorization(authorization);
  }

  /**
   * A machine-to-machine access token for the tenant's Users API ({@code {issuer}api/v2/}), from the
   * client-credentials grant; cached and renewed shortly before it expires (in the background: the
   * cached token is returned at once while it is still valid).
   *
   * @throws ConfigurationException if no client id or secret is configured, if your own {@link
   *     Builder#tokenProvider token provider} answered a token that cannot be sent, or if the
   *     tenant's discovery document names a {@code token_endpoint} the SDK must not send them to
   *     (see {@link Builder#allowedEndpointHosts(String...)})
   * @throws ProtektApiException if the tenant refuses the credentials, or answers no token that
   *     could be sent ({@code invalid_response})
   * @throws ProtektUnavailableException if the tenant's discovery or token endpoint cannot be
   *     reached
   * @throws IllegalStateException if this client was {@linkplain #close() closed}
   */
  public String getAccessToken() {
    requireOpen();
    return tokenProvider.getAccessToken(usersAudience.get());
  }

  /**
   * A machine-to-machine access token for the given API audience, fetched and cached as {@link
   * #getAccessToken()} does.
   *
   * @throws ConfigurationException if {@code audience} is blank, or as {@link #getAccessToken()}
   * @throws ProtektApiException as {@link #getAccessToken()}
   * @throws ProtektUnavailableException as {@link #getAccessToken()}
   * @throws IllegalStateException as {@link #getAccessToken()}
   */
  public String getAccessToken(String audience) {
    requireOpen();
    if (audience == null || audience.isBlank()) {
      throw new ConfigurationException("getAccessToken(audience): the audience must not be blank.");
    }
    return tokenProvider.getAccessToken(audience);
  }

  /**
   * Fetches discovery and the signing keys now rather than on the first request, and reports what
   * it could not reach, waiting 10 seconds at most; see {@link #warmUp(Duration)}.
   */
  public WarmUp warmUp() {
    return warmUp(DEFAULT_WARM_UP);
  }

  /**
   * Fetches the tenant's discovery document and signing keys (and those of every {@linkplain
   * Builder#additionalIssuers(String...) additional issuer}, side by side) now rather than on the
   * first request, and reports what it could not reach; framework adapters call it at startup. An unreachable
   * tenant is reported, not thrown: the fetch goes on in the background, the keys are used once
   * they arrive, and meanwhile {@link #verifyToken(String)} behaves as without a warm-up. Keys
   * already in hand are not fetched again.
   *
   * <p>With client credentials configured, it also checks that discovery names a token endpoint
   * the SDK may send them to, but requests no machine token: a tenant counts (and may bill) each
   * one, a restart would spend one even when the service never calls the Users API, and the first
   * {@link #getAccessToken()} fetches one anyway. {@link #health()} shows the token endpoint once
   * a token was requested.
   *
   * @param within the longest the warm-up waits, at most {@link WarmUp#LONGEST_WAIT} (10 minutes);
   *     a fetch still running then is reported by what its last retried attempt met, as {@link
   *     Failure.Kind#TIMED_OUT TIMED_OUT} if none failed yet. An interrupt ends the wait at once
   *     and reports the same; the thread stays interrupted, which tells the two apart
   * @return what was not reached, and the health after the warm-up
   * @throws IllegalArgumentException if {@code within} is not positive or longer than 10 minutes
   * @throws ConfigurationException if the configuration cannot work: discovery names a {@code
   *     jwks_uri} or {@code token_endpoint} the SDK must not use (see {@link
   *     Builder#allowedEndpointHosts(String...)}), or no token endpoint while client credentials
   *     are configured
   * @throws IllegalStateException if this client was {@linkplain #close() closed}
   */
  public WarmUp warmUp(Duration within) {
    requireOpen();
    if (within == null || within.isNegative() || within.isZero()
        || within.compareTo(WarmUp.LONGEST_WAIT) > 0) {
      throw new IllegalArgumentException(
          "warmUp(within): the time must be positive and at most " + WarmUp.LONGEST_WAIT.toMinutes()
              + " minutes, was " + within + ".");
    }
    long start = System.nanoTime();
    List<WarmUp.Unreached> unreached = verifier.prefetchKeys(start + within.toNanos());
    if (discovery.known() != null && tokenProvider instanceof ClientCredentialsProvider grant
        && settings.clientId() != null) {
      grant.endpoint();
    }
    return new WarmUp(Duration.ofNanos(System.nanoTime() - start), unreached, health());
  }

  /**
   * A snapshot of the signing keys (never fetched, fresh, stale but in use, or fetched with no
   * usable key: {@link KeySetHealth.State#NO_USABLE_KEYS}), the token endpoint of machine tokens
   * and the verified-token cache, for a health endpoint or a log line. It never
   * waits and takes no lock that verification takes; like a verification, it starts a key refresh
   * in the background when the keys near the end of their TTL, and, while an issuer has no usable
   * keys in hand (a new client's too), that issuer's next fetch, at the pace failed fetches keep,
   * so that a probe gating traffic on {@link ProtektHealth#canVerify()} sees the keys arrive.
   *
   * @throws IllegalStateException if this client was {@linkplain #close() closed}
   */
  public ProtektHealth health() {
    requireOpen();
    TokenEndpointHealth tokens = tokenProvider instanceof ClientCredentialsProvider grant
        ? grant.health() : NO_TOKEN_ENDPOINT;
    Map<String, KeySetHealth> byIssuer = verifier.keyHealth();
    KeySetHealth worst = null;
    for (KeySetHealth keys : byIssuer.values()) {
      if (worst == null || badness(keys) > badness(worst)) {
        worst = keys;
      }
    }
    return new ProtektHealth(
        settings.clock().instant(), worst, byIssuer, tokens, verifier.cachedTokens());
  }

  /** Never fetched or no usable keys (no token verifies) is worse than stale, than fresh. */
  private static int badness(KeySetHealth keys) {
    return switch (keys.state()) {
      case FRESH -> 0;
      case STALE -> 1;
      case NEVER_FETCHED, NO_USABLE_KEYS -> 2;
    };
  }

  /**
   * The tenant's Users API. Its calls fail once this client is {@linkplain #close() closed}, even
   * when the {@code Users} was had before.
   *
   * @throws IllegalStateException if this client was {@linkplain #close() closed}
   */
  public Users users() {
    requireOpen();
    return users;
  }

  /**
   * Lets go of what this client holds, once it is no longer used: a web application undeployed, or
   * a client replaced by one with a rotated secret. Its meters are removed from the registry
   * ({@link ProtektMetrics#closed}), so that the client replacing it may take the same tags
   * (close this one before making the new one's {@link dev.protekt.metrics.MicrometerMetrics}).
   * Without {@link Builder#httpClient(OkHttpClient) a client of yours}, the OkHttp client the SDK
   * made is shut down: its dispatcher's threads end, and its idle connections are closed.
   *
   * <p>With a client of yours, its dispatcher and connection pool are left alone: the SDK's client
   * is made from yours with {@link OkHttpClient#newBuilder()} and shares them, so they stay yours
   * to shut down when your client is no longer used. Either way, OkHttp's own {@code OkHttp
   * TaskRunner} and {@code Okio Watchdog} threads are shared by every OkHttp client in the class
   * loader and end by themselves within a minute of going idle, which a container's warning about
   * them at undeploy does not wait for.
   *
   * <p>Afterwards {@link #verifyToken}, {@link #verifyAuthorization} (and so generated guards and
   * the adapters), {@link #getAccessToken}, {@link #warmUp}, {@link #health} and {@link #users}
   * throw {@link IllegalStateException}, so that no token is accepted by a closed client; the calls
   * of a {@link Users} had before fail as well, without sending anything, with the same {@code
   * IllegalStateException}, sync or async. {@link #domain()} and {@link #toString()} still answer,
   * and so does {@link #isClosed()}. A call under way (a Users API call, a machine token, a fetch
   * of keys or discovery) ends with the attempt it is making: none is retried after the close, a
   * wait before a retry ends with it, and a call that would have been retried fails with that
   * {@code IllegalStateException}; so a fetch of keys under way ends within one attempt's bound
   * (3 × {@link Builder#timeout(Duration) timeout}), and none starts after.
   *
   * <p>Thread-safe; closing again does nothing.
   */
  @Override
  public void close() {
    // Held while releasing, so that a second close() returns only once all is let go.
    synchronized (closing) {
      if (closed) {
        return;
      }
      closed = true;
      settings.metrics().closed(this);
      HttpStack.release(http, settings);
    }
  }

  /**
   * Whether {@link #close()} was called: a health endpoint still asked during shutdown reports a
   * closed client rather than failing on {@link #health()}.
   */
  public boolean isClosed() {
    return closed;
  }

  private void requireOpen() {
    if (closed) {
      throw closedException();
    }
  }

  private static IllegalStateException closedException() {
    return new ClosedClientException();
  }

  /** The domain as configured. */
  public String domain() {
    return settings.primaryIssuer().configured();
  }

  /** The options; never the client secret. */
  @Override
  public String toString() {
    return "ProtektAuth" + settings.toString().substring("Settings".length());
  }

  /**
   * Builds a {@link ProtektAuth}. Every option with a text form is an {@link Option} too, which
   * names its environment variable (read by {@link #fromEnv(Map)}) and its Spring Boot property;
   * the README's configuration table lists them with their defaults.
   *
   * <p>Everything is validated by {@link #build()}, which throws {@link ConfigurationException} with
   * a message naming the option to fix.
   */
  public static final class Builder {
    private static final Duration DEFAULT_TIMEOUT = HttpStack.DEFAULT_TIMEOUT;
    private static final Duration SHORTEST_TIMEOUT = Duration.ofMillis(1);
    private static final Duration LONGEST_CALL = Duration.ofMillis(Integer.MAX_VALUE);
    /**
     * A key refresh waits for its attempt, and a token of a new key for the refresh: an attempt
     * allowed to stall for an hour holds a key rotation up for that hour.
     */
    private static final Duration LONGEST_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration DEFAULT_KEY_FETCH_WAIT = Duration.ofSeconds(2);
    /** A wait past this holds a server's threads long enough to be an outage of its own. */
    private static final Duration LONGEST_KEY_FETCH_WAIT = Duration.ofSeconds(30);
    /**
     * Keys withdrawn from the JWKS stay trusted until the next refresh ends, which starts at most
     * this long after it; a day is already long for a key the tenant revoked in a hurry.
     */
    private static final Duration LONGEST_CACHE_TTL = Duration.ofDays(1);
    /** Clocks further apart than this are broken, and every token would live that much longer. */
    private static final Duration LONGEST_LEEWAY = Duration.ofMinutes(10);
    /** The backoff is capped at 30 seconds a wait anyway, so a longer base never takes effect. */
    private static final Duration LONGEST_RETRY_DELAY = Duration.ofSeconds(30);

    private String domain;
    private String clientId;
    private String clientSecret;
    private List<String> audiences = List.of();
    private boolean anyAudience;
    private Set<Algorithm> algorithms = EnumSet.of(Algorithm.RS256);
    private boolean cacheEnabled = true;
    private Duration cacheTtl = Duration.ofMinutes(10);
    private int cacheMaxEntries = 10_000;
    private Duration timeout;
    private int retryAttempts = 3;
    private Duration retryDelay = Duration.ofSeconds(1);
    private Duration leeway = Duration.ofSeconds(60);
    private String[] rolesClaim = {"roles"};
    private String[] permissionsClaim = {"permissions"};
    private int maxTokenSize = 16 * 1024;
    private Duration keyFetchWait = DEFAULT_KEY_FETCH_WAIT;
    private Set<String> allowedEndpointHosts = Set.of();
    private OkHttpClient httpClient;
    private AccessTokenProvider tokenProvider;
    private Clock clock = Clock.systemUTC();
    private ProtektMetrics metrics = ProtektMetrics.NONE;
    private List<String> additionalIssuers = List.of();

    private Builder() {}

    /**
     * The tenant: a bare host ({@code your-domain.protekt.dev}, meaning {@code https://} and the
     * issuer {@code https://your-domain.protekt.dev/}) or a full URL ({@code
     * https://login.example.com/tenants/acme}; the issuer then comes from OIDC discovery at {@code
     * <url>/.well-known/openid-configuration}, and must be that URL, a trailing slash aside, as
     * OIDC Discovery requires). Plain {@code http} is accepted for loopback hosts only.
     *
     * <p>A bare host means the issuer as the tenant spells it: {@code Your-Domain.Protekt.dev/}
     * and {@code your-domain.protekt.dev:443} mean {@code https://your-domain.protekt.dev/} too.
     * Text that is no host name (in quotes, a list, with whitespace or an invisible character,
     * with letters outside ASCII: write an internationalized name in its {@code xn--} form) is
     * refused by {@link #build()}.
     */
    public Builder domain(String domain) {
      this.domain = domain;
      return this;
    }

    /** The client id, for machine tokens and the Users API. */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /** The client secret, for machine tokens and the Users API. Never logged or printed. */
    public Builder clientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
      return this;
    }

    /**
     * The audiences (API identifiers) a verified token may be issued for: it is accepted when any
     * of the values of its {@code aud} is one of these. Usually one; several for an API known
     * under more than one identifier, or while it moves from one to another. None (or one blank)
     * means no audience is configured; a blank one among others is a {@link
     * ConfigurationException}.
     */
    public Builder audience(String... audiences) {
      this.audiences = audiences == null ? List.of() : Arrays.asList(audiences.clone());
      return this;
    }

    /**
     * Explicitly turns the audience check off, for a service that accepts tokens minted for any API
     * of the tenant. Without an {@link #audience(String...)} and without this, {@link
     * ProtektAuth#verifyToken(String)} refuses every token. An {@code aud} the token does carry must
     * still be a string or an array of strings. Together with an {@link #audience(String...)}, a
     * contradiction, {@link #build()} throws a {@link ConfigurationException}.
     */
    public Builder acceptAnyAudience() {
      this.anyAudience = true;
      return this;
    }

    /** The algorithms to accept (an allow-list). Default: RS256 only. */
    public Builder algorithms(Algorithm... algorithms) {
      if (algorithms == null || algorithms.length == 0) {
        throw new ConfigurationException(
            "algorithms: name at least one of RS256, PS256, ES256, EdDSA.", "algorithms");
      }
      EnumSet<Algorithm> set = EnumSet.noneOf(Algorithm.class);
      for (Algorithm a : algorithms) {
        if (a == null) {
          throw new ConfigurationException("algorithms: null is not an algorithm.", "algorithms");
        }
        set.add(a);
      }
      this.algorithms = set;
      return this;
    }

    /** The algorithm to accept, by its JWS name, as the Python SDK's {@code algorithm}. */
    public Builder algorithm(String jwsName) {
      return algorithms(Algorithm.fromJwsName(jwsName));
    }

    /**
     * Whether successful verifications are cached, keyed by the exact token, so a token seen again
     * costs a map lookup (tens of nanoseconds) instead of a signature check (tens of microseconds
     * for RS256, around a millisecond for ES256 and EdDSA). Default: on.
     *
     * <p>An entry never outlives the token's {@code exp} (the {@linkplain #leeway(Duration) leeway}
     * does not extend it), the {@link #cacheTtl(Duration)} after it was verified, or the key that
     * verified it: when a key refresh finds the key gone from the tenant's JWKS, the tokens it
     * verified are checked again (and refused). Only successful verifications are cached. The
     * cache holds at most {@link #cacheMaxEntries(int)} tokens and 32 MiB of heap, each entry
     * charged an upper bound counted from its parsed claims' structure (maps, members, lists,
     * strings, numbers), so claims of any shape stay within it; tokens longer than 8,192
     * characters are not cached, and when full, arbitrary entries make room.
     *
     * <p>The trade-off: verification stays stateless (a JWT cannot be revoked before its {@code exp}
     * either way), each cached token keeps its claims in memory, and a key withdrawn from the
     * JWKS stops being trusted for cached tokens, as for the others, only when the next key
     * refresh ends (see {@link #cacheTtl(Duration)}): a cache hit starts that refresh as a full
     * check does. Turn it off when memory is scarcer than CPU, or when every token
     * is seen only once.
     */
    public Builder cacheEnabled(boolean cacheEnabled) {
      this.cacheEnabled = cacheEnabled;
      return this;
    }

    /**
     * How long keys and verified tokens are cached. Default: 10 minutes; 0 to 1 day. With 0 there is
     * no token cache, and every verification starts a key refresh in the background as the
     * unknown-{@code kid} bucket allows (3 at once, then one every 30 s, one fetch at a time), while
     * it is verified with the keys in hand.
     *
     * <p>The keys are refreshed from the first request past {@code cacheTtl} less 30 s (less a
     * tenth of it, if shorter) after they were fetched, and serve every request, cached or not,
     * while the refresh runs: a key withdrawn from the JWKS verifies until then, so for up to
     * {@code cacheTtl} less that margin plus the refresh's duration, which a fetch's bound limits
     * ({@code timeout × (retryAttempts + 1) + 60 s × retryAttempts}); and for as long as an
     * outage lasts, as the keys in hand stay in use.
     */
    public Builder cacheTtl(Duration cacheTtl) {
      this.cacheTtl = cacheTtl;
      return this;
    }

    /** The most verified tokens kept in the cache. Default: 10,000. */
    public Builder cacheMaxEntries(int cacheMaxEntries) {
      this.cacheMaxEntries = cacheMaxEntries;
      return this;
    }

    /**
     * The time limit for each attempt of a call to the tenant: connect, read and write, so that an
     * attempt, its answer's body read whole, ends within 3 × {@code timeout}. The whole call,
     * retries and their waits included, is bounded by {@code timeout × (retryAttempts + 1)} plus
     * 60 seconds per retry. Default: 5 seconds (or, with your own {@link
     * #httpClient(OkHttpClient)}, that client's own timeouts). 1 millisecond to 5 minutes (a key
     * refresh, and so a key rotation, waits for a stalled attempt), and the whole-call bound at
     * most 24 days: OkHttp counts whole milliseconds in an {@code int}.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** How many times a failed call is retried (0 disables retries). Default: 3. */
    public Builder retryAttempts(int retryAttempts) {
      this.retryAttempts = retryAttempts;
      return this;
    }

    /**
     * The base delay of the exponential backoff between retries. Default: 1 second; 0 to 30
     * seconds, the longest a single backoff waits.
     */
    public Builder retryDelay(Duration retryDelay) {
      this.retryDelay = retryDelay;
      return this;
    }

    /**
     * The clock skew tolerated on {@code exp} and {@code nbf}. Default: 60 seconds; 0 to 10
     * minutes, since every token is accepted for that much longer after it expired.
     */
    public Builder leeway(Duration leeway) {
      this.leeway = leeway;
      return this;
    }

    /**
     * Where roles are: one or more {@linkplain ClaimPath claim paths}, such as {@code
     * realm_access.roles} (Keycloak), {@code resource_access.my-client.roles} or {@code
     * https://your-app.com/roles} (a namespaced claim, taken whole). The names found at every path
     * are merged, in order: an array gives its strings, a string its space-separated names, any
     * other value none. Replaces the paths set before. Default: {@code roles}.
     *
     * <p>Paths are read once, by {@link #build()}, which refuses one it cannot read (blank, an empty
     * name as in {@code a..b}, an unclosed quote; see {@link ClaimPath}) with a {@link
     * ConfigurationException}.
     */
    public Builder rolesClaim(String... paths) {
      this.rolesClaim = paths == null ? null : paths.clone();
      return this;
    }

    /**
     * Where permissions are, as {@link #rolesClaim(String...)}. Default: {@code permissions}. The
     * scopes of {@code scope} and {@code scp} always count too (see {@link
     * ProtektUser#hasPermission(String)}).
     */
    public Builder permissionsClaim(String... paths) {
      this.permissionsClaim = paths == null ? null : paths.clone();
      return this;
    }

    /** The longest token accepted, in characters, checked before any parsing. Default: 16384. */
    public Builder maxTokenSize(int maxTokenSize) {
      this.maxTokenSize = maxTokenSize;
      return this;
    }

    /**
     * The longest a verification waits for a key fetch it needs: a token whose {@code kid} is not
     * among the keys in hand, or any token before the first keys arrive. The wait counts from the
     * fetch's start, and at most one fetch runs at a time; a verification's waits together (a
     * second fetch for a {@code kid} the first did not bring, or with several issuers its issuer's
     * discovery before the keys) are held to it too. When the keys have not come by then, the
     * verification fails with {@link KeysUnavailableException} (an outage, not a bad token) while
     * the fetch goes on in the background. A token whose key is in hand never waits. Default: 2
     * seconds, room for the first fetch after start on a busy machine (classes loaded, discovery,
     * then keys, over new TLS connections); 0 never waits; at most 30 seconds.
     */
    public Builder keyFetchWait(Duration keyFetchWait) {
      this.keyFetchWait = keyFetchWait;
      return this;
    }

    /**
     * Hosts besides the domain's that the tenant's OIDC discovery document may name for its {@code
     * jwks_uri} and {@code token_endpoint}, for a tenant that serves its keys or tokens from
     * another host. Without it such a document is refused with a {@link ConfigurationException}, so
     * that whoever can change the document cannot send the SDK elsewhere for keys or the client
     * secret. Either way both must be {@code https} unless they are loopback. Default: none.
     */
    public Builder allowedEndpointHosts(String... hosts) {
      if (hosts == null) {
        throw new ConfigurationException(named(Option.ALLOWED_ENDPOINT_HOSTS)
            + ": pass host names, not null.", "allowedEndpointHosts");
      }
      Set<String> set = new LinkedHashSet<>();
      for (String host : hosts) {
        // As OkHttp spells a URL's host: IPv6 without brackets, names in lower case.
        String bare = host == null ? "" : host.trim().replaceAll("^\\[(.*)\\]$", "$1");
        if (!bare.matches("[A-Za-z0-9.-]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
          throw new ConfigurationException(named(Option.ALLOWED_ENDPOINT_HOSTS) + ": '"
              + Urls.printable(String.valueOf(host)) + "' is not a host name"
              + " such as keys.example.com (no scheme, port or path).", "allowedEndpointHosts");
        }
        set.add(bare.toLowerCase(Locale.ROOT));
      }
      this.allowedEndpointHosts = Collections.unmodifiableSet(set);
      return this;
    }

    /**
     * Issuers trusted besides the {@link #domain(String) domain}'s, each written as the domain is:
     * a bare host (issuer {@code https://host/}) or a full URL (issuer from its OIDC discovery).
     * For an Auth0-style custom domain next to the canonical one, or for several tenants. Each
     * issuer has its own discovery, keys, key-fetch limits and cache entries: a token's {@code
     * iss} chooses the issuer before any key is looked up, and a key only ever verifies tokens of
     * the issuer that published it. The domain stays the tenant of the Users API and of machine
     * tokens, and is the first trusted issuer. Discovery documents of these issuers are held to
     * {@link #allowedEndpointHosts(String...)} as the domain's is, each on its own host.
     *
     * <p>A URL issuer's exact {@code iss} is known once its discovery has answered; before that,
     * it can only be the configured URL (a trailing slash aside). So a token's {@code iss} chooses
     * its issuer at once, without asking anyone, and that issuer's own discovery and keys alone
     * then decide, within {@link #keyFetchWait(Duration)}: another issuer's discovery, slow or
     * failing, never delays or fails a token. Keys are never fetched for an {@code iss} that is no
     * trusted issuer's, nor may become one's: such a token is refused at once as {@link
     * InvalidTokenException.Reason#WRONG_ISSUER WRONG_ISSUER} (HTTP 401), whatever the
     * discoveries' state, and starts each discovery not answered yet in the background, so that a
     * document naming that very {@code iss} instead of the configured URL is found and its tokens
     * get a {@link ConfigurationException} saying what to configure. Default: none.
     */
    public Builder additionalIssuers(String... domainsOrUrls) {
      this.additionalIssuers =
          domainsOrUrls == null ? null : Arrays.asList(domainsOrUrls.clone());
      return this;
    }

    /**
     * Your own OkHttp client, whose proxy, connection pool, timeouts, interceptors and {@code
     * retryOnConnectionFailure} then apply to everything the SDK fetches. The SDK's retries and
     * redacting logging are added on top.
     */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /**
     * Your own source of machine tokens instead of the client-credentials grant. A token it answers
     * that is null, blank or not visible ASCII (a {@code "Bearer …"} too: the SDK adds the
     * scheme) fails the call with a {@link ConfigurationException} instead of being sent.
     */
    public Builder tokenProvider(AccessTokenProvider tokenProvider) {
      this.tokenProvider = tokenProvider;
      return this;
    }

    /** The clock used for {@code exp}, {@code nbf} and cache expiry; for tests. Default: UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Where the client reports what it does, for metrics: {@link
     * dev.protekt.metrics.MicrometerMetrics#of MicrometerMetrics.of(registry)}, or your own {@link
     * ProtektMetrics}. Default: {@link ProtektMetrics#NONE}, which costs nothing; Micrometer need not
     * be on the class path unless you use {@code MicrometerMetrics}.
     */
    public Builder metrics(ProtektMetrics metrics) {
      this.metrics = metrics;
      return this;
    }

    /**
     * Sets every option whose environment variable is present in {@code env} (see the table above).
     * Options not named keep their current value, so you can call this and then override.
     *
     * @throws ConfigurationException if a variable's value cannot be read, naming the variable
     */
    public Builder fromEnv(Map<String, String> env) {
      Map<String, String> e = env == null ? Collections.emptyMap() : env;
      for (Option option : Option.values()) {
        option.applyTo(this, e.get(option.environmentVariable()), named(option));
      }
      for (String name : e.keySet()) {
        // A misspelt PROTEKT_LEEWAY would otherwise leave the default in force without a word.
        if (name.startsWith("PROTEKT_") && Arrays.stream(Option.values())
            .noneMatch(option -> option.environmentVariable().equals(name))) {
          LOG.warn("{} is not an option of the Protekt SDK and is ignored{}", name,
              Option.closestTo(name).map(o -> "; did you mean " + o.environmentVariable() + "?")
                  .orElse("."));
        }
      }
      return this;
    }

    /**
     * Validates the options and builds the client. No network call is made here: discovery and
     * keys are fetched on first use.
     *
     * @throws ConfigurationException naming the option to fix
     */
    public ProtektAuth build() {
      if (domain == null || domain.isBlank()) {
        throw new ConfigurationException(
            "domain is required: set PROTEKT_DOMAIN or call domain(\"your-domain.protekt.dev\").",
            "domain");
      }
      IssuerLocation primary = IssuerLocation.parse(domain, Option.DOMAIN);
      List<IssuerLocation> extraIssuers = additionalIssuers(primary);

      requireNonNegative(Option.CACHE_TTL, cacheTtl);
      requireNonNegative(Option.LEEWAY, leeway);
      requireNonNegative(Option.RETRY_DELAY, retryDelay);
      requireNonNegative(Option.KEY_FETCH_WAIT, keyFetchWait);
      requireAtMost(Option.CACHE_TTL, cacheTtl, LONGEST_CACHE_TTL, "1 day", ".");
      requireAtMost(Option.LEEWAY, leeway, LONGEST_LEEWAY, "10 minutes", ".");
      requireAtMost(Option.RETRY_DELAY, retryDelay, LONGEST_RETRY_DELAY, "30 seconds", ".");
      requireAtMost(Option.KEY_FETCH_WAIT, keyFetchWait, LONGEST_KEY_FETCH_WAIT, "30 seconds",
          ": requests waiting that long on the tenant are an outage of their own.");
      if (timeout != null && timeout.compareTo(SHORTEST_TIMEOUT) < 0) {
        // OkHttp counts whole milliseconds, and reads 0 as no timeout at all.
        throw new ConfigurationException(named(Option.TIMEOUT) + " must be at least 1"
            + " millisecond, was " + timeout + ".", "timeout");
      }
      if (timeout != null) {
        requireAtMost(Option.TIMEOUT, timeout, LONGEST_TIMEOUT, "5 minutes", ": it limits each"
            + " attempt, and a key refresh (so a key rotation) waits for a stalled one. Its text"
            + " form reads a bare number as seconds: write 5000ms for milliseconds.");
      }
      if (retryAttempts < 0) {
        throw new ConfigurationException(named(Option.RETRY_ATTEMPTS) + " must be 0 (no retries)"
            + " or more, was " + retryAttempts + ".", "retryAttempts");
      }
      Duration effectiveTimeout =
          timeout != null ? timeout : httpClient == null ? DEFAULT_TIMEOUT : null;
      // The first comparison also keeps callTimeout's arithmetic within what a Duration holds.
      if (effectiveTimeout != null && (effectiveTimeout.compareTo(LONGEST_CALL) > 0
          || HttpStack.callTimeout(effectiveTimeout, retryAttempts).compareTo(LONGEST_CALL) > 0)) {
        throw new ConfigurationException("timeout × (retryAttempts + 1), plus 60 seconds per retry,"
            + " bounds a whole call and must stay within 24 days (what OkHttp can count); was "
            + effectiveTimeout + " with " + retryAttempts + " retries: lower one of them.",
            "timeout", "retryAttempts");
      }
      if (cacheMaxEntries < 1) {
        throw new ConfigurationException(named(Option.CACHE_MAX_ENTRIES) + " must be at least 1,"
            + " was " + cacheMaxEntries + "; use cacheEnabled(false) to turn the cache off.",
            "cacheMaxEntries");
      }
      if (maxTokenSize < 256) {
        throw new ConfigurationException(named(Option.MAX_TOKEN_SIZE) + " must be at least 256"
            + " characters, was " + maxTokenSize + ".", "maxTokenSize");
      }
      List<ClaimPath> roles = claimPaths(Option.ROLES_CLAIM, rolesClaim);
      List<ClaimPath> permissions = claimPaths(Option.PERMISSIONS_CLAIM, permissionsClaim);
      if (clock == null) {
        throw new ConfigurationException("clock must not be null.", "clock");
      }
      if (metrics == null) {
        throw new ConfigurationException(
            "metrics must not be null; ProtektMetrics.NONE reports nothing.", "metrics");
      }
      List<String> auds = audiences();
      if (anyAudience && !auds.isEmpty()) {
        // Either one silently overriding the other would widen or narrow what is accepted behind
        // the user's back.
        throw new ConfigurationException("audience (PROTEKT_AUDIENCE) and acceptAnyAudience"
            + " (PROTEKT_ACCEPT_ANY_AUDIENCE) contradict each other: set the audience to check it,"
            + " or acceptAnyAudience to turn the check off, not both.",
            "audience", "acceptAnyAudience");
      }
      String id = clientId == null || clientId.isBlank() ? null : clientId.trim();
      String secret = clientSecret == null || clientSecret.isEmpty() ? null : clientSecret;
      // A line end or quotes an env file or a copy left in would be sent as part of the secret,
      // and the tenant's bare 401 would not say why. The secret itself is never shown.
      if (id != null && id.chars().anyMatch(Character::isISOControl)) {
        throw new ConfigurationException("clientId (PROTEKT_CLIENT_ID) holds a control character,"
            + " such as a line break: remove it.", "clientId");
      }
      if (secret != null && (secret.chars().anyMatch(Character::isISOControl)
          || ConfiguredText.invisibleAtEitherEnd(secret) || ConfiguredText.quoted(secret))) {
        throw new ConfigurationException("clientSecret (PROTEKT_CLIENT_SECRET) starts or ends with"
            + " whitespace or an invisible character, is wrapped in quotes, or holds a control"
            + " character: most likely the line end or the quotes of the file it was read from, or"
            + " a space copied from a web page, which would be sent as part of the secret. Remove"
            + " them.", "clientSecret");
      }
      if ((id == null) != (secret == null) && tokenProvider == null) {
        throw id == null
            ? new ConfigurationException("clientSecret is set but clientId is not: set"
                + " PROTEKT_CLIENT_ID or call clientId(…).", "clientSecret", "clientId")
            : new ConfigurationException("clientId is set but clientSecret is not: set"
                + " PROTEKT_CLIENT_SECRET or call clientSecret(…).", "clientId", "clientSecret");
      }
      ProtektAuth auth = new ProtektAuth(new Settings(primary, id, secret, auds,
          anyAudience, Collections.unmodifiableSet(EnumSet.copyOf(algorithms)), cacheEnabled,
          cacheTtl, cacheMaxEntries, effectiveTimeout, retryAttempts, retryDelay, leeway,
          roles, permissions, maxTokenSize, keyFetchWait,
          allowedEndpointHosts, httpClient, tokenProvider, clock, IsolatedMetrics.of(metrics),
          extraIssuers));
      metrics.attached(auth);
      return auth;
    }

    /** The configured audiences, trimmed and without repeats; empty when none is configured. */
    private List<String> audiences() {
      if (audiences.stream().allMatch(a -> a == null || a.isBlank())) {
        return List.of();
      }
      Set<String> set = new LinkedHashSet<>();
      for (String a : audiences) {
        if (a == null || a.isBlank()) {
          throw new ConfigurationException(named(Option.AUDIENCE) + ": one of the audiences "
              + audiences + " is blank; list only API identifiers such as https://api.example.com.",
              "audience");
        }
        set.add(checkedAudience(a.trim()));
      }
      return List.copyOf(set);
    }

    /**
     * {@code audience}, refused if it holds what an identifier never does: a token's {@code aud}
     * would never match it, and every token would be refused at first use as if it were wrong.
     */
    private static String checkedAudience(String audience) {
      String shown = "'" + Urls.printable(audience) + "'";
      int invisible = ConfiguredText.invisibleAt(audience);
      if (invisible >= 0) {
        throw new ConfigurationException(named(Option.AUDIENCE) + " " + shown + " holds"
            + " whitespace or an invisible character (" + ConfiguredText.codePointAt(audience,
                invisible) + "): separate several audiences with commas, and copy each without"
            + " what surrounds it.", "audience");
      }
      if (audience.startsWith("[") || audience.endsWith("]")) {
        throw new ConfigurationException(named(Option.AUDIENCE) + " " + shown + " is written as"
            + " a JSON array: list the audiences separated by commas, without brackets or quotes.",
            "audience");
      }
      if ("\"'".indexOf(audience.charAt(0)) >= 0
          || "\"'".indexOf(audience.charAt(audience.length() - 1)) >= 0) {
        throw new ConfigurationException(named(Option.AUDIENCE) + " " + shown + " is in quotes,"
            + " which would become part of the audience: remove them (a .env file read by"
            + " something other than a shell keeps them).", "audience");
      }
      return audience;
    }

    /** The additional issuers, each a different issuer from the others and from the domain. */
    private List<IssuerLocation> additionalIssuers(IssuerLocation primary) {
      if (additionalIssuers == null) {
        throw new ConfigurationException(named(Option.ADDITIONAL_ISSUERS)
            + ": pass domains or URLs, not null.",
            "additionalIssuers");
      }
      List<IssuerLocation> extra = new ArrayList<>();
      for (String text : additionalIssuers) {
        if (text == null || text.isBlank()) {
          throw new ConfigurationException(named(Option.ADDITIONAL_ISSUERS)
              + ": an issuer is blank; write each as"
              + " a bare host such as login.example.com or a full https:// URL.",
              "additionalIssuers");
        }
        IssuerLocation issuer = IssuerLocation.parse(text, Option.ADDITIONAL_ISSUERS);
        // One base URL is one discovery document, hence one issuer, however it is written.
        if (issuer.baseUrl().equals(primary.baseUrl())) {
          throw new ConfigurationException(named(Option.ADDITIONAL_ISSUERS) + ": '"
              + issuer.shown() + "' is the domain's issuer, which is always trusted; list only"
              + " the other issuers.",
              "additionalIssuers");
        }
        for (IssuerLocation other : extra) {
          if (issuer.baseUrl().equals(other.baseUrl())) {
            throw new ConfigurationException(named(Option.ADDITIONAL_ISSUERS) + ": '"
                + issuer.shown() + "' is listed twice.", "additionalIssuers");
          }
        }
        extra.add(issuer);
      }
      return List.copyOf(extra);
    }

    /** The paths of a claim option, parsed once here so that a verification only looks them up. */
    private static List<ClaimPath> claimPaths(Option option, String[] texts) {
      String name = option.builderName();
      if (texts == null || texts.length == 0) {
        throw new ConfigurationException(name + " needs at least one claim path, such as roles or"
            + " realm_access.roles.", name);
      }
      Set<ClaimPath> paths = new LinkedHashSet<>();
      for (String text : texts) {
        try {
          paths.add(ClaimPath.parse(text));
        } catch (IllegalArgumentException e) {
          throw new ConfigurationException(name + " (" + option.environmentVariable() + ", "
              + option.springProperty() + "): " + e.getMessage(), name);
        }
      }
      return List.copyOf(paths);
    }

    private static void requireNonNegative(Option option, Duration value) {
      if (value == null || value.isNegative()) {
        throw new ConfigurationException(named(option) + " must be zero or more, was " + value
            + ".", option.builderName());
      }
    }

    /**
     * Bounds a duration, so that no component's arithmetic on it (millis, nanos, sums) overflows.
     *
     * @param shown {@code max} as the message says it
     * @param end the message's end: {@code "."}, or why, from a colon
     */
    private static void requireAtMost(
        Option option, Duration value, Duration max, String shown, String end) {
      if (value.compareTo(max) > 0) {
        throw new ConfigurationException(named(option) + " must be at most " + shown + ", was "
            + value + end, option.builderName());
      }
    }

    /**
     * An option as messages name it, by its setter and its environment variable, since either may
     * have set it: {@code cacheTtl (PROTEKT_CACHE_TTL)}.
     */
    private static String named(Option option) {
      return option.builderName() + " (" + option.environmentVariable() + ")";
    }
  }
  /**
   * The options of {@link Builder} that have a text form, in one place: each is one setter of the
   * builder, one environment variable ({@code PROTEKT_} and its name in upper snake case, {@code
   * PROTEKT_CACHE_TTL}) and one Spring Boot property ({@code protekt.} and its name in kebab case,
   * {@code protekt.cache-ttl}). Durations are seconds ({@code 5}, {@code 0.5}) or carry a unit
   * ({@code 500ms}, {@code 2m}, {@code PT5S}); lists are comma-separated (claim paths at the commas
   * outside double quotes: {@code realm_access.roles,"https://x.com/roles"}); booleans are {@code
   * true}/{@code false} (or {@code yes}/{@code no}, {@code on}/{@code off}, {@code 1}/{@code 0}, as
   * Spring reads them).
   */
  public enum Option {
    DOMAIN("domain", (b, v, source) -> b.domain(v)),
    CLIENT_ID("clientId", (b, v, source) -> b.clientId(v)),
    CLIENT_SECRET("clientSecret", (b, v, source) -> b.clientSecret(v)),
    AUDIENCE("audience", (b, v, source) -> b.audience(list(v).toArray(String[]::new))),
    ACCEPT_ANY_AUDIENCE("acceptAnyAudience",
        (b, v, source) -> b.anyAudience = bool(source, v)),
    ALGORITHMS("algorithms", (b, v, source) -> b.algorithms(algorithms(source, v))),
    CACHE_ENABLED("cacheEnabled", (b, v, source) -> b.cacheEnabled(bool(source, v))),
    CACHE_TTL("cacheTtl", (b, v, source) -> b.cacheTtl(duration(source, v))),
    CACHE_MAX_ENTRIES("cacheMaxEntries", (b, v, source) -> b.cacheMaxEntries(integer(source, v))),
    TIMEOUT("timeout", (b, v, source) -> b.timeout(duration(source, v))),
    RETRY_ATTEMPTS("retryAttempts", (b, v, source) -> b.retryAttempts(integer(source, v))),
    RETRY_DELAY("retryDelay", (b, v, source) -> b.retryDelay(duration(source, v))),
    LEEWAY("leeway", (b, v, source) -> b.leeway(duration(source, v))),
    ROLES_CLAIM("rolesClaim", (b, v, source) -> b.rolesClaim(ClaimPath.splitList(v))),
    PERMISSIONS_CLAIM("permissionsClaim",
        (b, v, source) -> b.permissionsClaim(ClaimPath.splitList(v))),
    MAX_TOKEN_SIZE("maxTokenSize", (b, v, source) -> b.maxTokenSize(integer(source, v))),
    KEY_FETCH_WAIT("keyFetchWait", (b, v, source) -> b.keyFetchWait(duration(source, v))),
    ALLOWED_ENDPOINT_HOSTS("allowedEndpointHosts",
        (b, v, source) -> b.allowedEndpointHosts(list(v).toArray(String[]::new))),
    ADDITIONAL_ISSUERS("additionalIssuers",
        (b, v, source) -> b.additionalIssuers(list(v).toArray(String[]::new)));


    /** Sets an option on a builder from its text; {@code source} names that text in messages. */
    @FunctionalInterface
    private interface Setter {
      void set(Builder builder, String text, String source);
    }

    private final String builderName;
    private final Setter setter;

    Option(String builderName, Setter setter) {
      this.builderName = builderName;
      this.setter = setter;
    }

    /** The name of the {@link Builder} setter, such as {@code cacheTtl}. */
    public String builderName() {
      return builderName;
    }

    /** The environment variable {@link Builder#fromEnv(Map)} reads, such as {@code PROTEKT_CACHE_TTL}. */
    public String environmentVariable() {
      return "PROTEKT_" + builderName.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /**
     * The option whose environment variable {@code variable} is or nearly is (two letters off at
     * most), to name in a warning about a misspelt variable.
     */
    static Optional<Option> closestTo(String variable) {
      List<String> variables = Arrays.stream(values()).map(Option::environmentVariable).toList();
      return Names.closest(variable, variables).map(name -> values()[variables.indexOf(name)]);
    }

    /** The Spring Boot property, such as {@code protekt.cache-ttl}. */
    public String springProperty() {
      return "protekt." + builderName.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * Sets this option on {@code builder} from its text form, as an environment variable or a
     * property holds it. Blank text leaves the option as it is (an empty {@code
     * PROTEKT_ROLES_CLAIM=} keeps the default); other text is trimmed, so that a secret read from
     * a file keeps no newline.
     *
     * @param source what to call the text in an error message, such as {@code PROTEKT_TIMEOUT}
     * @throws ConfigurationException if the text is not of the option's form
     */
    public Builder applyTo(Builder builder, String text, String source) {
      if (text != null && !text.isBlank()) {
        try {
          setter.set(builder, text.trim(), source);
        } catch (ConfigurationException e) {
          // The parsers name the text's source; options() must name the option all the same.
          throw e.options().isEmpty() ? new ConfigurationException(e.getMessage(), builderName) : e;
        }
      }
      return builder;
    }

    private static boolean bool(String source, String text) {
      switch (text.toLowerCase(Locale.ROOT)) {
        case "true": case "1": case "yes": case "on":
          return true;
        case "false": case "0": case "no": case "off":
          return false;
        default:
          throw new ConfigurationException(source + " must be true or false (or yes/no, on/off,"
              + " 1/0), was '" + Urls.printable(text) + "'.");
      }
    }

    private static Algorithm[] algorithms(String source, String text) {
      List<String> names = list(text);
      if (names.isEmpty()) {
        throw new ConfigurationException(source + " names no algorithm: name at least one of"
            + " RS256, PS256, ES256, EdDSA, comma-separated.");
      }
      try {
        return names.stream().map(Algorithm::fromJwsName).toArray(Algorithm[]::new);
      } catch (ConfigurationException e) {
        throw new ConfigurationException(source + ": " + e.getMessage());
      }
    }

    private static int integer(String source, String text) {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new ConfigurationException(source + (text.matches("[-+]?[0-9]+")
            ? " must be at most " + Integer.MAX_VALUE : " must be a whole number") + ", was '"
            + Urls.printable(text) + "'.");
      }
    }

    private static Duration duration(String source, String text) {
      try {
        return Durations.read(text);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(source + " must be a duration such as 5 (seconds), 0.5,"
            + " 500ms or PT5S, was '" + Urls.printable(text) + "'.");
      }
    }

    private static List<String> list(String text) {
      return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
  }
}
