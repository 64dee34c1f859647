package dev.protekt;

import dev.protekt.health.Failure;
import dev.protekt.health.ProtektHealth;
import dev.protekt.health.TokenEndpointHealth;
import dev.protekt.health.WarmUp;
import dev.protekt.internal.Settings;
import dev.protekt.internal.discovery.Discovery;
import dev.protekt.internal.http.Hosts;
import dev.protekt.internal.http.HttpStack;
import dev.protekt.internal.http.Urls;
import dev.protekt.internal.jwt.TokenVerifier;
import dev.protekt.internal.token.ClientCredentialsProvider;
import dev.protekt.internal.users.RetrofitUsers;
import dev.protekt.metrics.ProtektMetrics;
import dev.protekt.users.Users;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

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
 */
public final class ProtektAuth {
  /** What {@link #warmUp()} waits at most: room for discovery and keys over new TLS, retried once. */
  private static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(10);
  private static final Duration LONGEST_WARM_UP = Duration.ofMinutes(10);
  private static final TokenEndpointHealth NO_TOKEN_ENDPOINT =
      new TokenEndpointHealth(TokenEndpointHealth.State.NOT_CONFIGURED, null, null);

  private final Settings settings;
  private final Discovery discovery;
  private final TokenVerifier verifier;
  private final AccessTokenProvider tokenProvider;
  private final Users users;

  private ProtektAuth(Settings settings) {
    this.settings = settings;
    OkHttpClient http = HttpStack.create(settings);
    this.discovery = new Discovery(settings, http);
    this.verifier = new TokenVerifier(settings, discovery, http);
    this.tokenProvider =
        settings.tokenProvider() != null
            ? settings.tokenProvider()
            : new ClientCredentialsProvider(settings, discovery, http);
    this.users = new RetrofitUsers(settings, discovery, http, tokenProvider);
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
   * aud}, {@code typ} and {@code crit}. Successful results are cached (see {@link
   * Builder#cacheEnabled(boolean)}).
   *
   * @param token the compact JWS, without a {@code Bearer } prefix
   * @throws InvalidTokenException if the token is not acceptable, with the {@linkplain
   *     InvalidTokenException#reason() reason}
   * @throws KeysUnavailableException if the tenant's keys cannot be had (an outage, HTTP 503)
   * @throws ConfigurationException if no audience is configured and the audience check was not
   *     explicitly turned off, or if the tenant's discovery document names a {@code jwks_uri} the
   *     SDK must not use (plain http outside loopback, or a host not allowed by {@link
   *     Builder#allowedEndpointHosts(String...)})
   */
  public ProtektUser verifyToken(String token) {
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
   * @throws ConfigurationException as {@link #verifyToken(String)}
   */
  public ProtektUser verifyAuthorization(String authorization) {
    return verifier.verifyAuthorization(authorization);
  }

  /**
   * A machine-to-machine access token for the tenant's Users API ({@code {issuer}api/v2/}), from the
   * client-credentials grant; cached and renewed shortly before it expires.
   *
   * @throws ConfigurationException if no client id or secret is configured, or if the tenant's
   *     discovery document names a {@code token_endpoint} the SDK must not send them to (see
   *     {@link Builder#allowedEndpointHosts(String...)})
   * @throws ProtektApiException if the tenant refuses the credentials
   */
  public String getAccessToken() {
    return tokenProvider.getAccessToken(discovery.usersAudience());
  }

  /** A machine-to-machine access token for the given API audience. */
  public String getAccessToken(String audience) {
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
   * Fetches the tenant's discovery document and signing keys now rather than on the first request,
   * and reports what it could not reach; framework adapters call it at startup. An unreachable
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
   * @param within the longest the warm-up waits, at most 10 minutes; a fetch still running then
   *     is reported as {@link Failure.Kind#TIMED_OUT TIMED_OUT}
   * @return what was not reached, and the health after the warm-up
   * @throws IllegalArgumentException if {@code within} is not positive or longer than 10 minutes
   * @throws ConfigurationException if the configuration cannot work: discovery names a {@code
   *     jwks_uri} or {@code token_endpoint} the SDK must not use (see {@link
   *     Builder#allowedEndpointHosts(String...)}), or no token endpoint while client credentials
   *     are configured
   */
  public WarmUp warmUp(Duration within) {
    if (within == null || within.isNegative() || within.isZero()
        || within.compareTo(LONGEST_WARM_UP) > 0) {
      throw new IllegalArgumentException(
          "warmUp(within): the time must be positive and at most 10 minutes, was " + within + ".");
    }
    long start = System.nanoTime();
    Failure keys = verifier.prefetchKeys(start + within.toNanos());
    List<WarmUp.Unreached> unreached = new ArrayList<>();
    if (keys != null) {
      unreached.add(new WarmUp.Unreached(
          discovery.known() == null ? WarmUp.Part.DISCOVERY : WarmUp.Part.KEYS, keys));
    }
    if (discovery.known() != null && tokenProvider instanceof ClientCredentialsProvider grant
        && settings.clientId() != null) {
      grant.endpoint();
    }
    return new WarmUp(Duration.ofNanos(System.nanoTime() - start), unreached, health());
  }

  /**
   * A snapshot of the signing keys (never fetched, fresh, or stale but in use), the token endpoint
   * of machine tokens and the verified-token cache, for a health endpoint or a log line. It never
   * waits and takes no lock that verification takes; like a verification, it starts a key refresh
   * in the background when the keys near the end of their TTL.
   */
  public ProtektHealth health() {
    TokenEndpointHealth tokens = tokenProvider instanceof ClientCredentialsProvider grant
        ? grant.health() : NO_TOKEN_ENDPOINT;
    return new ProtektHealth(
        settings.clock().instant(), verifier.keyHealth(), tokens, verifier.cachedTokens());
  }

  /** The tenant's Users API. */
  public Users users() {
    return users;
  }

  /** The domain as configured. */
  public String domain() {
    return settings.domain();
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
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SHORTEST_TIMEOUT = Duration.ofMillis(1);
    private static final Duration LONGEST_CALL = Duration.ofMillis(Integer.MAX_VALUE);
    private static final Duration DEFAULT_KEY_FETCH_WAIT = Duration.ofSeconds(2);
    /** A wait past this holds a server's threads long enough to be an outage of its own. */
    private static final Duration LONGEST_KEY_FETCH_WAIT = Duration.ofSeconds(30);

    private String domain;
    private String clientId;
    private String clientSecret;
    private String audience;
    private boolean anyAudience;
    private Set<Algorithm> algorithms = EnumSet.of(Algorithm.RS256);
    private boolean cacheEnabled = true;
    private Duration cacheTtl = Duration.ofMinutes(10);
    private int cacheMaxEntries = 10_000;
    private Duration timeout;
    private int retryAttempts = 3;
    private Duration retryDelay = Duration.ofSeconds(1);
    private Duration leeway = Duration.ofSeconds(60);
    private String rolesClaim = "roles";
    private String permissionsClaim = "permissions";
    private int maxTokenSize = 16 * 1024;
    private Duration keyFetchWait = DEFAULT_KEY_FETCH_WAIT;
    private Set<String> allowedEndpointHosts = Set.of();
    private OkHttpClient httpClient;
    private AccessTokenProvider tokenProvider;
    private Clock clock = Clock.systemUTC();
    private ProtektMetrics metrics = ProtektMetrics.NONE;

    private Builder() {}

    /**
     * The tenant: a bare host ({@code your-domain.protekt.dev}, meaning {@code https://} and the
     * issuer {@code https://your-domain.protekt.dev/}) or a full URL ({@code
     * https://login.example.com/tenants/acme}; the issuer then comes from OIDC discovery). Plain
     * {@code http} is accepted for loopback hosts only.
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

    /** The audience (API identifier) every verified token must contain in its {@code aud}. */
    public Builder audience(String audience) {
      this.audience = audience;
      return this;
    }

    /**
     * Explicitly turns the audience check off, for a service that accepts tokens minted for any API
     * of the tenant. Without an {@link #audience(String)} and without this, {@link
     * ProtektAuth#verifyToken(String)} refuses every token. An {@code aud} the token does carry must
     * still be a string or an array of strings.
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
     * either way), but a key withdrawn from the JWKS stops being trusted for cached tokens only at
     * the next key refresh, at most one {@link #cacheTtl(Duration)} later, and each cached token
     * keeps its claims in memory. Turn it off when memory is scarcer than CPU, or when every token
     * is seen only once.
     */
    public Builder cacheEnabled(boolean cacheEnabled) {
      this.cacheEnabled = cacheEnabled;
      return this;
    }

    /** How long keys and verified tokens are cached. Default: 10 minutes. */
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
     * The time limit for each attempt of a call to the tenant: connect, read and write. The whole
     * call, retries and their waits included, is bounded by {@code timeout × (retryAttempts + 1)}
     * plus 60 seconds per retry. Default: 5 seconds (or, with your own {@link
     * #httpClient(OkHttpClient)}, that client's own timeouts). At least 1 millisecond, and the
     * whole-call bound at most 24 days: OkHttp counts whole milliseconds in an {@code int}.
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

    /** The base delay of the exponential backoff between retries. Default: 1 second. */
    public Builder retryDelay(Duration retryDelay) {
      this.retryDelay = retryDelay;
      return this;
    }

    /** The clock skew tolerated on {@code exp} and {@code nbf}. Default: 60 seconds. */
    public Builder leeway(Duration leeway) {
      this.leeway = leeway;
      return this;
    }

    /** The claim holding roles, such as {@code https://your-app.com/roles}. Default: {@code roles}. */
    public Builder rolesClaim(String rolesClaim) {
      this.rolesClaim = rolesClaim;
      return this;
    }

    /** The claim holding permissions. Default: {@code permissions}. {@code scope} always counts too. */
    public Builder permissionsClaim(String permissionsClaim) {
      this.permissionsClaim = permissionsClaim;
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
     * fetch's start, and at most one fetch runs at a time; when it has not answered by then, the
     * token is refused as {@link InvalidTokenException.Reason#UNKNOWN_KEY UNKNOWN_KEY} (or, with
     * no keys at all yet, {@link KeysUnavailableException}) while the fetch goes on in the
     * background. A token whose key is in hand never waits. Default: 2 seconds, room for the
     * first fetch after start on a busy machine (classes loaded, discovery, then keys, over new TLS
     * connections); 0 never waits; at most 30 seconds.
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
        throw new ConfigurationException(
            "allowedEndpointHosts: pass host names, not null.", "allowedEndpointHosts");
      }
      Set<String> set = new LinkedHashSet<>();
      for (String host : hosts) {
        // As OkHttp spells a URL's host: IPv6 without brackets, names in lower case.
        String bare = host == null ? "" : host.trim().replaceAll("^\\[(.*)\\]$", "$1");
        if (!bare.matches("[A-Za-z0-9.-]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
          throw new ConfigurationException("allowedEndpointHosts: '" + host + "' is not a host name"
              + " such as keys.example.com (no scheme, port or path).", "allowedEndpointHosts");
        }
        set.add(bare.toLowerCase(Locale.ROOT));
      }
      this.allowedEndpointHosts = Collections.unmodifiableSet(set);
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

    /** Your own source of machine tokens instead of the client-credentials grant. */
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
        option.applyTo(this, e.get(option.environmentVariable()), option.environmentVariable());
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
      String trimmed = domain.trim();
      if (hasUserInfo(trimmed)) {
        // Not quoted, here or in any later message: the user info may hold a password.
        throw new ConfigurationException("domain must not carry a user name or password before its"
            + " host: the SDK authenticates with clientId and clientSecret.", "domain");
      }
      HttpUrl baseUrl;
      String fixedIssuer = null;
      if (trimmed.contains("://")) {
        baseUrl = HttpUrl.parse(trimmed);
        if (baseUrl == null) {
          throw new ConfigurationException("domain '" + Urls.redact(trimmed)
              + "' is not a valid http(s) URL: use a bare host such as your-domain.protekt.dev or a"
              + " URL such as https://login.example.com.", "domain");
        }
        if (baseUrl.query() != null || baseUrl.fragment() != null) {
          throw new ConfigurationException(
              "domain '" + Urls.redact(trimmed) + "' must not have a query or fragment.", "domain");
        }
        if (!baseUrl.isHttps() && !Hosts.isLoopback(baseUrl.host())) {
          throw new ConfigurationException("domain '" + Urls.redact(trimmed)
              + "' uses plain http to a host that is not loopback: use https (plain http is allowed"
              + " only for 127.0.0.0/8, ::1 and localhost).", "domain");
        }
      } else {
        baseUrl = HttpUrl.parse("https://" + trimmed);
        // Anything but host[:port] would become a path (OkHttp reads a backslash as a slash), a
        // query or a fragment of the URL.
        if (baseUrl == null || !baseUrl.encodedPath().equals("/") || baseUrl.query() != null
            || baseUrl.fragment() != null || trimmed.matches(".*\\s.*")) {
          throw new ConfigurationException("domain '" + Urls.redact(trimmed)
              + "' is not a host name: use a bare host such as your-domain.protekt.dev or a full"
              + " https:// URL.", "domain");
        }
        fixedIssuer = "https://" + trimmed + "/";
      }
      String path = baseUrl.encodedPath();
      if (path.endsWith("/") && path.length() > 1) {
        baseUrl = baseUrl.newBuilder().encodedPath(path.substring(0, path.length() - 1)).build();
      }

      requireNonNegative("cacheTtl", cacheTtl);
      requireNonNegative("leeway", leeway);
      requireNonNegative("retryDelay", retryDelay);
      requireNonNegative("keyFetchWait", keyFetchWait);
      if (keyFetchWait.compareTo(LONGEST_KEY_FETCH_WAIT) > 0) {
        throw new ConfigurationException("keyFetchWait must be at most 30 seconds, was "
            + keyFetchWait + ": requests waiting that long on the tenant are an outage of their"
            + " own.", "keyFetchWait");
      }
      if (timeout != null && timeout.compareTo(SHORTEST_TIMEOUT) < 0) {
        // OkHttp counts whole milliseconds, and reads 0 as no timeout at all.
        throw new ConfigurationException(
            "timeout must be at least 1 millisecond, was " + timeout + ".", "timeout");
      }
      if (retryAttempts < 0) {
        throw new ConfigurationException(
            "retryAttempts must be 0 (no retries) or more, was " + retryAttempts + ".",
            "retryAttempts");
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
        throw new ConfigurationException("cacheMaxEntries must be at least 1, was "
            + cacheMaxEntries + "; use cacheEnabled(false) to turn the cache off.",
            "cacheMaxEntries");
      }
      if (maxTokenSize < 256) {
        throw new ConfigurationException(
            "maxTokenSize must be at least 256 characters, was " + maxTokenSize + ".",
            "maxTokenSize");
      }
      if (rolesClaim == null || rolesClaim.isBlank()) {
        throw new ConfigurationException("rolesClaim must not be blank.", "rolesClaim");
      }
      if (permissionsClaim == null || permissionsClaim.isBlank()) {
        throw new ConfigurationException(
            "permissionsClaim must not be blank.", "permissionsClaim");
      }
      if (clock == null) {
        throw new ConfigurationException("clock must not be null.", "clock");
      }
      if (metrics == null) {
        throw new ConfigurationException(
            "metrics must not be null; ProtektMetrics.NONE reports nothing.", "metrics");
      }
      String aud = audience == null || audience.isBlank() ? null : audience.trim();
      String id = clientId == null || clientId.isBlank() ? null : clientId.trim();
      String secret = clientSecret == null || clientSecret.isEmpty() ? null : clientSecret;
      if ((id == null) != (secret == null) && tokenProvider == null) {
        throw id == null
            ? new ConfigurationException("clientSecret is set but clientId is not: set"
                + " PROTEKT_CLIENT_ID or call clientId(…).", "clientSecret", "clientId")
            : new ConfigurationException("clientId is set but clientSecret is not: set"
                + " PROTEKT_CLIENT_SECRET or call clientSecret(…).", "clientId", "clientSecret");
      }
      ProtektAuth auth = new ProtektAuth(new Settings(trimmed, baseUrl, fixedIssuer, id, secret, aud,
          anyAudience, Collections.unmodifiableSet(EnumSet.copyOf(algorithms)), cacheEnabled,
          cacheTtl, cacheMaxEntries, effectiveTimeout, retryAttempts, retryDelay, leeway,
          rolesClaim.trim(), permissionsClaim.trim(), maxTokenSize, keyFetchWait,
          allowedEndpointHosts, httpClient, tokenProvider, clock, metrics));
      metrics.attached(auth);
      return auth;
    }

    /** Whether the authority ({@code user:password@host:port}) has an {@code @}. */
    private static boolean hasUserInfo(String domain) {
      int scheme = domain.indexOf("://");
      int start = scheme < 0 ? 0 : scheme + 3;
      int end = start;
      while (end < domain.length() && "/?#".indexOf(domain.charAt(end)) < 0) {
        end++;
      }
      return domain.substring(start, end).indexOf('@') >= 0;
    }

    private static void requireNonNegative(String name, Duration value) {
      if (value == null || value.isNegative()) {
        throw new ConfigurationException(name + " must be zero or more, was " + value + ".", name);
      }
    }
  }
  /**
   * The options of {@link Builder} that have a text form, in one place: each is one setter of the
   * builder, one environment variable ({@code PROTEKT_} and its name in upper snake case, {@code
   * PROTEKT_CACHE_TTL}) and one Spring Boot property ({@code protekt.} and its name in kebab case,
   * {@code protekt.cache-ttl}). Durations are seconds ({@code 5}, {@code 0.5}) or carry a unit
   * ({@code 500ms}, {@code 2m}, {@code PT5S}); lists are comma-separated; booleans are {@code
   * true}/{@code false} (or {@code yes}/{@code no}, {@code 1}/{@code 0}).
   */
  public enum Option {
    DOMAIN("domain", (b, v, source) -> b.domain(v)),
    CLIENT_ID("clientId", (b, v, source) -> b.clientId(v)),
    CLIENT_SECRET("clientSecret", (b, v, source) -> b.clientSecret(v)),
    AUDIENCE("audience", (b, v, source) -> b.audience(v)),
    ACCEPT_ANY_AUDIENCE("acceptAnyAudience",
        (b, v, source) -> b.anyAudience = bool(source, v)),
    ALGORITHMS("algorithms", (b, v, source) -> b.algorithms(
        list(v).stream().map(Algorithm::fromJwsName).toArray(Algorithm[]::new))),
    CACHE_ENABLED("cacheEnabled", (b, v, source) -> b.cacheEnabled(bool(source, v))),
    CACHE_TTL("cacheTtl", (b, v, source) -> b.cacheTtl(duration(source, v))),
    CACHE_MAX_ENTRIES("cacheMaxEntries", (b, v, source) -> b.cacheMaxEntries(integer(source, v))),
    TIMEOUT("timeout", (b, v, source) -> b.timeout(duration(source, v))),
    RETRY_ATTEMPTS("retryAttempts", (b, v, source) -> b.retryAttempts(integer(source, v))),
    RETRY_DELAY("retryDelay", (b, v, source) -> b.retryDelay(duration(source, v))),
    LEEWAY("leeway", (b, v, source) -> b.leeway(duration(source, v))),
    ROLES_CLAIM("rolesClaim", (b, v, source) -> b.rolesClaim(v)),
    PERMISSIONS_CLAIM("permissionsClaim", (b, v, source) -> b.permissionsClaim(v)),
    MAX_TOKEN_SIZE("maxTokenSize", (b, v, source) -> b.maxTokenSize(integer(source, v))),
    KEY_FETCH_WAIT("keyFetchWait", (b, v, source) -> b.keyFetchWait(duration(source, v))),
    ALLOWED_ENDPOINT_HOSTS("allowedEndpointHosts",
        (b, v, source) -> b.allowedEndpointHosts(list(v).toArray(String[]::new)));

    private static final Pattern WITH_UNIT = Pattern.compile("(-?\\d+)(ns|us|ms|s|m|h|d)");
    private static final Map<String, ChronoUnit> UNITS = Map.of("ns", ChronoUnit.NANOS,
        "us", ChronoUnit.MICROS, "ms", ChronoUnit.MILLIS, "s", ChronoUnit.SECONDS,
        "m", ChronoUnit.MINUTES, "h", ChronoUnit.HOURS, "d", ChronoUnit.DAYS);

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
        setter.set(builder, text.trim(), source);
      }
      return builder;
    }

    private static boolean bool(String source, String text) {
      switch (text.toLowerCase(Locale.ROOT)) {
        case "true": case "1": case "yes":
          return true;
        case "false": case "0": case "no":
          return false;
        default:
          throw new ConfigurationException(source + " must be true or false, was '" + text + "'.");
      }
    }

    private static int integer(String source, String text) {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new ConfigurationException(source + " must be a whole number, was '" + text + "'.");
      }
    }

    private static Duration duration(String source, String text) {
      try {
        if (text.matches("-?[0-9]*\\.?[0-9]+")) {
          return Duration.ofNanos(new BigDecimal(text).movePointRight(9).longValueExact());
        }
        Matcher withUnit = WITH_UNIT.matcher(text.toLowerCase(Locale.ROOT));
        if (withUnit.matches()) {
          return Duration.of(Long.parseLong(withUnit.group(1)), UNITS.get(withUnit.group(2)));
        }
        return Duration.parse(text);
      } catch (RuntimeException e) {
        throw new ConfigurationException(source + " must be a duration such as 5 (seconds), 0.5,"
            + " 500ms or PT5S, was '" + text + "'.");
      }
    }

    private static List<String> list(String text) {
      return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
  }
}
