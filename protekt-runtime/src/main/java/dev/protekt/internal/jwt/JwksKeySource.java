package dev.protekt.internal.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.protekt.KeysUnavailableException;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.internal.Settings;
import dev.protekt.internal.discovery.Discovery;
import dev.protekt.internal.discovery.OidcMetadata;
import dev.protekt.internal.http.Urls;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant's signing keys, from the {@code jwks_uri} that discovery names. Keys are fetched on
 * first use and kept for the cache TTL; after that the next caller refreshes them while everyone
 * else keeps using the copy in hand. A token with an unknown {@code kid} may trigger an early
 * refresh (the tenant publishes a new key before signing with it), but fetches are single-flight
 * and at least {@link #MIN_REFRESH_INTERVAL_MILLIS} apart, so a flood of made-up {@code kid}s
 * cannot hammer the tenant. When a fetch fails, the keys in hand stay in use for as long as the
 * outage lasts; only when none was ever fetched is verification impossible ({@link
 * KeysUnavailableException}).
 *
 * <p>All times come from the configured clock.
 */
final class JwksKeySource {
  /** The least time between two fetches while keys are in hand. */
  static final long MIN_REFRESH_INTERVAL_MILLIS = 5_000;
  /** The least time between two fetches while none has ever succeeded: each caller gets a 503. */
  static final long MIN_RETRY_WITHOUT_KEYS_MILLIS = 1_000;
  /** A key set this large is not a key set; reading it would let the endpoint exhaust memory. */
  static final long MAX_JWKS_BYTES = 512 * 1024;

  /** Named for what it reports rather than for this internal class; the README names it. */
  private static final Logger log = LoggerFactory.getLogger("dev.protekt.keys");

  private final Discovery discovery;
  private final OkHttpClient http;
  private final Clock clock;
  private final long ttlMillis;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile KeySet keys;
  private long lastAttemptMillis; // guarded by lock
  private boolean attempted; // guarded by lock
  private Exception lastFailure; // guarded by lock

  JwksKeySource(Settings settings, Discovery discovery, OkHttpClient http) {
    this.discovery = discovery;
    this.http = http;
    this.clock = settings.clock();
    this.ttlMillis = settings.cacheTtl().toMillis();
  }

  /**
   * The current keys, refreshed first if older than the TTL (unless another thread is already
   * refreshing, or the last attempt was too recent, or the tenant is unreachable: then the keys in
   * hand).
   *
   * @throws KeysUnavailableException if no keys were ever fetched and fetching fails now
   */
  KeySet keys() {
    KeySet k = keys;
    if (k != null && clock.millis() - k.fetchedAtMillis() < ttlMillis) {
      return k;
    }
    return refresh(k, false);
  }

  /**
   * The keys after a refresh prompted by a {@code kid} missing from {@code seen}: a newer set if
   * another thread fetched one meanwhile, a freshly fetched one if the rate limit allows, else
   * {@code seen} itself.
   */
  KeySet refreshForUnknownKid(KeySet seen) {
    return refresh(seen, true);
  }

  private KeySet refresh(KeySet seen, boolean wait) {
    if (seen != null && !wait) {
      if (!lock.tryLock()) {
        return seen;
      }
    } else {
      lock.lock();
    }
    try {
      KeySet current = keys;
      if (current != seen) {
        return current;
      }
      long now = clock.millis();
      long interval = current == null ? MIN_RETRY_WITHOUT_KEYS_MILLIS : MIN_REFRESH_INTERVAL_MILLIS;
      if (attempted && now - lastAttemptMillis < interval) {
        if (current == null) {
          throw unavailable(lastFailure);
        }
        return current;
      }
      attempted = true;
      lastAttemptMillis = now;
      try {
        KeySet fresh = fetch(current, now);
        keys = fresh;
        lastFailure = null;
        return fresh;
      } catch (IOException | ParseException | ProtektUnavailableException e) {
        lastFailure = e;
        if (current == null) {
          log.warn("The tenant's signing keys cannot be fetched ({}); no token can be verified.",
              e.getMessage());
          throw unavailable(e);
        }
        log.warn("Could not refresh the tenant's signing keys ({}); still using the {} key(s)"
            + " fetched {} s ago.", e.getMessage(), current.all().size(),
            (now - current.fetchedAtMillis()) / 1000);
        return current;
      }
    } finally {
      lock.unlock();
    }
  }

  private KeysUnavailableException unavailable(Exception cause) {
    String why = cause == null ? "" : " (" + cause.getMessage() + ")";
    return new KeysUnavailableException("The tenant's signing keys cannot be fetched" + why
        + ": no token can be verified until the tenant's JWKS is reachable.", cause);
  }

  private KeySet fetch(KeySet previous, long now) throws IOException, ParseException {
    OidcMetadata metadata = discovery.metadata();
    Request request = new Request.Builder().url(metadata.jwksUri())
        .header("Accept", "application/json").build();
    String json;
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("JWKS at " + Urls.redact(metadata.jwksUri())
            + " answered HTTP " + response.code());
      }
      json = readLimited(response.body());
    }
    List<VerificationKey> all = new ArrayList<>();
    Map<String, VerificationKey> byKid = new HashMap<>();
    for (JWK jwk : parse(json).getKeys()) {
      VerificationKey key;
      try {
        key = VerificationKey.of(jwk);
      } catch (GeneralSecurityException e) {
        log.warn("Ignoring the tenant's key kid={}: {}", jwk.getKeyID(), e.getMessage());
        continue;
      }
      if (key == null) {
        continue;
      }
      key = reuseUnchanged(previous, key);
      if (key.kid() != null && byKid.putIfAbsent(key.kid(), key) != null) {
        log.warn("The tenant's JWKS has several keys with kid={}; using the first.", key.kid());
        continue;
      }
      all.add(key);
    }
    retireDropped(previous, all);
    log.debug("Fetched {} signing key(s) from {}.", all.size(),
        Urls.redact(metadata.jwksUri()));
    return new KeySet(metadata.issuer(), Collections.unmodifiableMap(byKid),
        Collections.unmodifiableList(all), now);
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

  private static void retireDropped(KeySet previous, List<VerificationKey> kept) {
    if (previous == null) {
      return;
    }
    for (VerificationKey old : previous.all()) {
      if (!kept.contains(old)) {
        log.debug("The tenant no longer publishes key kid={}; retiring it.", old.kid());
        old.retire();
      }
    }
  }

  private static JWKSet parse(String json) throws ParseException {
    try {
      return JWKSet.parse(json);
    } catch (RuntimeException e) {
      // Nimbus signals some malformed sets with unchecked exceptions; a bad set is an outage too.
      throw new ParseException("JWKS is malformed: " + e.getMessage(), 0);
    }
  }

  private static String readLimited(ResponseBody body) throws IOException {
    if (body == null) {
      throw new IOException("JWKS response has no body");
    }
    BufferedSource source = body.source();
    if (source.request(MAX_JWKS_BYTES + 1)) {
      throw new IOException("JWKS response is larger than " + MAX_JWKS_BYTES + " bytes");
    }
    return source.getBuffer().readUtf8();
  }
}
