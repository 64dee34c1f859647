package dev.protekt.internal.jwt;

import static dev.protekt.internal.jwt.Tokens.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.CapturedLog;
import dev.protekt.Eventually;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.KeysUnavailableException;
import dev.protekt.MutableClock;
import dev.protekt.ProtektAuth;
import dev.protekt.health.Failure;
import dev.protekt.health.KeySetHealth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.testing.SigningAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Keys from the tenant's JWKS, on a clock the tests move: TTL, rotation, outages and floods. */
@ExtendWith(LocalTenantExtension.class)
class JwksKeySourceTest {
  static final String JWKS = "/.well-known/jwks.json";
  private static final Duration TTL = Duration.ofMinutes(10);

  private final LocalTenant tenant;
  private final MutableClock clock = new MutableClock();
  private ProtektAuth auth;

  JwksKeySourceTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @BeforeEach
  void newClient() {
    auth = ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .cacheTtl(TTL).cacheEnabled(false).retryAttempts(0).clock(clock).build();
    tenant.clearRequests();
  }

  @AfterEach
  void clearFaults() {
    tenant.faults().clear();
  }

  private int fetches() {
    return tenant.requests(JWKS).size();
  }

  private void awaitFetches(int n) {
    Eventually.holds(n + " JWKS fetches", () -> fetches() >= n);
  }

  @Test
  void aFixedClockDoesNotHoldTheNextFetchOffForEverAfterAFailure() {
    ProtektAuth fixed = ProtektAuth.builder().domain(tenant.domain())
        .audience(tenant.apiAudience()).cacheEnabled(false).retryAttempts(0)
        .keyFetchWait(Duration.ofSeconds(10))
        .clock(Clock.fixed(Instant.now(), ZoneOffset.UTC)).build();
    tenant.faults().failNext(JWKS, 1, 500);
    String token = tenant.token().subject("protekt|ada").sign();
    assertThrows(KeysUnavailableException.class, () -> fixed.verifyToken(token));

    // The pause after a failure is a second, which the fixed clock never sees pass.
    Eventually.holds("keys fetched again", () -> {
      try {
        return fixed.verifyToken(token).subject().equals("protekt|ada");
      } catch (KeysUnavailableException stillPaused) {
        return false;
      }
    });
    assertEquals(2, fetches());
  }

  @Test
  void fetchesTheKeysOnceAndRefreshesThemInTheBackgroundAfterTheTtl() {
    for (int i = 0; i < 5; i++) {
      auth.verifyToken(tenant.token().sign());
    }
    assertEquals(1, fetches());
    assertEquals(1, tenant.requests("/.well-known/openid-configuration").size());
    clock.advance(TTL.plusSeconds(1));
    auth.verifyToken(tenant.token().sign());
    awaitFetches(2);
  }

  @Test
  void refreshesAheadOfTheTtlSoThatTheKeysNeverExpireUnderTraffic() {
    auth.verifyToken(tenant.token().sign());
    clock.advance(TTL.minusSeconds(10));
    auth.verifyToken(tenant.token().sign());
    awaitFetches(2);
    // The refreshed keys count from their own fetch: no refresh is due at the old TTL.
    clock.advance(Duration.ofSeconds(11));
    auth.verifyToken(tenant.token().sign());
    assertEquals(2, fetches());
  }

  @Test
  void aTtlShorterThanTheBucketsPaceIsKeptByEveryRefresh() {
    Duration ttl = Duration.ofSeconds(10);
    auth = ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .cacheTtl(ttl).cacheEnabled(false).retryAttempts(0).clock(clock).build();
    auth.verifyToken(tenant.token().sign());
    // One refresh per TTL would empty the bucket for unknown kids (3, then one per 30 s) by the
    // fifth; the keys, and health, must not fall behind the TTL for it.
    for (int fetches = 2; fetches <= 8; fetches++) {
      clock.advance(ttl);
      auth.verifyToken(tenant.token().sign());
      awaitFetches(fetches);
      Eventually.holds("the keys are fresh again", () ->
          auth.health().keys().state() == KeySetHealth.State.FRESH);
    }
  }

  @Test
  void followsAKeyRotationWithoutRestart() {
    String before = tenant.keys().current();
    auth.verifyToken(tenant.token().sign());
    String rotated = tenant.keys().rotate(SigningAlgorithm.RS256);
    clock.advance(Duration.ofSeconds(6));

    auth.verifyToken(tenant.token().sign());
    auth.verifyToken(tenant.token().keyId(before).sign());
    assertEquals(2, fetches());

    tenant.keys().retire(before);
    clock.advance(TTL.plusSeconds(1));
    auth.verifyToken(tenant.token().keyId(rotated).sign());
    String retired = tenant.token().keyId(before).sign();
    Eventually.holds("the retired key is refused once the refresh is in", () -> {
      try {
        auth.verifyToken(retired);
        return false;
      } catch (RuntimeException e) {
        return true;
      }
    });
    assertRejected(auth, retired, Reason.UNKNOWN_KEY);
  }

  @Test
  void aRotationOneSecondAfterAFetchIsAcceptedOnTheFirstRequest() {
    auth.verifyToken(tenant.token().sign());
    clock.advance(Duration.ofSeconds(1));
    tenant.keys().rotate(SigningAlgorithm.RS256);

    auth.verifyToken(tenant.token().sign());
    assertEquals(2, fetches());
  }

  @Test
  void anOutageCostsTheBucketsPaceNotAFetchPerSecond() throws InterruptedException {
    auth.verifyToken(tenant.token().sign());
    tenant.faults().failNext(JWKS, 1000, 503);
    clock.advance(TTL);
    // A request every 2 s for a minute, each due a refresh a second after the last failed; the
    // real pause lets each 503 arrive before the next request.
    for (int i = 0; i < 30; i++) {
      auth.verifyToken(tenant.token().sign());
      Thread.sleep(100);
      clock.advance(Duration.ofSeconds(2));
    }
    // The first, the refresh's burst of 3, and one per 30 s refill.
    assertTrue(fetches() <= 1 + JwksKeySource.REFRESH_BURST + 2, fetches() + " fetches");
  }

  @Test
  void keepsVerifyingWhileTheJwksIsDown() {
    auth.verifyToken(tenant.token().sign());
    tenant.faults().failNext(JWKS, 1000, 503);
    clock.advance(TTL.plusSeconds(1));
    // On the logger the README names, not on this internal class's.
    String log = CapturedLog.until("WARN dev.protekt.keys - Could not refresh the signing keys of "
        + tenant.domain() + " (", () -> auth.verifyToken(tenant.token().sign()));
    assertTrue(log.contains("still using the 1 key(s)"), log);
    auth.verifyToken(tenant.token().sign());
    assertEquals(2, fetches(), "a fetch right after a failure");

    tenant.faults().clear();
    tenant.faults().dropNext(JWKS, 1000);
    clock.advance(Duration.ofSeconds(2));
    auth.verifyToken(tenant.token().sign());
    awaitFetches(3);
    auth.verifyToken(tenant.token().sign());
    // OkHttp repeats a dropped request on a new connection: a fetch still going on when the
    // faults are cleared would take the next test's fault.
    Eventually.holds("the dropped fetch ended", () -> auth.health().keys().lastFailure() != null
        && auth.health().keys().lastFailure().kind() == Failure.Kind.UNREACHABLE);
  }

  @Test
  void saysKeysAreUnavailableWhenNoneWasEverFetched() {
    tenant.faults().failNext(JWKS, 1000, 503);
    String token = tenant.token().sign();
    var e = assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    assertTrue(e.getMessage().contains("503"), e.getMessage());
    // Callers right after a failure get the same answer without another fetch.
    e = assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    assertTrue(e.getMessage().contains("503"), e.getMessage());
    assertEquals(1, fetches());

    tenant.faults().clear();
    clock.advance(Duration.ofSeconds(2));
    auth.verifyToken(token);
  }

  @Test
  void aBodyThatIsNoKeySetIsAnOutageNotAnEmptySet() {
    Map<String, String> json = Map.of("Content-Type", "application/json");
    for (String body : new String[] {"not json", "{\"keys\":\"none\"}", "{}", "[]"}) {
      tenant.faults().failNext(JWKS, 1, 200, json, body);
      var e = assertThrows(KeysUnavailableException.class,
          () -> auth.verifyToken(tenant.token().sign()), body);
      assertTrue(e.getMessage().contains("cannot be fetched: JWKS is malformed: "), e.getMessage());
      clock.advance(Duration.ofSeconds(2));
    }
    auth.verifyToken(tenant.token().sign());

    tenant.faults().failNext(JWKS, 1, 200, json, "{\"keys\":7}");
    clock.advance(TTL);
    String log = CapturedLog.until("Could not refresh the signing keys of",
        () -> auth.verifyToken(tenant.token().sign()));
    assertTrue(log.contains("still using the 1 key(s)"), log);
    auth.verifyToken(tenant.token().sign());
  }

  @Test
  void fallsBackToTheWellKnownJwksWithoutDiscovery() {
    tenant.faults().failNext("/.well-known/openid-configuration", 1, 404);
    auth.verifyToken(tenant.token().sign());
    assertEquals(1, fetches());
  }

  @Test
  void twoHundredRandomKidsCauseAtMostFiveFetches() {
    String token = tenant.token().sign();
    for (int i = 0; i < 200; i++) {
      assertRejected(auth, Tokens.withHeaderParam(token, "kid", UUID.randomUUID().toString()),
          Reason.UNKNOWN_KEY);
      clock.advance(Duration.ofMillis(140));
    }
    int fetches = fetches();
    // The first fetch, then the bucket's burst; 28 s of flood are too few for a refill.
    assertTrue(fetches >= 2 && fetches <= 5, "JWKS fetched " + fetches + " times");
    assertEquals(1 + JwksKeySource.REFRESH_BURST, fetches);
  }

  @Test
  void aClockSetBackHoldsUnknownKidsOffForOneRefillAtMost() {
    String token = tenant.token().sign();
    auth.verifyToken(token);
    for (int i = 0; i < JwksKeySource.REFRESH_BURST; i++) {
      assertRejected(auth, Tokens.withHeaderParam(token, "kid", "spent-" + i), Reason.UNKNOWN_KEY);
    }
    int spent = fetches();
    // An NTP step back by an hour; the key the tenant rotates to must still be taken within a
    // refill, not an hour and a refill.
    clock.advance(Duration.ofHours(-1));
    String rotated = tenant.keys().rotate(SigningAlgorithm.RS256);
    clock.advance(Duration.ofMillis(JwksKeySource.REFRESH_REFILL_MILLIS));
    assertRejected(auth, Tokens.withHeaderParam(token, "kid", "spent-again"), Reason.UNKNOWN_KEY);
    assertEquals(spent, fetches(), "the first refill after the step");
    clock.advance(Duration.ofMillis(JwksKeySource.REFRESH_REFILL_MILLIS));
    auth.verifyToken(tenant.token().keyId(rotated).sign());
    assertEquals(spent + 1, fetches());
  }

  @Test
  void aKidAFetchDidNotFindIsRefusedWithoutAnotherFetchForAWhile() {
    String token = tenant.token().sign();
    auth.verifyToken(token);
    String bogus = Tokens.withHeaderParam(token, "kid", "bogus");
    for (int i = 0; i < 10; i++) {
      assertRejected(auth, bogus, Reason.UNKNOWN_KEY);
    }
    assertEquals(2, fetches());
    clock.advance(Duration.ofMillis(JwksKeySource.UNKNOWN_KID_MEMORY_MILLIS + 1));
    assertRejected(auth, bogus, Reason.UNKNOWN_KEY);
    assertEquals(3, fetches());
  }

  @Test
  void aConcurrentFloodOfUnknownKidsCostsAtMostTheBurst() throws Exception {
    String token = tenant.token().sign();
    auth.verifyToken(token);
    clock.advance(Duration.ofSeconds(6));
    tenant.faults().delayNext(JWKS, 1, Duration.ofMillis(200));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        String bogus = Tokens.withHeaderParam(token, "kid", "bogus-" + i);
        results.add(pool.submit(() -> assertRejected(auth, bogus, Reason.UNKNOWN_KEY)));
      }
      for (Future<?> f : results) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    int fetches = fetches();
    assertTrue(fetches >= 2 && fetches <= 1 + JwksKeySource.REFRESH_BURST,
        "JWKS fetched " + fetches + " times");
  }
}
