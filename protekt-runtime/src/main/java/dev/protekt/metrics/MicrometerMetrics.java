package dev.protekt.metrics;

import dev.protekt.ConfigurationException;
import dev.protekt.InvalidTokenException;
import dev.protekt.ProtektAuth;
import dev.protekt.health.Failure;
import dev.protekt.internal.ClientVerifiers;
import dev.protekt.internal.jwt.TokenVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link ProtektMetrics} as Micrometer meters, named {@code protekt.*} with low-cardinality tags;
 * the README lists them. One instance per {@link ProtektAuth}; to tell several clients apart in
 * one registry, give each its own tags:
 *
 * <pre>{@code
 * ProtektAuth protekt = ProtektAuth.builder()
 *     .domain("your-domain.protekt.dev")
 *     .audience("https://api.example.com")
 *     .metrics(MicrometerMetrics.of(registry))
 *     .build();
 * }</pre>
 *
 * <p>Two clients with the same tags in one registry are refused: the registry would keep the first
 * one's counters and gauges and ignore the second's. {@link ProtektAuth#close()} removes its
 * client's meters, so that the client replacing it (after a rotation of its secret) can take the
 * same tags: make its {@code MicrometerMetrics} after closing the old client, since one made while
 * the old client's meters were registered would count into those.
 *
 * <p>Meters are registered up front, so that a cache hit costs one {@link LongAdder} increment and
 * a full verification one timer record, without a lookup.
 */
public final class MicrometerMetrics implements ProtektMetrics {
  private static final String SUCCESS = "success";

  private final MeterRegistry registry;
  private final Tags tags;
  private final AtomicBoolean attached = new AtomicBoolean();
  /**
   * Whether the registry held this client's first meter before it was made: then it holds another
   * client's meters with the same tags, and this one's counters are that client's.
   */
  private final boolean registeredBefore;
  /** What this instance registered, for {@link #closed}; guarded by itself. */
  private final Set<Meter> registered = new HashSet<>();
  /** Set by {@link #closed}; guarded by {@link #registered}. */
  private boolean closed;
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder verifiedUncached = new LongAdder();
  private final Counter cacheMisses;
  private final Timer verified;
  private final Timer refused;
  private final Timer unavailable;
  private final Map<InvalidTokenException.Reason, Counter> refusedByReason =
      new EnumMap<>(InvalidTokenException.Reason.class);
  private final Counter refusedUnavailable;
  /** By issuer, as configured; each registered when the client is attached. */
  private final Map<String, FetchTimers> keyFetches = new ConcurrentHashMap<>();
  private final FetchTimers tokenFetches;
  private final Counter rateLimitedRetries;
  private final Counter serverErrorRetries;
  private final Counter ioErrorRetries;
  private final Counter rateLimited;

  private MicrometerMetrics(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
    Set<Meter> before = Set.copyOf(registry.find("protekt.token.cache.gets").meters());
    cacheMisses = own(Counter.builder("protekt.token.cache.gets")
        .description("Lookups in the verified-token cache").tags(tags).tag("result", "miss")
        .register(registry));
    registeredBefore = before.contains(cacheMisses);
    verified = verification("verified");
    refused = verification("refused");
    unavailable = verification("keys_unavailable");
    for (InvalidTokenException.Reason reason : InvalidTokenException.Reason.values()) {
      refusedByReason.put(reason, refusal(tagValue(reason)));
    }
    refusedUnavailable = refusal("keys_unavailable");
    tokenFetches = new FetchTimers("protekt.machine.token.fetches",
        "Machine-token requests to the token endpoint", EnumSet.allOf(Failure.Kind.class),
        Tags.empty());
    rateLimitedRetries = retries("rate_limited");
    serverErrorRetries = retries("server_error");
    ioErrorRetries = retries("io_error");
    rateLimited = own(Counter.builder("protekt.http.rate.limited")
        .description("429 answers of the tenant, retried or not").tags(tags).register(registry));
  }

  /**
   * {@code meter}, just registered, remembered for {@link #closed}; removed again at once if this
   * instance closed already (a Users API call that ends after the close registers its timer).
   */
  private <M extends Meter> M own(M meter) {
    synchronized (registered) {
      if (closed) {
        registry.remove(meter);
      } else {
        registered.add(meter);
      }
    }
    return meter;
  }

  /** Metrics in {@code registry}. */
  public static MicrometerMetrics of(MeterRegistry registry) {
    return of(registry, Tags.empty());
  }

  /**
   * Metrics in {@code registry}, each meter carrying {@code tags} too (such as {@code
   * tenant=acme}, to tell several clients apart). Keep them few-valued: never a token, a subject or
   * a URL.
   *
   * @throws IllegalArgumentException if {@code registry} or {@code tags} is null
   */
  public static MicrometerMetrics of(MeterRegistry registry, Iterable<Tag> tags) {
    if (registry == null || tags == null) {
      throw new IllegalArgumentException(
          "MicrometerMetrics.of: the registry and the tags must not be null.");
    }
    return new MicrometerMetrics(registry, Tags.of(tags));
  }

  /**
   * Registers the meters that read this client's own state: the gauges, which read {@code auth}'s
   * state as its health shows it (weakly: they do not keep it alive), each issuer's keys on their
   * own, and the counters of cache hits and verified tokens;
   * and the timers of each issuer's key fetches, whose issuers are known from here on.
   *
   * @throws ConfigurationException if these metrics already serve another client, or the registry
   *     holds another client's meters with the same tags: a registry keeps the first of two such
   *     meters and ignores the second, so this client's counts and gauges would never show
   */
  @Override
  public void attached(ProtektAuth auth) {
    if (!attached.compareAndSet(false, true)) {
      throw new ConfigurationException("metrics: this MicrometerMetrics already reports on another"
          + " ProtektAuth; give each client its own, with tags that tell them apart.", "metrics");
    }
    if (registeredBefore) {
      throw anotherClientsMeters();
    }
    // Asked of the registry, not matched by tags: its filters (common tags, renames) decide what
    // counts as the same meter.
    Set<Meter> before = Set.copyOf(registry.find("protekt.tokens.verified").meters());
    Meter first = FunctionCounter.builder(
            "protekt.tokens.verified", cacheHits, LongAdder::doubleValue)
        .description("Tokens verified").tags(tags).tag("cached", "true").register(registry);
    if (before.contains(first)) {
      throw anotherClientsMeters();
    }
    own(first);
    own(FunctionCounter.builder(
            "protekt.tokens.verified", verifiedUncached, LongAdder::doubleValue)
        .description("Tokens verified").tags(tags).tag("cached", "false").register(registry));
    own(FunctionCounter.builder("protekt.token.cache.gets", cacheHits, LongAdder::doubleValue)
        .description("Lookups in the verified-token cache").tags(tags).tag("result", "hit")
        .register(registry));
    TokenVerifier verifier = ClientVerifiers.of(auth);
    own(Gauge.builder("protekt.token.cache.size", verifier, TokenVerifier::cachedTokens)
        .description("Entries in the verified-token cache").tags(tags).register(registry));
    // The issuers are fixed at build time: a tag per issuer stays few-valued.
    for (String issuer : verifier.issuersShown()) {
      keyFetches.computeIfAbsent(issuer, this::keyFetchTimers);
      own(Gauge.builder("protekt.keys.age", verifier, v -> keysAgeSeconds(v, issuer))
          .description("Age of the issuer's signing keys in use; NaN while it has none")
          .baseUnit("seconds").tags(tags).tag("issuer", issuer).register(registry));
    }
  }

  private ConfigurationException anotherClientsMeters() {
    return new ConfigurationException("metrics: the registry already holds the meters of another"
        + " ProtektAuth " + (tags.stream().findAny().isEmpty() ? "without tags"
            : "tagged " + tags.stream().map(Tag::toString).toList()) + " (or did when this"
        + " MicrometerMetrics was made), and would keep reading that client's counters and gauges"
        + " in place of this one's; give each client tags that tell them apart, such as"
        + " MicrometerMetrics.of(registry, Tags.of(\"client\", \"orders\")), or, to replace a"
        + " client, close() it before making the new one's MicrometerMetrics.", "metrics");
  }

  /**
   * Removes every meter of this client from the registry, so that the client replacing it may
   * register its own with the same tags; later events are counted by meters no registry reads.
   */
  @Override
  public void closed(ProtektAuth auth) {
    synchronized (registered) {
      closed = true;
      registered.forEach(registry::remove);
      registered.clear();
    }
  }

  @Override
  public void tokenCacheHit() {
    cacheHits.increment();
  }

  @Override
  public void tokenCacheMiss() {
    cacheMisses.increment();
  }

  @Override
  public void tokenVerified(long nanos) {
    verifiedUncached.increment();
    verified.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void tokenRefused(InvalidTokenException.Reason reason, long nanos) {
    refusal(refusedByReason.get(reason), refused, nanos);
  }

  @Override
  public void keysUnavailable(long nanos) {
    refusal(refusedUnavailable, unavailable, nanos);
  }

  private static void refusal(Counter byReason, Timer byOutcome, long nanos) {
    byReason.increment();
    byOutcome.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void keysFetched(String issuer, Failure.Kind failure, long nanos) {
    keyFetches.computeIfAbsent(issuer, this::keyFetchTimers).record(failure, nanos);
  }

  /** Fetches of keys send no credentials, so none is ever refused: no timer that cannot move. */
  private FetchTimers keyFetchTimers(String issuer) {
    return new FetchTimers("protekt.keys.fetches", "Fetches of the signing keys",
        EnumSet.complementOf(EnumSet.of(Failure.Kind.REFUSED)), Tags.of("issuer", issuer));
  }

  @Override
  public void machineTokenFetched(Failure.Kind failure, long nanos) {
    tokenFetches.record(failure, nanos);
  }

  /** Looked up per call (the registry keeps one timer per method and status): calls take ms. */
  @Override
  public void usersApiCall(String method, int status, long nanos) {
    own(Timer.builder("protekt.users.requests").description("Users API calls, retries included")
        .tags(tags).tag("method", method)
        .tag("status", status == 0 ? "IO_ERROR" : Integer.toString(status))
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void retry(int status) {
    (status == 429 ? rateLimitedRetries : status == 0 ? ioErrorRetries : serverErrorRetries)
        .increment();
  }

  @Override
  public void rateLimited() {
    rateLimited.increment();
  }

  @Override
  public String toString() {
    return "MicrometerMetrics{registry=" + registry.getClass().getSimpleName() + ", tags=" + tags
        + "}";
  }

  private Timer verification(String outcome) {
    return own(Timer.builder("protekt.token.verification")
        .description("Full token checks (cache misses): parsing, key, signature and claims")
        .tags(tags).tag("outcome", outcome).register(registry));
  }

  private Counter refusal(String reason) {
    return own(Counter.builder("protekt.tokens.refused").description("Tokens refused")
        .tags(tags).tag("reason", reason).register(registry));
  }

  /**
   * One timer of fetches per result: {@code success} or one of the failures' kinds, each with the
   * client's tags and {@code more}.
   */
  private final class FetchTimers {
    private final Timer success;
    private final Map<Failure.Kind, Timer> failures = new EnumMap<>(Failure.Kind.class);

    FetchTimers(String name, String description, Set<Failure.Kind> kinds, Tags more) {
      success = timer(name, description, more, SUCCESS);
      for (Failure.Kind kind : kinds) {
        failures.put(kind, timer(name, description, more, tagValue(kind)));
      }
    }

    void record(Failure.Kind failure, long nanos) {
      (failure == null ? success : failures.get(failure)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String name, String description, Tags more, String result) {
      return own(Timer.builder(name).description(description).tags(tags).tags(more)
          .tag("result", result).register(registry));
    }
  }

  private Counter retries(String cause) {
    return own(Counter.builder("protekt.http.retries")
        .description("Calls to the tenant retried, by what was retried").tags(tags)
        .tag("cause", cause).register(registry));
  }

  private static String tagValue(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static double keysAgeSeconds(TokenVerifier verifier, String issuer) {
    Duration age = verifier.keysAge(issuer);
    return age == null ? Double.NaN : age.toMillis() / 1000.0;
  }
}
