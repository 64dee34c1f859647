package dev.protekt.internal.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.protekt.Algorithm;
import dev.protekt.ConfigurationException;
import dev.protekt.KeysUnavailableException;
import dev.protekt.health.Failure;
import dev.protekt.health.KeySetHealth;
import dev.protekt.internal.ClosedClientException;
import dev.protekt.internal.FailedAttempt;
import dev.protekt.internal.Failures;
import dev.protekt.internal.Settings;
import dev.protekt.internal.discovery.Discovery;
import dev.protekt.internal.discovery.OidcApi;
import dev.protekt.internal.discovery.OidcMetadata;
import dev.protekt.internal.http.CallInterruptedException;
import dev.protekt.internal.http.CallerWaits;
import dev.protekt.internal.http.RetriedAttempts;
import dev.protekt.internal.http.UnusableAnswerException;
import dev.protekt.internal.http.Urls;
import dev.protekt.metrics.ProtektMetrics;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;
import retrofit2.Response;

/**
 * One issuer's signing keys, from the {@code jwks_uri} that its discovery names.
 *
 * <p>Nobody queues behind a fetch. At most one fetch runs at a time, on a thread of its own; a
 * caller whose key is in hand never waits for it, and a caller that needs it (a {@code kid} not in
 * hand, or no keys yet) waits until {@code keyFetchWait} after the fetch's start at most, then
 * gets the new keys or a refusal that tells two cases apart. The {@code kid} was looked for and
 * is unknown (the token is refused) when a fetch that began after the token arrived did not bring
 * it (one that began before may predate the key, so another follows it), when a fetch did not find
 * it less than {@link #UNKNOWN_KID_MEMORY_MILLIS} ago, or when the bucket below refused a fetch and
 * the last one had succeeded: a flood, not an outage. It could not be looked for, which is {@link
 * KeysUnavailableException} as whenever no keys are in hand, when the fetch failed, was still
 * running when the wait ended, or could not start while the last one had failed. A caller
 * interrupted while it waits stops waiting at once, with {@link CallInterruptedException}, and
 * stays interrupted: no outage, and the fetch goes on. No lock is held anywhere here.
 *
 * <p>When fetches happen, so that a real rotation is taken at once and a flood is not:
 *
 * <ul>
 *   <li>refresh-ahead: from {@link #REFRESH_AHEAD_MILLIS} (at most a tenth of the TTL) before the
 *       keys' TTL ends, the first caller starts a refresh in the background and goes on with the
 *       keys in hand; unless the last fetch failed (or the TTL is zero), it is not held to the
 *       bucket below;
 *   <li>with keys in hand, each other fetch spends one token of a bucket of {@link
 *       #REFRESH_BURST} that refills one token every {@link #REFRESH_REFILL_MILLIS}: a new {@code
 *       kid} right after a fetch is fetched for at once, a flood of made-up ones costs the burst
 *       and then one fetch per refill;
 *   <li>a {@code kid} that a fetch started for it did not find is refused without another fetch
 *       for {@link #UNKNOWN_KID_MEMORY_MILLIS};
 *   <li>after a failed fetch, the next waits {@link Failures#pauseMillis}: a second, what a 429's
 *       or 503's {@code Retry-After} asks for (up to a minute), or longer after a misconfiguration;
 *       callers that need a fetch meanwhile get its outcome at once ({@link
 *       KeysUnavailableException}), and with no keys at all the bucket does not apply, since every
 *       request fails until a fetch succeeds.
 * </ul>
 *
 * <p>When a fetch fails, the keys in hand stay in use for as long as the outage lasts. Each JWK is
 * read on its own: one this SDK cannot use is skipped with one WARN naming its {@code kid} and why,
 * and the rest of the set is used. A set left without a key that can verify a token (empty, or
 * only keys the verifier refuses) is a failed fetch, and the keys in hand are dropped with it
 * ({@link #refuse}).
 *
 * <p>All times but the wait come from the configured clock; a failure's pause also ends, a little
 * later, by the monotonic one ({@link FailedAttempt#pauseLeftMillis}), so that a fixed clock (or
 * one set back) cannot hold fetches off for ever.
 */
final class JwksKeySource {
  /** The fetches that keys in hand allow at once: the token bucket's size. */
  static final int REFRESH_BURST = 3;
  /** One more fetch is allowed this long after the last, with the bucket empty. */
  static final long REFRESH_REFILL_MILLIS = 30_000;
  /** How long a {@code kid} a fetch did not find is refused without another fetch. */
  static final long UNKNOWN_KID_MEMORY_MILLIS = 30_000;
  /** Kids remembered as unknown at most; the memory starts over when full. */
  static final int UNKNOWN_KIDS_REMEMBERED = 1_024;
  /** Longer kids are not remembered: an attacker's kids must not fill memory. */
  static final int LONGEST_KID_REMEMBERED = 128;
  /** How long before the keys' TTL ends a refresh starts in the background. */
  static final long REFRESH_AHEAD_MILLIS = 30_000;
  /** A key set this large is not a key set; reading it would let the endpoint exhaust memory. */
  static final long MAX_JWKS_BYTES = 512 * 1024;

  /** Named for what it reports rather than for this internal class; the README names it. */
  private static final Logger log = LoggerFactory.getLogger("dev.protekt.keys");
  /** The end of a failed fetch's WARN line, so that its readers know the next ones go to DEBUG. */
  private static final String REPEATS =
      " Further failures of this kind are logged at DEBUG until a fetch succeeds.";

  /**
   * A fetch in flight: done (always normally) when its outcome is in the fields, with whether it
   * brought keys ({@code false} when it failed, or never went out); {@code retried} hears of the
   * key set request's retries.
   */
  private record Fetch(
      CompletableFuture<Boolean> done, long startedNanos, RetriedAttempts retried) {
    Fetch() {
      this(new CompletableFuture<>(), System.nanoTime(), new RetriedAttempts());
    }
  }

  /**
   * An outage of these keys' fetches, so that it is logged once rather than once a fetch: the
   * first failure of each kind at WARN, repeats at DEBUG, and its end at INFO.
   *
   * @param sinceMillis when its first fetch failed
   * @param failures the fetches that failed in it
   * @param warned the kinds of failure logged at WARN so far
   */
  private record Outage(long sinceMillis, int failures, Set<Failure.Kind> warned) {}

  /**
   * A fetched key set without a key that can verify a token ({@link #refuse}): a bad answer to
   * {@link Failures}, being neither an I/O failure nor a misconfiguration.
   */
  private static final class NoUsableKey extends Exception {
    private static final long serialVersionUID = 1L;

    NoUsableKey(String message) {
      super(message);
    }
  }


  private final Discovery discovery;
  /** Whose keys these are, as log lines name them: with several issuers, which one failed. */
  private final String issuer;
  private final OidcApi api;
  private final Clock clock;
  private final ProtektMetrics metrics;
  private final long ttlMillis;
  private final Set<Algorithm> algorithms;
  private final long refreshAfterMillis;
  private final long waitNanos;
  private final AtomicReference<Fetch> inFlight = new AtomicReference<>();
  /** When the token bucket is full again; each fetch with keys in hand moves it one refill on. */
  private final AtomicLong bucketFullAtMillis = new AtomicLong(Long.MIN_VALUE);
  private final Map<String, Long> unknownKids = new ConcurrentHashMap<>();
  /** The keys in use, of which one at least can verify a token; {@code null} while none are. */
  private volatile KeySet keys;
  /**
   * The last set fetched when none of its keys could verify a token, kept for health and so that
   * it is logged once; {@code null} since a usable one arrived.
   */
  private volatile KeySet unusable;
  private volatile FailedAttempt<Exception> lastFailure;
  /**
   * The outage under way, from the first failed fetch to the next that succeeds; {@code null}
   * while the last fetch succeeded. Written by the fetch thread only, one fetch running at a time.
   */
  private volatile Outage outage;
  /** The skipped keys' WARN lines of the last fetch, so that a bad key is reported once. */
  private volatile Set<String> warned = Set.of();

  JwksKeySource(Settings settings, Discovery discovery, OkHttpClient http) {
    this.discovery = discovery;
    this.issuer = discovery.location().shown();
    this.api = OidcApi.create(http, settings, discovery.location().baseUrl());
    this.clock = settings.clock();
    this.metrics = settings.metrics();
    long ttl = settings.cacheTtl().toMillis();
    this.ttlMillis = ttl;
    this.algorithms = settings.algorithms();
    this.refreshAfterMillis = ttl - Math.min(REFRESH_AHEAD_MILLIS, ttl / 10);
    this.waitNanos = settings.keyFetchWait().toNanos();
  }

  /**
   * The keys in hand, at once; a refresh starts in the background when they near the end of their
   * TTL. Only before any keys were had does this wait: until {@code keyFetchWait} after the fetch
   * started, or until {@code deadlineNanos} if sooner.
   *
   * @param deadlineNanos the request's own limit, by {@link System#nanoTime()}
   * @throws KeysUnavailableException if no keys were ever fetched and none arrived in time
   * @throws CallInterruptedException if the thread was interrupted while it waited for them
   * @throws ConfigurationException if discovery names endpoints the SDK must not use
   */
  KeySet keys(long deadlineNanos) {
    KeySet k = keys;
    if (k != null) {
      refreshIfDue(k, clock.millis());
      return k;
    }
    Fetch fetch = startFirstFetch();
    return inHand(fetch == null ? 0 : await(fetch, deadlineNanos));
  }

  /**
   * Starts the refresh the keys in use are due for at {@code nowMillis}, as {@link #keys(long)}
   * does; for a verification the token cache answered, which is a request like any other: without
   * it, traffic of cached tokens alone would keep a withdrawn key until their entries expire. One
   * volatile read and a comparison while no refresh is due.
   */
  void refreshIfDue(long nowMillis) {
    KeySet k = keys;
    if (k != null) {
      refreshIfDue(k, nowMillis);
    }
  }

  private void refreshIfDue(KeySet k, long nowMillis) {
    if (nowMillis - k.fetchedAtMillis() >= refreshAfterMillis) {
      refreshAhead();
    }
  }

  /**
   * The keys once more for a {@code kid} missing from {@code seen}, after waiting (as {@link
   * #keys(long)} waits) for a fetch in flight or one started now if the refresh policy allows it.
   * They lack the kid only when it was looked for, as the class comment says.
   *
   * @throws KeysUnavailableException if the kid could not be looked for: the fetch failed, it was
   *     still running when the wait ended, or none could start while the last one had failed; or
   *     if a fetch meanwhile brought no usable key, which dropped the keys in hand
   * @throws CallInterruptedException if the thread was interrupted while it waited for a fetch
   */
  KeySet refreshForUnknownKid(KeySet seen, String kid, long deadlineNanos) {
    long arrived = System.nanoTime();
    KeySet current = inHand(0);
    long now = clock.millis();
    if ((current != seen && current.byKid().containsKey(kid)) || rememberedUnknown(kid, now)) {
      return current;
    }
    // Twice at most: a second fetch starts only after the first ended, so after the token arrived.
    Fetch fetch = startFetch(true);
    while (fetch != null) {
      long waited = await(fetch, deadlineNanos);
      KeySet after = inHand(waited);
      if (after.byKid().containsKey(kid)) {
        return after;
      }
      if (!fetch.done().isDone()) {
        throw new KeysUnavailableException("The token's kid is not among the signing keys of "
            + issuer + " in hand, and the keys fetched for it " + stillFetching(fetch, waited));
      }
      if (!fetch.done().join()) {
        break;
      }
      // Only a fetch that began after the token arrived proves its kid unknown: the tenant
      // publishes a key before it signs with it.
      if (fetch.startedNanos() - arrived >= 0) {
        remember(kid, now);
        return after;
      }
      fetch = startFetch(true);
    }
    // No fetch brought keys: it failed, or none could start. Only a failure makes that an outage;
    // after a success, the bucket's refusal is the flood limit it is there for.
    FailedAttempt<Exception> failure = lastFailure;
    if (failure != null) {
      throw cannotBeFetched(failure, "No token whose kid is not among the "
          + current.all().size() + " key(s) in hand", bucketLeftMillis(clock.millis()));
    }
    return inHand(0);
  }

  /**
   * The keys in use, or else the refusal {@link #keys(long)} makes without them: a fetch that
   * brought no usable key may drop them at any moment.
   *
   * @param waitedNanos how long the caller waited for a fetch, as {@link #await} says
   */
  private KeySet inHand(long waitedNanos) {
    KeySet k = keys;
    if (k == null) {
      throw unavailable(waitedNanos);
    }
    return k;
  }

  /**
   * Whether a fetch did not find {@code kid} less than {@link #UNKNOWN_KID_MEMORY_MILLIS} ago. A
   * memory that ends further off than that was made before a clock set back, and is forgotten.
   */
  private boolean rememberedUnknown(String kid, long now) {
    long until = unknownKids.getOrDefault(kid, Long.MIN_VALUE);
    return until > now && until - now <= UNKNOWN_KID_MEMORY_MILLIS;
  }

  private void remember(String kid, long now) {
    if (kid.length() > LONGEST_KID_REMEMBERED) {
      return;
    }
    if (unknownKids.size() >= UNKNOWN_KIDS_REMEMBERED) {
      unknownKids.clear();
    }
    unknownKids.put(kid, now + UNKNOWN_KID_MEMORY_MILLIS);
  }

  /**
   * The keys' state, from what is in hand and never waiting; like {@link #keys(long)}, it starts a
   * refresh in the background when the keys near the end of their TTL, so that a health probe keeps
   * an idle service's keys fresh; and, while no keys are in hand (none fetched yet, a failed first
   * fetch, a set without a usable key), the next fetch at the pace {@link #keys(long)} keeps (one
   * at a time, none during a failure's pause), so that a service a probe took out of rotation for
   * it, and so sends no token, gets back in by itself once the tenant answers. The last failure
   * is the running fetch's last retried attempt while there is one: a fetch retrying a 500 has
   * failed every caller that needed it.
   */
  KeySetHealth health() {
    KeySet k = keys;
    FailedAttempt<Exception> failed = lastFailure;
    long now = clock.millis();
    if (k != null) {
      refreshIfDue(k, now);
    }
    Fetch running = inFlight.get();
    RetriedAttempts.Attempt retrying = running == null ? null : lastRetried(running);
    Failure last = retrying != null ? Failures.of(retrying)
        : failed == null ? null : masked(failed);
    if (k == null) {
      startFirstFetch();
      KeySet refused = unusable;
      if (refused == null) {
        return new KeySetHealth(KeySetHealth.State.NEVER_FETCHED, null, 0, last);
      }
      return new KeySetHealth(KeySetHealth.State.NO_USABLE_KEYS,
          Instant.ofEpochMilli(refused.fetchedAtMillis()), 0, last);
    }
    // A zero TTL asks for keys as fresh as the refresh policy allows, which they then are. A fetch
    // running past keyFetchWait has failed every caller that waited for it, answer or not yet.
    boolean stale = failed != null || (ttlMillis > 0 && now - k.fetchedAtMillis() >= ttlMillis)
        || (running != null && System.nanoTime() - running.startedNanos() > waitNanos);
    return new KeySetHealth(stale ? KeySetHealth.State.STALE : KeySetHealth.State.FRESH,
        Instant.ofEpochMilli(k.fetchedAtMillis()), usable(k), last);
  }

  /**
   * What the last attempt {@code fetch} retried met, the discovery it asks first included; {@code
   * null} while none failed.
   */
  private RetriedAttempts.Attempt lastRetried(Fetch fetch) {
    RetriedAttempts.Attempt attempt = discovery.lastRetried();
    return attempt != null ? attempt : fetch.retried().last();
  }

  /**
   * How many of the keys can verify a token of an allowed algorithm: a key set of keys the
   * verifier refuses must not look healthy.
   */
  private int usable(KeySet k) {
    int usable = 0;
    for (VerificationKey key : k.all()) {
      if (algorithms.stream().anyMatch(alg -> key.check(alg) == null)) {
        usable++;
      }
    }
    return usable;
  }

  /**
   * For a warm-up: unless keys are in hand, starts a fetch (or joins the one in flight) and waits
   * for it until {@code deadlineNanos} ({@link System#nanoTime()}) at most.
   *
   * @return {@code null} when keys are in hand, else why not: the last fetch's failure ({@link
   *     Failure.Kind#BAD_ANSWER BAD_ANSWER} for a set without a usable key), or, while a fetch is
   *     still going on, what the last attempt it retried met, {@link Failure.Kind#TIMED_OUT
   *     TIMED_OUT} if none failed yet
   * @throws ConfigurationException if the fetch failed on the configuration
   */
  Failure prefetch(long deadlineNanos) {
    if (keys == null) {
      Fetch fetch = startFirstFetch();
      if (fetch != null) {
        awaitUntil(fetch, deadlineNanos);
      }
    }
    if (keys != null) {
      return null;
    }
    FailedAttempt<Exception> failed = lastFailure;
    Fetch running = inFlight.get();
    if (running != null || failed == null) {
      // A tenant refusing connections while the retries go on is unreachable, not slow.
      RetriedAttempts.Attempt attempt =
          running != null ? lastRetried(running) : discovery.lastRetried();
      return attempt == null
          ? new Failure(Failure.Kind.TIMED_OUT, 0, clock.instant()) : Failures.of(attempt);
    }
    if (failed.error() instanceof ConfigurationException) {
      throw unavailable(0);
    }
    return masked(failed);
  }

  /**
   * As {@link #startFetch(boolean)}, for a caller that found no keys in hand: {@code null} when a
   * fetch that ended meanwhile brought them, rather than a second fetch of what just came.
   */
  private Fetch startFirstFetch() {
    return startFetch(false, true);
  }

  /**
   * The fetch in flight, or a new one if the policy allows it now, or {@code null}.
   *
   * @param budgeted whether the fetch spends a token of the bucket (one for an unknown kid does)
   */
  private Fetch startFetch(boolean budgeted) {
    return startFetch(budgeted, false);
  }

  private Fetch startFetch(boolean budgeted, boolean firstKeys) {
    Fetch running = inFlight.get();
    if (running != null) {
      return running;
    }
    long now = clock.millis();
    FailedAttempt<Exception> failed = lastFailure;
    if (failed != null && failed.pauseLeftMillis(clock) > 0) {
      return null;
    }
    if (budgeted && bucketLeftMillis(now) > 0) {
      return null;
    }
    Fetch mine = new Fetch();
    running = inFlight.compareAndExchange(null, mine);
    if (running != null) {
      return running;
    }
    // The fetch that ended before this one could start sets the keys before it ends.
    if (budgeted && !takeToken(now) || firstKeys && keys != null) {
      finish(mine, false);
      return null;
    }
    try {
      Thread fetcher = new Thread(() -> run(mine), "protekt-keys-fetch");
      fetcher.setDaemon(true);
      fetcher.start();
    } catch (Throwable e) {
      // A fetch that never started must not stay in flight, or no fetch would ever start again.
      finish(mine, false);
      throw e;
    }
    return mine;
  }

  /**
   * Starts the refresh due before the keys' TTL ends. It spends no token of the bucket, which is
   * there against floods of unknown kids: a TTL under the bucket's pace would otherwise keep keys
   * (a withdrawn one too) well past it, and it comes only once per TTL. Held to the bucket are a
   * zero TTL, due on every request, and a refresh after a failed fetch, due on every request a
   * second later: an outage must not bring a fetch per second.
   */
  private void refreshAhead() {
    startFetch(ttlMillis == 0 || lastFailure != null);
  }

  /** How far ahead of now the bucket may be full and still hold a token. */
  private static long bucketSlack() {
    return (REFRESH_BURST - 1) * REFRESH_REFILL_MILLIS;
  }

  /** How long until the bucket holds a token again; zero or less while it holds one. */
  private long bucketLeftMillis(long now) {
    return bucketFrom(bucketFullAtMillis.get(), now) - now - bucketSlack();
  }

  /**
   * When the bucket is full again, as of {@code now}: {@code fullAt}, but never later than a
   * bucket just spent would be. Only a clock set back (an NTP step) puts it later; then the bucket
   * counts from the clock as it is from now on, rather than holding fetches off by however far the
   * clock went back.
   */
  private long bucketFrom(long fullAt, long now) {
    long latest = now + bucketSlack() + REFRESH_REFILL_MILLIS;
    if (fullAt > latest) {
      bucketFullAtMillis.compareAndSet(fullAt, latest);
      return latest;
    }
    return Math.max(fullAt, now);
  }

  /** Takes a token of the bucket (a generic cell rate algorithm: one number, no lock). */
  private boolean takeToken(long now) {
    while (true) {
      long fullAt = bucketFullAtMillis.get();
      long from = bucketFrom(fullAt, now);
      if (from - now > bucketSlack()) {
        return false;
      }
      if (bucketFullAtMillis.compareAndSet(fullAt, from + REFRESH_REFILL_MILLIS)) {
        return true;
      }
    }
  }

  private void run(Fetch mine) {
    KeySet previous = keys;
    boolean fetched = false;
    try {
      KeySet fresh = fetch(previous, mine.retried());
      keys = fresh;
      unusable = null;
      lastFailure = null;
      fetched = true;
      Outage ended = outage;
      if (ended != null) {
        outage = null;
        log.info("Fetched the signing keys of {} again, {} s after the first of {} failed"
            + " fetch(es).", issuer, (clock.millis() - ended.sinceMillis()) / 1000,
            ended.failures());
      }
      metrics.keysFetched(issuer, null, System.nanoTime() - mine.startedNanos());
    } catch (NoUsableKey e) {
      // Dropped, as refuse() says why; the failure first, so that a caller finding no keys finds
      // why.
      lastFailure = FailedAttempt.now(e, clock);
      keys = null;
      failedFirstOfItsKind(Failures.kind(e), clock.millis());
      metrics.keysFetched(issuer, Failures.kind(e), System.nanoTime() - mine.startedNanos());
    } catch (IOException | ParseException | RuntimeException e) {
      long now = clock.millis();
      // A discovery failure thrown again at once during its pause keeps its own time, or the pause
      // would start over here and last up to twice what was asked. It sent no request: no fetch
      // to count, and its microseconds would drag the fetches' times down.
      FailedAttempt<RuntimeException> again = discovery.failedBefore(e, mine.startedNanos());
      lastFailure = again == null ? FailedAttempt.now(e, clock)
          : new FailedAttempt<>(e, again.atMillis(), again.atNanos());
      if (again == null) {
        metrics.keysFetched(issuer, Failures.kind(e), System.nanoTime() - mine.startedNanos());
      }
      if (ClosedClientException.endedByClose(e)) {
        log.debug("Stopped fetching the signing keys of {}: the client was closed.", issuer);
      } else {
        boolean first = failedFirstOfItsKind(Failures.kind(e), now);
        LoggingEventBuilder line = log.atLevel(first ? Level.WARN : Level.DEBUG);
        String repeats = first ? REPEATS : "";
        if (previous == null) {
          line.log("The signing keys of {} cannot be fetched ({}); none of its tokens can be"
              + " verified.{}", issuer, Failures.shown(e), repeats);
        } else {
          line.log("Could not refresh the signing keys of {} ({}); still using the {} key(s)"
              + " fetched {} s ago.{}", issuer, Failures.shown(e), previous.all().size(),
              (now - previous.fetchedAtMillis()) / 1000, repeats);
        }
      }
    } finally {
      finish(mine, fetched);
    }
  }

  /**
   * Counts a failed fetch in the outage under way, starting one if none is.
   *
   * @return whether it is the outage's first failure of {@code kind}, to be logged at WARN; a
   *     repeat is logged at DEBUG, so that an outage with traffic logs one WARN, not one a second
   */
  private boolean failedFirstOfItsKind(Failure.Kind kind, long nowMillis) {
    Outage under = outage;
    Set<Failure.Kind> warned = EnumSet.noneOf(Failure.Kind.class);
    if (under != null) {
      warned.addAll(under.warned());
    }
    boolean first = warned.add(kind);
    outage = under == null ? new Outage(nowMillis, 1, warned)
        : new Outage(under.sinceMillis(), under.failures() + 1, warned);
    return first;
  }

  /** Ends a fetch: the next caller may start another, and its waiters read the outcome. */
  private void finish(Fetch fetch, boolean fetched) {
    inFlight.compareAndSet(fetch, null);
    fetch.done().complete(fetched);
  }

  /**
   * Waits for {@code fetch} until {@code keyFetchWait} after its start, or until the deadline.
   *
   * @return how long it waited, in nanoseconds; 0 when there was no time left to wait
   * @throws CallInterruptedException if the thread was interrupted while it waited (it stays
   *     interrupted); the fetch goes on
   */
  private long await(Fetch fetch, long deadlineNanos) {
    long fetchDeadline = fetch.startedNanos() + waitNanos;
    // Compared by difference: nanoTime values may wrap.
    long waited =
        awaitUntil(fetch, deadlineNanos - fetchDeadline < 0 ? deadlineNanos : fetchDeadline);
    // A wait that had time left ends with the fetch undone only by its time or by an interrupt;
    // an interrupted thread is ending its request, which is no outage of the tenant's.
    if (waited > 0 && !fetch.done().isDone() && Thread.currentThread().isInterrupted()) {
      throw new CallInterruptedException("The wait for the signing keys of " + issuer
          + " was interrupted after " + waited / 1_000_000 + " ms, their fetch running for "
          + (System.nanoTime() - fetch.startedNanos()) / 1_000_000 + " ms" + goesOn(fetch),
          null);
    }
    return waited;
  }

  /**
   * Waits for {@code fetch} until {@code deadlineNanos} at most.
   *
   * @return how long it waited, in nanoseconds; 0 when there was no time left to wait
   */
  private static long awaitUntil(Fetch fetch, long deadlineNanos) {
    long start = System.nanoTime();
    long remaining = deadlineNanos - start;
    if (remaining <= 0) {
      return 0;
    }
    try {
      fetch.done().get(remaining, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The caller goes on with what is in hand; the fetch goes on in the background.
    }
    return Math.max(1, System.nanoTime() - start);
  }

  /**
   * Why no keys could be had, from the last failure or the fetch in flight.
   *
   * @param waitedNanos how long the caller waited for the fetch, as {@link #await} says
   */
  private RuntimeException unavailable(long waitedNanos) {
    FailedAttempt<Exception> failure = lastFailure;
    if (failure != null && failure.error() instanceof ConfigurationException e) {
      return new ConfigurationException(e.getMessage(), e.options().toArray(new String[0]));
    }
    Fetch running = inFlight.get();
    if (failure == null || running != null) {
      return new KeysUnavailableException("The signing keys of " + issuer
          + (discovery.known() == null ? " (whose OIDC discovery has not succeeded yet) " : " ")
          + stillFetching(running, waitedNanos), failure == null ? null : failure.error());
    }
    // With no keys the bucket does not apply.
    return cannotBeFetched(failure, "None of its tokens", Long.MIN_VALUE);
  }

  /**
   * The end of a refusal's sentence whose keys {@code fetch} was still fetching when the request
   * gave up: how long it waited, or why it did not, since a request never waits past {@code
   * keyFetchWait} after the fetch's start, nor after its own; so that the message is true for a
   * request that came late as for one that waited.
   */
  private String stillFetching(Fetch fetch, long waitedNanos) {
    String wait = "keyFetchWait (" + waitNanos / 1_000_000 + " ms)";
    if (fetch == null) {
      return "have not arrived within the request's " + wait
          + "; the fetch goes on in the background.";
    }
    String inBackground = goesOn(fetch);
    long ranMillis = (System.nanoTime() - fetch.startedNanos()) / 1_000_000;
    if (waitedNanos > 0) {
      return "have not arrived within the request's " + wait + ": it waited "
          + waitedNanos / 1_000_000 + " ms for their fetch, running for " + ranMillis + " ms"
          + inBackground;
    }
    if (waitNanos == 0) {
      return "have not arrived, and with a " + wait + " no request waits for a fetch"
          + inBackground;
    }
    return ranMillis >= waitNanos / 1_000_000
        ? "have not arrived: their fetch has been running for " + ranMillis + " ms, longer than "
            + wait + ", so the request did not wait for it" + inBackground
        : "have not arrived, and the request's own " + wait + " had ended before it could wait"
            + " for them" + inBackground;
  }

  /**
   * The end of a refusal's sentence about {@code fetch}, which goes on: with what its last failed
   * attempt met when it is being retried, since the outage has a cause by then (the log line of
   * the failure comes only when the fetch ends).
   */
  private String goesOn(Fetch fetch) {
    RetriedAttempts.Attempt attempt = lastRetried(fetch);
    if (attempt == null) {
      return "; the fetch goes on in the background.";
    }
    return "; its last attempt " + (attempt.error() == null
        ? "was answered HTTP " + attempt.status()
        : "failed (" + Failures.shown(attempt.error()) + ")")
        + ", and it is retried in the background.";
  }

  /**
   * The refusal of {@code whose} tokens after {@code failure}, saying what failed and when the
   * next fetch may start: after the failure's pause, and once the bucket holds a token again
   * ({@code bucketLeftMillis} from now) for a fetch it counts; or the closed client's refusal, when
   * the close ended the fetch.
   */
  private RuntimeException cannotBeFetched(
      FailedAttempt<Exception> failure, String whose, long bucketLeftMillis) {
    if (ClosedClientException.endedByClose(failure.error())) {
      // No next fetch to announce: the client was closed, as the caller is told it was.
      return new ClosedClientException();
    }
    long pauseLeft = failure.pauseLeftMillis(clock);
    long left = Math.max(0, Math.max(pauseLeft, bucketLeftMillis));
    String when = Failures.inSeconds(left);
    boolean asked = pauseLeft >= bucketLeftMillis
        && !(failure.error() instanceof ConfigurationException)
        && Failures.pauseMillis(failure.error()) > Failures.PAUSE_AFTER_FAILURE_MILLIS;
    String why = failure.error() instanceof NoUsableKey ? " cannot be used: "
        : " cannot be fetched: ";
    return new KeysUnavailableException("The signing keys of " + issuer + why
        + Failures.shown(failure.error()) + ". " + whose + " can be verified until a fetch"
        + " succeeds; the next fetch starts " + when
        + (asked ? ", as the answer's Retry-After asked." : "."), failure.error(),
        Duration.ofMillis(left));
  }

  private KeySet fetch(KeySet previous, RetriedAttempts retried)
      throws IOException, ParseException, NoUsableKey {
    // A fallback after a 404 is asked about again here: the 404 may have been a moment of a deploy.
    OidcMetadata metadata = discovery.rediscovered();
    Response<ResponseBody> response =
        api.keySet(metadata.jwksUri(), CallerWaits.TAG, retried).execute();
    if (!response.isSuccessful()) {
      throw discovery.keySetRefusal(metadata, response);
    }
    String json = readLimited(response.body());
    List<VerificationKey> all = new ArrayList<>();
    Map<String, VerificationKey> byKid = new HashMap<>();
    Set<String> skipped = new HashSet<>();
    List<Object> entries = entries(json);
    for (int i = 0; i < entries.size(); i++) {
      VerificationKey key = read(entries.get(i), i, skipped);
      if (key == null) {
        continue;
      }
      key = reuseUnchanged(previous, key);
      if (key.kid() != null && sharesKidAndType(all, key)) {
        // Keys for encryption are kept only to be refused: one more under a kid changes nothing.
        if (key.forSignatures()) {
          log.warn("The JWKS of {} has several keys of one type with kid={}; using the first.",
              issuer, printable(key.kid()));
        }
        continue;
      }
      if (key.kid() != null) {
        byKid.putIfAbsent(key.kid(), key);
      }
      all.add(key);
    }
    warned = skipped;
    retireDropped(previous, all);
    log.debug("Fetched {} key(s) of {} from {}.", all.size(), issuer,
        Urls.redact(metadata.jwksUri()));
    KeySet fetched = new KeySet(metadata.issuer(), Collections.unmodifiableMap(byKid),
        Collections.unmodifiableList(all), clock.millis());
    if (usable(fetched) == 0) {
      throw refuse(fetched, previous, Urls.redact(metadata.jwksUri()));
    }
    return fetched;
  }

  /**
   * Refuses a key set without a key that can verify a token, as a failed fetch: counted and
   * reported as a bad answer, tokens then refused with {@link KeysUnavailableException} (503)
   * saying so rather than {@code UNKNOWN_KEY}, which would send their clients to re-authenticate
   * for the tenant's fault, and the next fetch a second later, as after any failure, rather than
   * after the memory of unknown kids: a key published again is taken within seconds.
   *
   * <p>The keys in hand are dropped with it ({@link #fetch} has retired them, so that no cached
   * verification outlives them), unlike through an outage. An outage says nothing about the keys;
   * this answer does: it withdraws every key, as a set without one key withdraws that one at once.
   * A tenant that empties its key set to revoke everything (a leaked signing key) must get every
   * token refused; failing closed wins over what keeping the keys would save when a set is emptied
   * by mistake, which the quick next fetch keeps short.
   *
   * @return the failure to throw, the set kept for health; logged once, not at every fetch
   */
  private NoUsableKey refuse(KeySet fetched, KeySet previous, String jwksUri) {
    String what = fetched.all().isEmpty() ? "no keys"
        : "no key that can verify a token of the allowed algorithms " + algorithms;
    if (unusable == null) {
      log.warn("The JWKS of {} at {} has {}; none of its tokens can be verified until it"
          + " publishes one{}.", issuer, jwksUri, what, previous == null ? ""
              : " (the " + previous.all().size() + " key(s) fetched before are dropped)");
    }
    unusable = fetched;
    return new NoUsableKey("JWKS at " + jwksUri + " has " + what);
  }

  /** Whether a key kept so far has {@code key}'s kid and type: which one to use would be a guess. */
  private static boolean sharesKidAndType(List<VerificationKey> kept, VerificationKey key) {
    for (VerificationKey other : kept) {
      if (key.kid().equals(other.kid()) && other.sameType(key)) {
        return true;
      }
    }
    return false;
  }

  /** The members of the JWKS's {@code keys} array, each still to be read on its own. */
  private static List<Object> entries(String json) throws ParseException {
    List<Object> keys;
    try {
      keys = JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(json), "keys");
    } catch (ParseException | RuntimeException e) {
      // Nimbus signals some malformed JSON with unchecked exceptions; a bad set is an outage too.
      throw new ParseException("JWKS is malformed: " + e.getMessage(), 0);
    }
    if (keys == null) {
      throw new ParseException("JWKS is malformed: it has no \"keys\" array", 0);
    }
    return keys;
  }

  /**
   * One member of the key set as a key (one kept only to be refused, such as an encryption key,
   * included), or {@code null} when it is skipped; a skipped one is reported once (in {@code
   * skipped}, and in the log unless the last fetch did).
   */
  private VerificationKey read(Object entry, int index, Set<String> skipped) {
    if (!(entry instanceof Map<?, ?> members)) {
      skip("#" + index, "it is not a JSON object", skipped);
      return null;
    }
    String name = members.get("kid") instanceof String kid
        ? "kid=" + printable(kid) : "#" + index + " (no kid)";
    try {
      return VerificationKey.of(JWK.parse(stringKeyed(members)));
    } catch (ParseException | GeneralSecurityException | RuntimeException e) {
      skip(name, e.getMessage(), skipped);
      return null;
    }
  }

  /** A JSON object as Nimbus takes it; its parser only ever makes string member names. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> stringKeyed(Map<?, ?> members) {
    return (Map<String, Object>) members;
  }

  private void skip(String name, String why, Set<String> skipped) {
    String line = name + ": " + printable(String.valueOf(why));
    if (skipped.add(line) && !warned.contains(line)) {
      log.warn("Skipping a signing key of {}, {}; the other keys stay in use.", issuer, line);
    }
  }

  /** Text from the tenant shown in a log line: printable ASCII, and not too much of it. */
  private static String printable(String text) {
    return Urls.printable(text.length() > 200 ? text.substring(0, 200) + "..." : text);
  }

  /** A failed fetch as health shows it: masked to kind and status. */
  private static Failure masked(FailedAttempt<Exception> failed) {
    return Failures.of(failed.error(), Instant.ofEpochMilli(failed.atMillis()));
  }

  /** The old object for a key that did not change, so the tokens it verified stay cached. */
  private static VerificationKey reuseUnchanged(KeySet previous, VerificationKey key) {
    if (previous != null) {
      for (VerificationKey old : previous.all()) {
        if (old.sameAs(key)) {
          return old;
        }
      }
    }
    return key;
  }

  private void retireDropped(KeySet previous, List<VerificationKey> kept) {
    if (previous == null) {
      return;
    }
    for (VerificationKey old : previous.all()) {
      if (!kept.contains(old)) {
        log.debug("{} no longer publishes key kid={}; retiring it.", issuer, printable(old.kid()));
        old.retire();
      }
    }
  }

  private static String readLimited(ResponseBody body) throws IOException {
    if (body == null) {
      throw new UnusableAnswerException("JWKS response has no body");
    }
    try (body) {
      BufferedSource source = body.source();
      if (source.request(MAX_JWKS_BYTES + 1)) {
        throw new UnusableAnswerException(
            "JWKS response is larger than " + MAX_JWKS_BYTES + " bytes");
      }
      return source.getBuffer().readUtf8();
    }
  }
}
