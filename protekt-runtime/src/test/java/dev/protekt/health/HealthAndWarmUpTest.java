package dev.protekt.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.protekt.CapturedLog;
import dev.protekt.ConfigurationException;
import dev.protekt.Eventually;
import dev.protekt.MutableClock;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektAuth;
import dev.protekt.health.KeySetHealth.State;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.testing.SigningAlgorithm;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code warmUp()} and {@code health()} against the local tenant, its faults, and no tenant. */
@ExtendWith(LocalTenantExtension.class)
class HealthAndWarmUpTest {
  private static final String DISCOVERY = "/.well-known/openid-configuration";
  private static final String JWKS = "/.well-known/jwks.json";
  private static final String TOKEN = "/oauth/token";
  private static final Duration TTL = Duration.ofMinutes(10);
  /** A retry delay whose first wait (10 to 20 s) outlasts {@link #WHILE_RETRIES_WAIT}. */
  private static final Duration RETRIED_LATER = Duration.ofSeconds(20);
  /** Long enough for a first attempt to fail on a loaded machine. */
  private static final Duration WHILE_RETRIES_WAIT = Duration.ofSeconds(3);

  private final LocalTenant tenant;
  private final MutableClock clock = new MutableClock();

  HealthAndWarmUpTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  /** Every client a test built: one left open would go on fetching, and logging, after it. */
  private final List<ProtektAuth> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(ProtektAuth::close);
  }

  private ProtektAuth opened(ProtektAuth auth) {
    clients.add(auth);
    return auth;
  }

  private ProtektAuth.Builder client() {
    return client(tenant);
  }

  /**
   * A client of {@code tenant}: tests that count requests use a tenant of their own, since a fetch
   * an earlier test's client started (its health() starts one while it has no keys) may still
   * reach the class's tenant after that test ended.
   */
  private ProtektAuth.Builder client(LocalTenant tenant) {
    return ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .cacheTtl(TTL).retryAttempts(0).clock(clock);
  }

  /** A domain on a port of 127.0.0.1 that nothing listens on: every connection is refused. */
  private static String refusingDomain() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  /**
   * An interrupted warm-up (a shutdown during startup) stops waiting at once, reports what it did
   * not reach as a time-out, and leaves the thread interrupted, which tells the two apart.
   */
  @Test
  @Timeout(60) // the warm-up's own bound is ten minutes: ignoring the interrupt fails here
  void anInterruptedWarmUpEndsAtOnceAndTheThreadStaysInterrupted() {
    // A tenant of its own: the held discovery, released after the test, goes on to fetch keys.
    try (LocalTenant own = LocalTenant.start()) {
      own.faults().hangNext(DISCOVERY, 1);
      ProtektAuth auth = opened(client(own).build());
      WarmUp warmUp;
      Thread.currentThread().interrupt();
      try {
        warmUp = auth.warmUp(WarmUp.LONGEST_WAIT);
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt was swallowed");
      }
      assertEquals(List.of(WarmUp.Part.DISCOVERY),
          warmUp.unreached().stream().map(WarmUp.Unreached::part).toList());
      assertEquals(Failure.Kind.TIMED_OUT, warmUp.unreached().get(0).failure().kind());
      own.faults().clearAndDropHeld();
    }
  }

  @Test
  void aNewClientHasNeverFetchedKeysAndItsHealthStartsTheFirstFetch() {
    try (LocalTenant own = LocalTenant.start()) {
      ProtektAuth auth = opened(client(own).build());
      ProtektHealth health = auth.health();

      assertEquals(State.NEVER_FETCHED, health.keys().state());
      assertFalse(health.canVerify());
      assertNull(health.keys().lastFetchedAt());
      assertNull(health.keys().lastFailure());
      assertEquals(TokenEndpointHealth.State.NOT_CONFIGURED, health.tokenEndpoint().state());
      // A probe gating traffic on canVerify() must not wait for a request that never comes.
      Eventually.holds("the fetch health() started brings the keys",
          () -> auth.health().keys().state() == State.FRESH);
      assertEquals(1, own.requests(JWKS).size());
    }
  }

  @Test
  void keysThatCannotVerifyAnyTokenAreNotCountedAndDoNotLookHealthy() {
    try (LocalTenant weakOnly = LocalTenant.start()) {
      String original = weakOnly.keys().current();
      weakOnly.keys().use(weakOnly.keys().rsa(1024));
      weakOnly.keys().retire(original);
      // A sound key, but of an algorithm the client does not allow (RS256 only).
      weakOnly.keys().add(SigningAlgorithm.ES256);
      ProtektAuth auth = opened(ProtektAuth.builder().domain(weakOnly.domain())
          .audience(weakOnly.apiAudience()).cacheTtl(TTL).retryAttempts(0).clock(clock).build());

      auth.warmUp();
      ProtektHealth health = auth.health();
      assertEquals(State.NO_USABLE_KEYS, health.keys().state());
      assertEquals(0, health.keys().keyCount());
      assertNotNull(health.keys().lastFetchedAt());
      assertFalse(health.canVerify());

      weakOnly.keys().rotate(SigningAlgorithm.RS256);
      clock.advance(TTL);
      auth.health();
      Eventually.holds("the refreshed keys count the one usable key", () ->
          auth.health().keys().state() == State.FRESH);
      assertEquals(1, auth.health().keys().keyCount());
      assertTrue(auth.health().canVerify());
    }
  }

  @Test
  void warmUpFetchesDiscoveryAndKeysOnceAndLeavesThemFresh() {
    try (LocalTenant own = LocalTenant.start()) {
      ProtektAuth auth = opened(client(own).build());

      WarmUp warmUp = auth.warmUp();

      assertTrue(warmUp.complete(), warmUp.toString());
      KeySetHealth keys = warmUp.health().keys();
      assertEquals(State.FRESH, keys.state());
      assertEquals(clock.instant(), keys.lastFetchedAt());
      assertTrue(keys.keyCount() >= 1);
      assertEquals(1, own.requests(DISCOVERY).size());
      assertEquals(1, own.requests(JWKS).size());
      // The first request needs no fetch, and a second warm-up fetches nothing.
      auth.verifyToken(own.token().sign());
      assertTrue(auth.warmUp().complete());
      assertEquals(1, own.requests(JWKS).size());
    }
  }

  @Test
  void aWarmUpWaitsAtMostTheLongestWaitAndRefusesALongerOne() {
    try (LocalTenant own = LocalTenant.start()) {
      aWarmUpWaitsAtMostTheLongestWaitAndRefusesALongerOne(own);
    }
  }

  private void aWarmUpWaitsAtMostTheLongestWaitAndRefusesALongerOne(LocalTenant own) {
    ProtektAuth auth = opened(client(own).build());

    assertEquals(Duration.ofMinutes(10), WarmUp.LONGEST_WAIT);
    for (Duration refused : new Duration[] {
        WarmUp.LONGEST_WAIT.plusNanos(1), Duration.ZERO, Duration.ofSeconds(-1), null}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> auth.warmUp(refused));
      assertEquals("warmUp(within): the time must be positive and at most 10 minutes, was "
          + refused + ".", e.getMessage());
    }
    assertEquals(0, own.requests().size());
    assertTrue(auth.warmUp(WarmUp.LONGEST_WAIT).complete());
  }

  @Test
  void withAZeroTtlKeysAreFreshUntilARefreshFails() {
    ProtektAuth auth = opened(client().cacheTtl(Duration.ZERO).build());
    assertTrue(auth.warmUp().complete());
    assertEquals(State.FRESH, auth.health().keys().state());

    // Always older than the TTL, they are due at every check and stale only once a refresh fails.
    clock.advance(Duration.ofMinutes(1));
    assertEquals(State.FRESH, auth.health().keys().state());
    tenant.faults().failNext(JWKS, 100, 503);
    Eventually.holds("a failed refresh makes them stale", () -> {
      clock.advance(Duration.ofMinutes(1));
      return auth.health().keys().state() == State.STALE;
    });
  }

  @Test
  void keysStayInUseAndAreReportedStaleDuringAKeyEndpointOutage() {
    ProtektAuth auth = opened(client().cacheEnabled(false).build());
    assertTrue(auth.warmUp().complete());
    tenant.faults().failNext(JWKS, 100, 503);

    clock.advance(TTL.plusSeconds(1));
    KeySetHealth due = auth.health().keys();
    assertEquals(State.STALE, due.state(), "past the TTL, before the refresh answers");
    Eventually.holds("the refresh fails", () -> auth.health().keys().lastFailure() != null);

    KeySetHealth stale = auth.health().keys();
    assertEquals(State.STALE, stale.state());
    assertEquals(Failure.Kind.BAD_ANSWER, stale.lastFailure().kind());
    assertEquals(503, stale.lastFailure().status());
    assertEquals(due.lastFetchedAt(), stale.lastFetchedAt());
    assertTrue(auth.health().canVerify());
    assertNotNull(auth.verifyToken(tenant.token().sign()));

    tenant.faults().clear();
    clock.advance(Duration.ofMinutes(1));
    Eventually.holds("a refresh after the outage", () -> {
      auth.verifyToken(tenant.token().sign());
      return auth.health().keys().state() == State.FRESH;
    });
    assertNull(auth.health().keys().lastFailure());
  }

  @Test
  void anUnreachableTenantIsReportedNotThrown() throws IOException {
    ProtektAuth auth = opened(ProtektAuth.builder().domain(refusingDomain())
        .audience("https://api.example.com").retryAttempts(0).build());

    WarmUp warmUp = auth.warmUp(Duration.ofSeconds(5));

    assertFalse(warmUp.complete());
    assertEquals(1, warmUp.unreached().size());
    assertEquals(WarmUp.Part.DISCOVERY, warmUp.unreached().get(0).part());
    assertEquals(Failure.Kind.UNREACHABLE, warmUp.unreached().get(0).failure().kind());
    assertEquals(State.NEVER_FETCHED, warmUp.health().keys().state());
    assertEquals(Failure.Kind.UNREACHABLE, warmUp.health().keys().lastFailure().kind());
  }

  /**
   * The warm-up's time runs out while the fetch waits to retry: what the tenant did decides the
   * report, so an operator looks for a refusing tenant, not a slow one.
   */
  @Test
  void aRefusingTenantStillBeingRetriedIsReportedUnreachableNotTimedOut() throws IOException {
    ProtektAuth auth = opened(ProtektAuth.builder().domain(refusingDomain())
        .audience("https://api.example.com").retryAttempts(3).retryDelay(RETRIED_LATER).build());

    WarmUp warmUp = auth.warmUp(WHILE_RETRIES_WAIT);

    assertEquals(WarmUp.Part.DISCOVERY, warmUp.unreached().get(0).part(), warmUp.toString());
    assertEquals(Failure.Kind.UNREACHABLE, warmUp.unreached().get(0).failure().kind());
  }

  @Test
  void keysAnswering503StillBeingRetriedAreReportedWithTheirStatus() {
    tenant.faults().failNext(JWKS, 1, 503);
    ProtektAuth auth = opened(client().retryAttempts(3).retryDelay(RETRIED_LATER).build());

    WarmUp warmUp = auth.warmUp(WHILE_RETRIES_WAIT);

    assertEquals(WarmUp.Part.KEYS, warmUp.unreached().get(0).part(), warmUp.toString());
    Failure failure = warmUp.unreached().get(0).failure();
    assertEquals(Failure.Kind.BAD_ANSWER, failure.kind());
    assertEquals(503, failure.status());
  }

  /**
   * A key set that answers but holds no key a token could be verified with leaves every token
   * refused: no warm-up, and one WARN on the keys' logger, not once per fetch.
   */
  @Test
  void anEmptyKeySetIsNoWarmUpAndIsLoggedOnce() {
    tenant.faults().failNext(JWKS, 2, 200, Map.of("Content-Type", "application/json"),
        "{\"keys\":[]}");
    ProtektAuth auth = opened(client().build());

    WarmUp[] warmUp = new WarmUp[1];
    String log = CapturedLog.of(() -> warmUp[0] = auth.warmUp(Duration.ofSeconds(5)));

    assertFalse(warmUp[0].complete(), warmUp[0].toString());
    assertEquals(WarmUp.Part.KEYS, warmUp[0].unreached().get(0).part());
    assertEquals(Failure.Kind.BAD_ANSWER, warmUp[0].unreached().get(0).failure().kind());
    assertTrue(log.contains("WARN dev.protekt.keys - The JWKS of " + tenant.domain() + " at "
        + tenant.domain() + "/.well-known/jwks.json has no keys; none of its tokens can be"
        + " verified"), log);

    clock.advance(TTL.plusSeconds(1));
    String again = CapturedLog.until("Fetched 0 key(s)", auth::health);
    assertFalse(again.contains("WARN"), again);
  }

  @Test
  void aKeySetOfOnlyKeysOfAnotherAlgorithmIsNoWarmUp() throws Exception {
    String ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate().toPublicJWK()
        .toJSONString();
    tenant.faults().failNext(JWKS, 1, 200, Map.of("Content-Type", "application/json"),
        "{\"keys\":[" + ecKey + "]}");
    ProtektAuth auth = opened(client().build());

    WarmUp[] warmUp = new WarmUp[1];
    String log = CapturedLog.of(() -> warmUp[0] = auth.warmUp(Duration.ofSeconds(5)));

    assertFalse(warmUp[0].complete(), warmUp[0].toString());
    assertEquals(Failure.Kind.BAD_ANSWER, warmUp[0].unreached().get(0).failure().kind());
    assertEquals(State.NO_USABLE_KEYS, warmUp[0].health().keys().state());
    assertTrue(log.contains("has no key that can verify a token of the allowed algorithms [RS256]"),
        log);
  }

  @Test
  void aHangingTenantIsReportedWithinTheWarmUpsTimeAndTheFetchGoesOn() {
    tenant.faults().hangNext(JWKS, 1);
    ProtektAuth auth = opened(client().build());

    long start = System.nanoTime();
    WarmUp warmUp = auth.warmUp(Duration.ofMillis(300));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    assertTrue(tookMillis < 2_000, "took " + tookMillis + " ms");
    assertEquals(WarmUp.Part.KEYS, warmUp.unreached().get(0).part(), warmUp.toString());
    assertEquals(Failure.Kind.TIMED_OUT, warmUp.unreached().get(0).failure().kind());
    long healthStart = System.nanoTime();
    assertEquals(State.NEVER_FETCHED, auth.health().keys().state());
    assertTrue(System.nanoTime() - healthStart < 200_000_000L, "health() waited on the fetch");
    tenant.faults().clear();
    Eventually.holds("the keys arrive in the background",
        () -> auth.health().keys().state() == State.FRESH);
  }

  @Test
  void anErrorAnswerFromDiscoveryIsReportedAsSuch() {
    tenant.faults().failNext(DISCOVERY, 1, 500);

    WarmUp warmUp = opened(client().build()).warmUp();

    assertEquals(WarmUp.Part.DISCOVERY, warmUp.unreached().get(0).part());
    assertEquals(Failure.Kind.BAD_ANSWER, warmUp.unreached().get(0).failure().kind());
    assertEquals(500, warmUp.unreached().get(0).failure().status());
  }

  /** What a warm-up reports when {@code path} gives the answer {@code fault} plans. */
  private Failure warmUpFailure(String path, WarmUp.Part part, Runnable fault) {
    fault.run();
    WarmUp warmUp = opened(client().build()).warmUp();
    assertEquals(1, warmUp.unreached().size(), warmUp.toString());
    assertEquals(part, warmUp.unreached().get(0).part(), path);
    return warmUp.unreached().get(0).failure();
  }

  @Test
  void answersTooLargeOrWithoutBodyOrNotJsonAreBadAnswersNotAnUnreachableTenant() {
    Map<String, String> json = Map.of("Content-Type", "application/json");
    // Past the key set's own bound, and past the 8 MiB bound of every other answer.
    String largeKeySet = "{\"keys\":[],\"padding\":\"" + "x".repeat(600 * 1024) + "\"}";
    String largeDocument = "{\"padding\":\"" + "x".repeat(9 * 1024 * 1024) + "\"}";
    List<Failure> failures = List.of(
        warmUpFailure(JWKS, WarmUp.Part.KEYS,
            () -> tenant.faults().failNext(JWKS, 1, 200, json, largeKeySet)),
        warmUpFailure(JWKS, WarmUp.Part.KEYS, () -> tenant.faults().failNext(JWKS, 1, 204)),
        warmUpFailure(DISCOVERY, WarmUp.Part.DISCOVERY,
            () -> tenant.faults().failNext(DISCOVERY, 1, 200, json, largeDocument)),
        warmUpFailure(DISCOVERY, WarmUp.Part.DISCOVERY,
            () -> tenant.faults().failNext(DISCOVERY, 1, 200, json, "not json")));
    for (Failure failure : failures) {
      assertEquals(Failure.Kind.BAD_ANSWER, failure.kind(), failures.toString());
    }
  }

  @Test
  void a401Or403FromDiscoveryOrTheKeysIsABadAnswerNotARefusalOfCredentialsTheyNeverGot() {
    Failure discovery = warmUpFailure(DISCOVERY, WarmUp.Part.DISCOVERY,
        () -> tenant.faults().failNext(DISCOVERY, 1, 401));
    Failure keys = warmUpFailure(JWKS, WarmUp.Part.KEYS,
        () -> tenant.faults().failNext(JWKS, 1, 403));

    assertEquals(new Failure(Failure.Kind.BAD_ANSWER, 401, discovery.at()), discovery);
    assertEquals(new Failure(Failure.Kind.BAD_ANSWER, 403, keys.at()), keys);
  }

  @Test
  void aDiscoveryDocumentNamingAHostNotAllowedFailsTheWarmUp() {
    tenant.faults().failNext(DISCOVERY, 1, 200, Map.of("Content-Type", "application/json"),
        "{\"issuer\":\"" + tenant.issuer() + "\",\"jwks_uri\":\"https://keys.example.net/jwks\"}");

    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> opened(client().build()).warmUp());
    assertTrue(e.options().contains("allowedEndpointHosts"), e.getMessage());
  }

  @Test
  void withCredentialsWarmUpChecksTheTokenEndpointIsNamedButSpendsNoToken() {
    ProtektAuth auth = opened(client().clientId(tenant.clientId())
        .clientSecret(tenant.clientSecret()).build());

    assertTrue(auth.warmUp().complete());
    assertEquals(TokenEndpointHealth.State.UNKNOWN, auth.health().tokenEndpoint().state());
    assertEquals(0, tenant.requests(TOKEN).size());

    tenant.faults().failNext(DISCOVERY, 1, 200, Map.of("Content-Type", "application/json"),
        "{\"issuer\":\"" + tenant.issuer() + "\",\"jwks_uri\":\"" + tenant.domain() + JWKS
            + "\"}");
    ProtektAuth noEndpoint = opened(client().clientId(tenant.clientId())
        .clientSecret(tenant.clientSecret()).build());
    assertThrows(ConfigurationException.class, noEndpoint::warmUp);
  }

  @Test
  void theTokenEndpointIsReachableAfterATokenAndFailingAfterARefusal() {
    ProtektAuth auth = opened(client().clientId(tenant.clientId())
        .clientSecret(tenant.clientSecret()).build());
    auth.getAccessToken();
    TokenEndpointHealth reachable = auth.health().tokenEndpoint();
    assertEquals(TokenEndpointHealth.State.REACHABLE, reachable.state());
    assertEquals(clock.instant(), reachable.lastSuccessAt());

    tenant.faults().failNext(TOKEN, 1, 401);
    assertThrows(ProtektApiException.class, () -> auth.getAccessToken("https://other.example/"));

    TokenEndpointHealth failing = auth.health().tokenEndpoint();
    assertEquals(TokenEndpointHealth.State.FAILING, failing.state());
    assertEquals(Failure.Kind.REFUSED, failing.lastFailure().kind());
    assertEquals(401, failing.lastFailure().status());
    assertEquals(reachable.lastSuccessAt(), failing.lastSuccessAt());
    assertFalse(failing.toString().contains(tenant.clientSecret()));
  }

  @Test
  void withSeveralIssuersNoTokenCanBeVerifiedWhileNoIssuerHasKeys() {
    try (LocalTenant other = LocalTenant.start()) {
      tenant.faults().failNext(JWKS, 100, 503);
      other.faults().failNext(JWKS, 100, 503);
      ProtektAuth auth = opened(client().additionalIssuers(other.domain()).build());

      ProtektHealth health = auth.warmUp(Duration.ofSeconds(20)).health();

      assertEquals(2, health.keysByIssuer().size());
      assertFalse(health.canVerify());
      assertFalse(health.keys().canVerify());
    }
  }

  @Test
  void withSeveralIssuersWarmUpNamesTheOneItCouldNotReachAndTokensStillVerify() {
    try (LocalTenant other = LocalTenant.start()) {
      other.faults().failNext(JWKS, 100, 503);
      ProtektAuth auth = opened(client().additionalIssuers(other.domain()).build());

      WarmUp warmUp = auth.warmUp(Duration.ofSeconds(20));

      assertEquals(1, warmUp.unreached().size(), warmUp.toString());
      WarmUp.Unreached unreached = warmUp.unreached().get(0);
      // Issuers are shown as configured, as written: no slash is added to the empty path.
      String shownOther = other.domain();
      assertEquals(shownOther, unreached.issuer());
      assertEquals(WarmUp.Part.KEYS, unreached.part());
      assertEquals(503, unreached.failure().status());
      ProtektHealth health = warmUp.health();
      assertEquals(State.NEVER_FETCHED, health.keys().state(), "the worst issuer's state");
      // The domain's tokens verify: a secondary issuer's outage is partial, not total.
      assertTrue(health.canVerify());
      assertFalse(health.keys().canVerify(), "not every issuer's tokens can be verified");
      assertNotNull(auth.verifyToken(tenant.token().sign()));
      assertEquals(List.of(tenant.domain(), shownOther),
          List.copyOf(health.keysByIssuer().keySet()));
      assertEquals(State.FRESH, health.keysByIssuer().get(tenant.domain()).state());
      assertEquals(State.NEVER_FETCHED, health.keysByIssuer().get(shownOther).state());
    }
  }
}
