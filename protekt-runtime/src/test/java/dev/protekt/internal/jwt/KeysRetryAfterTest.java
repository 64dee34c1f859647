package dev.protekt.internal.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.Eventually;
import dev.protekt.KeysUnavailableException;
import dev.protekt.MutableClock;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.health.Failure;
import dev.protekt.health.KeySetHealth;
import dev.protekt.health.WarmUp;
import dev.protekt.metrics.MicrometerMetrics;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.testing.SigningAlgorithm;
import dev.protekt.users.Tenants;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A 429 or 503 with {@code Retry-After} on discovery or the JWKS keeps the SDK away from that
 * issuer for as long as it asks (a minute at most), counted in the tenant's request log; meanwhile
 * verification answers at once, from the keys in hand or with the typed refusal.
 */
@ExtendWith(LocalTenantExtension.class)
class KeysRetryAfterTest {
  private static final String DISCOVERY = "/.well-known/openid-configuration";
  private static final String JWKS = "/.well-known/jwks.json";
  private static final Duration TTL = Duration.ofMinutes(10);

  private final LocalTenant tenant;
  private final MutableClock clock = new MutableClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  KeysRetryAfterTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  /**
   * Retries off, so that only the key source's own policy decides when to ask again; a wait for
   * keys long enough for a cold first fetch on a loaded machine.
   */
  private ProtektAuth.Builder client() {
    return ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .cacheTtl(TTL).cacheEnabled(false).retryAttempts(0).clock(clock)
        .keyFetchWait(Duration.ofSeconds(10)).metrics(MicrometerMetrics.of(registry));
  }

  private double count(String name, String... tags) {
    double sum = 0;
    for (Meter meter : registry.find(name).tags(tags).meters()) {
      for (Measurement m : meter.measure()) {
        sum += m.getStatistic() == Statistic.COUNT ? m.getValue() : 0;
      }
    }
    return sum;
  }

  @Test
  void aRateLimitedFirstFetchIsNotRepeatedBeforeItsRetryAfterAndEveryCallerFailsAtOnce() {
    ProtektAuth auth = client().build();
    tenant.faults().failNext(JWKS, 1, 429, Map.of("Retry-After", "20"));
    String token = tenant.token().sign();

    var e = assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    assertTrue(e.getMessage().contains("answered HTTP 429"), e.getMessage());
    assertTrue(e.getMessage().contains("the next fetch starts in 20 s"), e.getMessage());
    for (int second = 1; second < 20; second++) {
      clock.advance(Duration.ofSeconds(1));
      // A fetch now would succeed (the fault was for one request): the refusal proves there was none.
      assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    }
    WarmUp warmUp = auth.warmUp(Duration.ofSeconds(5));
    assertEquals(1, tenant.requests(JWKS).size(), "fetched again within the Retry-After");

    KeySetHealth keys = auth.health().keys();
    assertEquals(KeySetHealth.State.NEVER_FETCHED, keys.state());
    assertEquals(Failure.Kind.BAD_ANSWER, keys.lastFailure().kind());
    assertEquals(429, keys.lastFailure().status());
    assertEquals(429, warmUp.unreached().get(0).failure().status());
    assertEquals(1, count("protekt.keys.fetches", "result", "bad_answer"));
    assertEquals(20, count("protekt.tokens.refused", "reason", "keys_unavailable"));

    clock.advance(Duration.ofSeconds(1));
    auth.verifyToken(token);
    assertEquals(2, tenant.requests(JWKS).size());
  }

  @Test
  void keysInHandVerifyMeanwhileAndANewKidCostsNoFetchBeforeTheRetryAfter() {
    ProtektAuth auth = client().build();
    String before = tenant.keys().current();
    auth.verifyToken(tenant.token().sign());
    tenant.faults().failNext(JWKS, 1, 503, Map.of("Retry-After", "30"));
    clock.advance(TTL);
    auth.verifyToken(tenant.token().sign());
    Eventually.holds("the refresh was refused", () -> auth.health().keys().lastFailure() != null);
    assertEquals(KeySetHealth.State.STALE, auth.health().keys().state());
    assertEquals(503, auth.health().keys().lastFailure().status());

    String rotated = tenant.keys().rotate(SigningAlgorithm.RS256);
    for (int second = 1; second < 30; second++) {
      clock.advance(Duration.ofSeconds(1));
      auth.verifyToken(tenant.token().keyId(before).sign());
      // The new kid could not be looked for: an outage, not a token to re-authenticate.
      var e = assertThrows(KeysUnavailableException.class,
          () -> auth.verifyToken(tenant.token().keyId(rotated).sign()));
      assertTrue(e.getMessage().contains("answered HTTP 503"), e.getMessage());
      assertTrue(e.getMessage().contains("the next fetch starts in " + (30 - second)
          + " s, as the answer's Retry-After asked."), e.getMessage());
    }
    assertEquals(2, tenant.requests(JWKS).size(), "fetched again within the Retry-After");
    assertEquals(29, count("protekt.tokens.refused", "reason", "keys_unavailable"));
    assertEquals(0, count("protekt.tokens.refused", "reason", "unknown_key"));

    clock.advance(Duration.ofSeconds(1));
    auth.verifyToken(tenant.token().keyId(rotated).sign());
    assertEquals(3, tenant.requests(JWKS).size());
  }

  @Test
  void aRateLimitedDiscoveryIsNotAskedAgainBeforeItsRetryAfter() {
    ProtektAuth auth = client().build();
    tenant.faults().failNext(DISCOVERY, 1, 429, Map.of("Retry-After", "10"));
    String token = tenant.token().sign();
    for (int second = 0; second < 10; second++) {
      assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
      clock.advance(Duration.ofSeconds(1));
    }
    assertEquals(1, tenant.requests(DISCOVERY).size(), "asked again within the Retry-After");
    assertEquals(429, auth.health().keys().lastFailure().status());

    auth.verifyToken(token);
    assertEquals(2, tenant.requests(DISCOVERY).size());
  }

  @Test
  void aHostileRetryAfterIsHeldToAMinuteAndTheRetriesDoNotComeSooner() {
    // Retries on: a 503 asking for a day must not be retried after the backoff of milliseconds.
    ProtektAuth auth = client().retryAttempts(3).retryDelay(Duration.ofMillis(1)).build();
    tenant.faults().failNext(JWKS, 1, 503, Map.of("Retry-After", "86400"));
    String token = tenant.token().sign();
    assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    clock.advance(Duration.ofSeconds(59));
    assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    assertEquals(1, tenant.requests(JWKS).size());

    clock.advance(Duration.ofSeconds(1));
    auth.verifyToken(token);
    assertEquals(2, tenant.requests(JWKS).size());
  }

  @Test
  void theRetriesOfAFetchLeaveARetryAfterToTheKeySourceInsteadOfWaitingItOut() {
    // Waited out inside the fetch, a 503's half minute, three times over, would hold the one fetch
    // in flight (and a rotated key behind it) for minutes, and this refusal would say "not
    // arrived within keyFetchWait" instead of the answer.
    ProtektAuth auth = client().retryAttempts(3).build();
    tenant.faults().failNext(JWKS, 1, 503, Map.of("Retry-After", "30"));
    String token = tenant.token().sign();

    var e = assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    assertTrue(e.getMessage().contains("answered HTTP 503"), e.getMessage());
    assertEquals(1, tenant.requests(JWKS).size());
    clock.advance(Duration.ofSeconds(30));
    auth.verifyToken(token);
    assertEquals(2, tenant.requests(JWKS).size());
  }

  @Test
  void anotherIssuersRateLimitedDiscoveryIsNotAskedAgainBeforeItsRetryAfter() {
    try (LocalTenant other = LocalTenant.start()) {
      other.faults().failNext(DISCOVERY, 1, 429, Map.of("Retry-After", "10"));
      ProtektAuth auth = client().additionalIssuers(other.domain())
          .keyFetchWait(Duration.ofSeconds(10)).build();
      String token = other.token().sign();
      for (int second = 0; second < 10; second++) {
        assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
        clock.advance(Duration.ofSeconds(1));
      }
      assertEquals(1, other.requests(DISCOVERY).size(), "asked again within the Retry-After");

      auth.verifyToken(token);
      assertEquals(2, other.requests(DISCOVERY).size());
    }
  }

  @Test
  void machineTokensDoNotAskARateLimitedDiscoveryAgainBeforeItsRetryAfter() {
    ProtektAuth auth = Tenants.client(tenant).retryAttempts(0).clock(clock).build();
    tenant.faults().failNext(DISCOVERY, 1, 429, Map.of("Retry-After", "30"));
    for (int second = 0; second < 30; second++) {
      var e = assertThrows(ProtektUnavailableException.class, auth::getAccessToken);
      assertEquals(Optional.of(Duration.ofSeconds(30)),
          ((ProtektApiException) e.getCause()).retryAfter());
      clock.advance(Duration.ofSeconds(1));
    }
    assertEquals(1, tenant.requests(DISCOVERY).size(), "asked again within the Retry-After");

    assertTrue(auth.getAccessToken().startsWith("ey"));
    assertEquals(2, tenant.requests(DISCOVERY).size());
  }

  @Test
  void keysFetchedDuringADiscoveryPauseWaitOnlyUntilThatPauseEnds() {
    ProtektAuth auth = Tenants.client(tenant).audience(tenant.apiAudience()).retryAttempts(0)
        .clock(clock)
        .keyFetchWait(Duration.ofSeconds(10)).build();
    tenant.faults().failNext(DISCOVERY, 1, 429, Map.of("Retry-After", "60"));
    assertThrows(ProtektUnavailableException.class, auth::getAccessToken);
    String token = tenant.token().sign();
    clock.advance(Duration.ofSeconds(50));
    var e = assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    assertTrue(e.getMessage().contains("the next fetch starts in 10 s"), e.getMessage());

    clock.advance(Duration.ofSeconds(10));
    auth.verifyToken(token);
    assertEquals(2, tenant.requests(DISCOVERY).size());
  }

  @Test
  void aRefusalDuringADiscoveryPauseSaysWhatFailedAndWhenTheNextFetchStarts() {
    ProtektAuth auth = client().build();
    tenant.faults().failNext(DISCOVERY, 1, 503, Map.of("Retry-After", "30"));
    String token = tenant.token().sign();
    String failed = "The signing keys of " + tenant.domain() + " cannot be fetched: OIDC discovery"
        + " at " + tenant.domain() + DISCOVERY + " answered HTTP 503. None of its tokens can be"
        + " verified until a fetch succeeds; the next fetch starts in ";
    assertEquals(failed + "30 s, as the answer's Retry-After asked.",
        assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token)).getMessage());
    clock.advance(Duration.ofMillis(11_500));
    assertEquals(failed + "19 s, as the answer's Retry-After asked.",
        assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token)).getMessage());

    // Without a Retry-After, the pause is a second.
    clock.advance(Duration.ofSeconds(19));
    tenant.faults().failNext(DISCOVERY, 1, 500);
    assertEquals(failed.replace("503", "500") + "1 s.",
        assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token)).getMessage());
  }

  @Test
  void anotherIssuersDiscoveryPauseIsNamedWithWhatFailedAndWhenItIsAskedAgain() {
    try (LocalTenant other = LocalTenant.start()) {
      other.faults().failNext(DISCOVERY, 1, 429, Map.of("Retry-After", "10"));
      ProtektAuth auth = client().additionalIssuers(other.domain()).build();
      String token = other.token().sign();
      // Its token is matched to it by its URL, before discovery answered: its keys' refusal.
      String failed = "The signing keys of " + other.domain() + " cannot be fetched: OIDC"
          + " discovery at " + other.domain() + DISCOVERY + " answered HTTP 429. None of its"
          + " tokens can be verified until a fetch succeeds; the next fetch starts in ";
      String asked = ", as the answer's Retry-After asked.";
      assertEquals(failed + "10 s" + asked,
          assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token)).getMessage());
      clock.advance(Duration.ofSeconds(4));
      assertEquals(failed + "6 s" + asked,
          assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token)).getMessage());
      assertEquals(1, other.requests(DISCOVERY).size());
    }
  }

  @Test
  void keysAnsweredFromADiscoveryPauseAreNoFetchInTheMetrics() {
    ProtektAuth auth = Tenants.client(tenant).audience(tenant.apiAudience()).retryAttempts(0)
        .clock(clock).keyFetchWait(Duration.ofSeconds(10))
        .metrics(MicrometerMetrics.of(registry)).build();
    tenant.faults().failNext(DISCOVERY, 1, 429, Map.of("Retry-After", "60"));
    assertThrows(ProtektUnavailableException.class, auth::getAccessToken);
    String token = tenant.token().sign();
    clock.advance(Duration.ofSeconds(20));
    assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    assertEquals(1, tenant.requests(DISCOVERY).size());
    assertEquals(0, count("protekt.keys.fetches"), "a fetch that sent no request was counted");

    clock.advance(Duration.ofSeconds(40));
    auth.verifyToken(token);
    assertEquals(1, count("protekt.keys.fetches"));
    assertEquals(1, count("protekt.keys.fetches", "result", "success"));
  }
}
