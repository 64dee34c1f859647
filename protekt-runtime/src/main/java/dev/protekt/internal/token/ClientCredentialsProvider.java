package dev.protekt.internal.token;

import com.fasterxml.jackson.databind.JsonNode;
import dev.protekt.AccessTokenProvider;
import dev.protekt.ConfigurationException;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.health.Failure;
import dev.protekt.health.TokenEndpointHealth;
import dev.protekt.internal.Failures;
import dev.protekt.internal.Settings;
import dev.protekt.internal.discovery.Discovery;
import dev.protekt.internal.http.CallInterruptedException;
import dev.protekt.internal.http.ErrorBodies;
import dev.protekt.internal.http.HttpStack;
import dev.protekt.internal.http.Idempotent;
import dev.protekt.internal.http.StrictJson;
import dev.protekt.internal.http.TenantCalls;
import dev.protekt.internal.http.Urls;
import dev.protekt.metrics.ProtektMetrics;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import retrofit2.converter.jackson.JacksonConverterFactory;

/**
 * The client-credentials grant against the tenant's discovered {@code token_endpoint}, with a
 * per-audience cache.
 *
 * <ul>
 *   <li>A token is renewed when less than a tenth of its lifetime is left, at least 1 s and at most
 *       60 s, and at most half of it (60 s before expiry for the usual 24 h token, at 90 % of a
 *       short one), counted from the moment the request was sent so a slow answer never makes it
 *       look younger. Without {@code expires_in} a token is kept for a minute; an {@code
 *       expires_in} of zero or less, or not a number, is an answer that does not fit the contract.
 *   <li>While the cached token is still valid, callers get it at once and the renewal runs in the
 *       background, one at a time per audience; if it fails (5xx, 429, no answer), the cached
 *       token goes on being used until it expires, and a call a second later tries again.
 *   <li>Only a caller without a valid token waits: for the one fetch of its audience (100
 *       concurrent callers cost one request), sharing its failure too.
 *   <li>A refusal of the credentials (400, 401, 403) fails closed: the cached token is dropped at
 *       once, so no call goes on with a token the revoked credentials got, and the refusal is
 *       thrown to the callers that then wait for a new one.
 *   <li>{@link #health()} says whether the endpoint and the credentials work, not whether every
 *       audience a caller asked for is granted: a 403 with an OAuth error code for an audience
 *       other than the Users API's (the contract's {@code unauthorized_client}, Auth0's {@code
 *       access_denied} "create a client-grant"), refuses this client that audience only; it is
 *       that audience's callers' answer and leaves the health as it was, logged at WARN once per
 *       audience (again after the audience got a token in between).
 *   <li>The request is marked {@link Idempotent}: a 5xx or an I/O failure is retried like a GET.
 *       A 401 {@code access_denied} (wrong credentials) is not retried.
 * </ul>
 */
public final class ClientCredentialsProvider implements AccessTokenProvider {
  private static final Duration MAX_RENEW_MARGIN = Duration.ofSeconds(60);
  private static final Duration MIN_RENEW_MARGIN = Duration.ofSeconds(1);
  /**
   * The longest lifetime believed: an {@code expires_in} meaning "never" would overflow the clock
   * arithmetic, and renewing a token that would have lived longer costs one request a month.
   */
  private static final long MAX_LIFETIME_SECONDS = Duration.ofDays(30).getSeconds();
  /** How long a failed background renewal is not tried again while the token is valid. */
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);
  /** How many refused audiences are remembered so as not to log them again. */
  private static final int MAX_REFUSED_AUDIENCES = 100;
  private static final Logger LOG = HttpStack.LOG;
  /** How messages name the token endpoint. */
  private static final String TOKEN_ENDPOINT = "The token endpoint";

  private final Settings settings;
  private final Discovery discovery;
  private final TokenApi api;
  private final Clock clock;
  private final Dispatcher dispatcher;
  private final ConcurrentMap<String, CachedToken> cache = new ConcurrentHashMap<>();
  /**
   * The renewal of each audience that has not finished. A {@link FutureTask}, so that a caller who
   * needs its result runs it if nobody has started it yet: a user's dispatcher may queue the
   * background run behind the very thread that waits, or drop it.
   */
  private final ConcurrentMap<String, Flight> inFlight = new ConcurrentHashMap<>();
  /**
   * When ({@link System#nanoTime()}) a renewal of each audience last failed: while the token is
   * valid, the next one waits {@link #RETRY_AFTER_FAILURE} rather than follow on the heels of every
   * call. Elapsed time, not the settings' clock, which only says when tokens expire.
   */
  private final ConcurrentMap<String, Long> failedAt = new ConcurrentHashMap<>();
  /** What the last token request showed: read without a lock, written once per request. */
  private volatile TokenEndpointHealth health;
  /**
   * The audiences refused with a 403 since they last got a token, so that each is logged once;
   * emptied when full, since callers choose the audiences.
   */
  private final Set<String> refusedAudiences = ConcurrentHashMap.newKeySet();

  /** Builds the provider; nothing is fetched until the first {@link #getAccessToken(String)}. */
  public ClientCredentialsProvider(Settings settings, Discovery discovery, OkHttpClient http) {
    this.settings = settings;
    this.discovery = discovery;
    this.api = HttpStack.retrofit(http, settings.primaryIssuer().baseUrl().resolve("/"))
        .addCallAdapterFactory(TenantCalls.create(
            TOKEN_ENDPOINT, settings.clock(), ClientCredentialsProvider::refusal))
        .addConverterFactory(JacksonConverterFactory.create(StrictJson.MAPPER))
        .build()
        .create(TokenApi.class);
    this.clock = settings.clock();
    this.dispatcher = http.dispatcher();
    this.health = new TokenEndpointHealth(settings.clientId() == null
        ? TokenEndpointHealth.State.NOT_CONFIGURED : TokenEndpointHealth.State.UNKNOWN, null, null);
  }

  /** What the last token request showed. */
  public TokenEndpointHealth health() {
    return health;
  }

  private record CachedToken(String token, Instant renewAt, Instant expiresAt) {}

  /**
   * The audience of the tenant's Users API, once the credentials to get a token for it are there:
   * asking discovery first would make a missing setting an outage when the tenant is unreachable,
   * reported after every retry.
   *
   * @throws ConfigurationException if no client id or secret is configured
   */
  public String usersAudience() {
    requireCredentials();
    return discovery.usersAudience();
  }

  @Override
  public String getAccessToken(String audience) {
    requireCredentials();
    CachedToken cached = cache.get(audience);
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cached.renewAt())) {
      return cached.token();
    }
    if (cached != null && now.isBefore(cached.expiresAt())) {
      // Still valid: a slow or failing token endpoint must not stall the calls that can use it.
      Long failed = failedAt.get(audience);
      if (failed == null || System.nanoTime() - failed >= RETRY_AFTER_FAILURE.toNanos()) {
        Renewal renewal = renewal(audience);
        if (renewal.started()) {
          inBackground(renewal.task());
        }
      }
      return cached.token();
    }
    return awaitRenewal(audience);
  }

  private void requireCredentials() {
    if (settings.clientId() == null || settings.clientSecret() == null) {
      throw new ConfigurationException("Machine tokens need a client id and secret: set"
          + " PROTEKT_CLIENT_ID and PROTEKT_CLIENT_SECRET or call clientId(…) and clientSecret(…).",
          "clientId", "clientSecret");
    }
  }

  /** The renewal of an audience; {@code started} when this call created it, and must run it. */
  private record Renewal(Flight task, boolean started) {}

  /** The renewal running or waiting to run for {@code audience}, or a new one. */
  private Renewal renewal(String audience) {
    Flight mine = new Flight(audience);
    Flight running = inFlight.putIfAbsent(audience, mine);
    return running != null ? new Renewal(running, false) : new Renewal(mine, true);
  }

  /** One renewal of one audience, which leaves {@link #inFlight} once it has an outcome. */
  private final class Flight extends FutureTask<CachedToken> {
    private final String audience;

    Flight(String audience) {
      super(() -> {
        // Another renewal may have finished between the cache check and creating this one.
        CachedToken current = cache.get(audience);
        return current != null && clock.instant().isBefore(current.renewAt())
            ? current
            : renew(audience, current);
      });
      this.audience = audience;
    }

    @Override
    protected void done() {
      inFlight.remove(audience, this);
    }
  }

  /**
   * Runs a renewal on the dispatcher's threads, or on the caller's thread if the user shut that
   * dispatcher down.
   */
  private void inBackground(Flight renewal) {
    try {
      dispatcher.executorService().execute(renewal);
    } catch (RejectedExecutionException shutDown) {
      renewal.run();
    }
  }

  /**
   * Whether a call for {@code audience} would get a token at once, without waiting for a fetch:
   * one is cached and not expired (a renewal due meanwhile runs in the background).
   */
  public boolean holdsValidToken(String audience) {
    CachedToken cached = cache.get(audience);
    return cached != null && clock.instant().isBefore(cached.expiresAt());
  }

  /** Drops {@code token} if it is still the cached one, so a newer token is never thrown away. */
  @Override
  public void invalidate(String audience, String token) {
    cache.computeIfPresent(audience, (aud, cached) -> cached.token().equals(token) ? null : cached);
  }

  @Override
  public String toString() {
    return "ClientCredentialsProvider{clientId=" + settings.clientId()
        + ", clientSecret=[redacted], audiences=" + cache.keySet() + "}";
  }

  private CachedToken renew(String audience, CachedToken current) {
    ProtektMetrics metrics = settings.metrics();
    long start = System.nanoTime();
    CachedToken fresh;
    try {
      fresh = fetch(audience);
    } catch (CallInterruptedException e) {
      // The thread that ran it was told to stop: nothing is known of the token endpoint.
      throw e;
    } catch (RuntimeException e) {
      if (current != null && refused(e)) {
        // The credentials were revoked or replaced: fail closed, no call uses a token they got.
        cache.remove(audience, current);
      }
      if (current != null) {
        // Only read while a token is still valid; an audience that never got one (callers choose
        // the audiences) must not take memory for good.
        failedAt.put(audience, System.nanoTime());
      }
      Failure failure = Failures.ofCredentialed(e, clock.instant());
      // The Users API's own audience refused is the SDK's failure, not one caller's: every Users
      // call fails with it. (Discovery answered before the token request, so this reads a cache.)
      if (audienceRefused(e) && !audience.equals(discovery.usersAudience())) {
        warnOnce(audience, (ProtektApiException) e);
      } else {
        recordFailure(failure);
      }
      try {
        metrics.machineTokenFetched(failure.kind(), System.nanoTime() - start);
      } catch (RuntimeException recording) {
        // The user's metrics must not hide why the token could not be had.
        e.addSuppressed(recording);
      }
      throw e;
    }
    cache.put(audience, fresh);
    failedAt.remove(audience);
    refusedAudiences.remove(audience);
    recordSuccess(clock.instant());
    metrics.machineTokenFetched(null, System.nanoTime() - start);
    return fresh;
  }

  // Renewals of two audiences may end at once: a failure must not write back an older success.
  // Health readers take no lock.
  private synchronized void recordFailure(Failure failure) {
    health = new TokenEndpointHealth(
        TokenEndpointHealth.State.FAILING, health.lastSuccessAt(), failure);
  }

  private synchronized void recordSuccess(Instant at) {
    health = new TokenEndpointHealth(TokenEndpointHealth.State.REACHABLE, at, null);
  }

  /**
   * The tenant refused this client that one audience: its credentials work, or it would have
   * answered 401. Any 403 with an OAuth error code, since tenants name it differently: the
   * contract's {@code unauthorized_client}, Auth0's {@code access_denied} for an audience without
   * a client grant. One without a code (a proxy's or a firewall's page) says nothing of the
   * audience, and counts as the endpoint failing.
   */
  private static boolean audienceRefused(RuntimeException e) {
    return e instanceof ProtektApiException refusal && refusal.statusCode() == 403
        && refusal.errorCode() != null;
  }

  private void warnOnce(String audience, ProtektApiException refusal) {
    if (refusedAudiences.size() >= MAX_REFUSED_AUDIENCES) {
      refusedAudiences.clear();
    }
    if (refusedAudiences.add(audience)) {
      // The caller chose the audience and the tenant the code: shown as printable ASCII.
      LOG.warn("The token endpoint refused client {} a machine token for audience {} (HTTP 403 {}):"
          + " grant the client that audience, or ask for another. The token endpoint's health is"
          + " unchanged.", Urls.printable(settings.clientId()), Urls.printable(audience),
          Urls.printable(refusal.errorCode()));
    }
  }

  /**
   * A refusal of the token endpoint, named so: it reaches the caller of a Users API call that
   * needed a token, whose own API the tenant's words would otherwise seem to be about.
   */
  private static ProtektApiException refusal(int status, ErrorBodies.ApiError error) {
    String message = error.message().startsWith(TOKEN_ENDPOINT) ? error.message()
        : TOKEN_ENDPOINT + " answered HTTP " + status + ": " + error.message();
    return new ProtektApiException(status, error.errorCode(), message, error.retryAfter());
  }

  /** The tenant refused the credentials (400, 401, 403), rather than failing to answer. */
  private static boolean refused(RuntimeException e) {
    if (!(e instanceof ProtektApiException)) {
      return false;
    }
    int status = ((ProtektApiException) e).statusCode();
    return status == 400 || status == 401 || status == 403;
  }

  /**
   * The token endpoint discovery names.
   *
   * @throws ConfigurationException if it names none, or one the SDK must not send the secret to
   */
  public HttpUrl endpoint() {
    HttpUrl endpoint = discovery.metadata().tokenEndpoint();
    if (endpoint == null) {
      throw new ConfigurationException("The tenant's discovery document names no token_endpoint:"
          + " machine tokens cannot be requested; plug in your own AccessTokenProvider.");
    }
    return endpoint;
  }

  /**
   * A renewal's token: run here if nobody has started it (queued or dropped by a user's
   * dispatcher), else waited for, as long as the request it makes is bounded. A renewal that
   * another thread ran and was interrupted in is no answer for this one: it asks again.
   */
  private String awaitRenewal(String audience) {
    while (true) {
      Flight renewal = renewal(audience).task();
      renewal.run();
      try {
        return renewal.get().token();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CallInterruptedException(
            "Interrupted while waiting for a machine token from the token endpoint.", e);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof CallInterruptedException)
            || Thread.currentThread().isInterrupted()) {
          throw thrown(e);
        }
      }
    }
  }

  /** What a renewal failed with, as its waiters throw it. */
  private static RuntimeException thrown(ExecutionException e) {
    if (e.getCause() instanceof RuntimeException cause) {
      return cause;
    }
    if (e.getCause() instanceof Error error) {
      throw error;
    }
    return new ProtektUnavailableException("The machine token request failed.", e.getCause());
  }

  private static ProtektApiException invalidAnswer(HttpUrl endpoint, String what) {
    // The endpoint comes from the discovery document and may carry a credential in its query.
    return new ProtektApiException(200, "invalid_response",
        TOKEN_ENDPOINT + " " + Urls.redact(endpoint) + " answered " + what + ".");
  }

  private CachedToken fetch(String audience) {
    HttpUrl endpoint = endpoint();
    Map<String, String> grant = new LinkedHashMap<>();
    grant.put("grant_type", "client_credentials");
    grant.put("client_id", settings.clientId());
    grant.put("client_secret", settings.clientSecret());
    grant.put("audience", audience);
    Instant sentAt = clock.instant();
    JsonNode json = api.grant(endpoint, grant, Idempotent.TAG).execute();
    JsonNode token = json.get("access_token");
    if (token == null || !token.isTextual() || token.asText().isBlank()) {
      throw invalidAnswer(endpoint, "without an access_token");
    }
    if (!CheckedTokenProvider.sendable(token.asText())) {
      // It could not be sent: OkHttp refuses such a header value with an IllegalArgumentException
      // on every call. The token itself is not quoted.
      throw invalidAnswer(endpoint,
          "an access_token with characters a bearer token cannot have (only visible ASCII)");
    }
    Duration lifetime = Duration.ofSeconds(lifetimeSeconds(endpoint, json.get("expires_in")));
    // The tenant counts exp from the second its clock is in, which may have begun up to a second
    // before the request was sent: a margin under a second would renew a short token only after
    // an API refused it.
    Duration margin = lifetime.dividedBy(10);
    margin = margin.compareTo(MAX_RENEW_MARGIN) > 0 ? MAX_RENEW_MARGIN
        : margin.compareTo(MIN_RENEW_MARGIN) < 0 ? MIN_RENEW_MARGIN : margin;
    if (margin.compareTo(lifetime.dividedBy(2)) > 0) {
      margin = lifetime.dividedBy(2);
    }
    Instant expiresAt = sentAt.plus(lifetime);
    return new CachedToken(token.asText(), expiresAt.minus(margin), expiresAt);
  }

  /**
   * The token's lifetime from {@code expires_in}: a positive number of seconds, also as a string
   * of digits (as some providers send it); without one (RFC 6749 only recommends it) the token's
   * life is unknown, and it is kept for a minute rather than not at all.
   *
   * @throws ProtektApiException {@code invalid_response} for anything else: a lifetime of zero or
   *     less says the token is already expired
   */
  private static long lifetimeSeconds(HttpUrl endpoint, JsonNode expiresIn) {
    if (expiresIn == null || expiresIn.isNull()) {
      return MAX_RENEW_MARGIN.getSeconds();
    }
    // Beyond a long, a number (1e20) or digits mean "never": capped like any long lifetime.
    BigDecimal seconds = expiresIn.isNumber() ? expiresIn.decimalValue()
        : expiresIn.isTextual() && expiresIn.asText().matches("[0-9]{1,1000}")
            ? new BigDecimal(expiresIn.asText())
            : BigDecimal.ZERO;
    if (seconds.compareTo(BigDecimal.ONE) < 0) {
      throw invalidAnswer(endpoint, "an expires_in that is not a positive number of seconds");
    }
    return seconds.min(BigDecimal.valueOf(MAX_LIFETIME_SECONDS)).longValue();
  }
}
