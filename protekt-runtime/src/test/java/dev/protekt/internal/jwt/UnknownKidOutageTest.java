package dev.protekt.internal.jwt;

import static dev.protekt.internal.jwt.Tokens.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.CapturedLog;
import dev.protekt.Eventually;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.KeysUnavailableException;
import dev.protekt.MutableClock;
import dev.protekt.ProtektAuth;
import dev.protekt.http.AuthErrorResponse;
import dev.protekt.metrics.MicrometerMetrics;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.SigningAlgorithm;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A token whose {@code kid} is not among the keys in hand is refused as unknown (401) only when the
 * kid was looked for; when the tenant's JWKS could not be read in time it is an outage (503), so
 * that a client with a valid token signed after a rotation is not sent to re-authenticate.
 */
class UnknownKidOutageTest {
  private static final String JWKS = JwksKeySourceTest.JWKS;

  /** A tenant of each test's own: a fetch a test leaves running must not reach the next one's. */
  private final LocalTenant tenant = LocalTenant.start();
  private final MutableClock clock = new MutableClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    tenant.close();
  }

  /** Retries off, so that only the key source's policy decides; the cache off, so each call checks. */
  private ProtektAuth client(Duration keyFetchWait) {
    return ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .cacheEnabled(false).retryAttempts(0).timeout(Duration.ofSeconds(20))
        .keyFetchWait(keyFetchWait).clock(clock).metrics(MicrometerMetrics.of(registry)).build();
  }

  /** A client whose first keys are in hand, with the tenant's request log started over. */
  private ProtektAuth warm(Duration keyFetchWait) {
    ProtektAuth auth = client(keyFetchWait);
    auth.verifyToken(tenant.token().sign());
    tenant.clearRequests();
    return auth;
  }

  private int fetches() {
    return tenant.requests(JWKS).size();
  }

  private double refused(String reason) {
    Counter counter = registry.find("protekt.tokens.refused").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private static KeysUnavailableException assertUnavailable(ProtektAuth auth, String token) {
    var e = assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    assertFalse(e.getMessage().contains(token), "message leaks the token");
    return e;
  }

  @Test
  void aNewKidWhileTheJwksFailsIsAnOutageUntilTheTenantRecovers() {
    ProtektAuth auth = warm(Duration.ofSeconds(5));
    String rotated = tenant.keys().rotate(SigningAlgorithm.RS256);
    String token = tenant.token().keyId(rotated).subject("protekt|ada").sign();
    tenant.faults().failNext(JWKS, 1000, 503);

    String log = CapturedLog.of(() -> {
      var e = assertUnavailable(auth, token);
      assertTrue(e.getMessage().contains("cannot be fetched: JWKS at ") && e.getMessage().contains(
          "answered HTTP 503. No token whose kid is not among the 1 key(s) in hand can be verified"
          + " until a fetch succeeds; the next fetch starts in 1 s."), e.getMessage());
      AuthErrorResponse answer = AuthErrorResponse.from(e, null);
      assertEquals(503, answer.status());
      assertEquals("temporarily_unavailable", answer.error());
      // During the pause: the same answer, at once and without another fetch.
      assertUnavailable(auth, token);
    });
    assertEquals(1, fetches());
    assertEquals(1, log.split("WARN dev.protekt.keys - Could not refresh", -1).length - 1, log);
    assertEquals(2, refused("keys_unavailable"));
    assertEquals(0, refused("unknown_key"));

    tenant.faults().clear();
    clock.advance(Duration.ofSeconds(2));
    assertEquals("protekt|ada", auth.verifyToken(token).subject());
    assertEquals(2, fetches());
  }

  @Test
  void aNewKidWhileTheTenantDropsEveryConnectionIsAnOutage() {
    ProtektAuth auth = warm(Duration.ofSeconds(5));
    String rotated = tenant.keys().rotate(SigningAlgorithm.RS256);
    tenant.faults().dropNext(JWKS, 1000);

    var e = assertUnavailable(auth, tenant.token().keyId(rotated).sign());
    assertTrue(e.getMessage().contains("cannot be fetched: "), e.getMessage());
  }

  @Test
  void aNewKidWhileTheJwksAnswersPastKeyFetchWaitIsAnOutageNotAnUnknownKey()
      throws InterruptedException {
    ProtektAuth auth = warm(Duration.ofMillis(300));
    String rotated = tenant.keys().rotate(SigningAlgorithm.RS256);
    String token = tenant.token().keyId(rotated).subject("protekt|ada").sign();
    tenant.faults().delayNext(JWKS, 1, Duration.ofMillis(1_500));

    var e = assertUnavailable(auth, token);
    assertTrue(e.getMessage().matches(".* the keys fetched for it have not arrived within the"
        + " request's keyFetchWait \\(300 ms\\): it waited \\d+ ms for their fetch, running for \\d+"
        + " ms; the fetch goes on in the background\\."), e.getMessage());
    // Once that fetch is older than the wait, a request does not wait for it: its refusal says
    // so. (The first request's wait counts from its own start, a little before the fetch's.)
    Thread.sleep(100);
    e = assertUnavailable(auth, token);
    assertTrue(e.getMessage().contains("the keys fetched for it have not arrived: their fetch has"
        + " been running for ") && e.getMessage().endsWith(" ms, longer than keyFetchWait (300 ms),"
        + " so the request did not wait for it; the fetch goes on in the background."),
        e.getMessage());
    // The fetch went on and brought the key.
    KeyFetchWaitTest.warmUp(auth, token);
    assertEquals("protekt|ada", auth.verifyToken(token).subject());
    assertEquals(1, fetches());
  }

  @Test
  void aMadeUpKidIsUnknownWithTheTenantUpAndOnceTheBucketIsSpent() {
    ProtektAuth auth = warm(Duration.ofSeconds(5));
    String token = tenant.token().sign();
    for (int i = 0; i < JwksKeySource.REFRESH_BURST; i++) {
      assertRejected(auth, Tokens.withHeaderParam(token, "kid", "made-up-" + i), Reason.UNKNOWN_KEY);
    }
    assertEquals(JwksKeySource.REFRESH_BURST, fetches());
    // The bucket refuses a fetch after successful ones: a flood, not an outage.
    assertRejected(auth, Tokens.withHeaderParam(token, "kid", "made-up-last"), Reason.UNKNOWN_KEY);
    assertEquals(JwksKeySource.REFRESH_BURST, fetches());
    assertEquals(0, refused("keys_unavailable"));
  }

  @Test
  void anEmptyBucketAfterFailedFetchesIsAnOutageUntilItsNextToken() {
    ProtektAuth auth = warm(Duration.ofSeconds(5));
    String rotated = tenant.keys().rotate(SigningAlgorithm.RS256);
    String token = tenant.token().keyId(rotated).sign();
    tenant.faults().failNext(JWKS, 1000, 503);
    for (int i = 0; i < JwksKeySource.REFRESH_BURST; i++) {
      assertUnavailable(auth, token);
      clock.advance(Duration.ofSeconds(2));
    }
    assertEquals(JwksKeySource.REFRESH_BURST, fetches());

    // The pause is over but the bucket is spent: no fetch, and the last one failed.
    var e = assertUnavailable(auth, token);
    // Tokens taken 0, 2 and 4 s in put the bucket's next one at 30 s in, 24 s from now.
    assertTrue(e.getMessage().endsWith("the next fetch starts in 24 s."), e.getMessage());
    assertEquals(Duration.ofSeconds(24), e.retryAfter().orElseThrow());
    assertEquals("24", AuthErrorResponse.from(e, null).headers().get("Retry-After"));
    assertEquals(JwksKeySource.REFRESH_BURST, fetches());
  }

  @Test
  void withSeveralIssuersEachIssuersOwnFetchDecides() {
    try (LocalTenant other = LocalTenant.start()) {
      ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain())
          .additionalIssuers(other.domain()).audience(tenant.apiAudience()).cacheEnabled(false)
          .retryAttempts(0).keyFetchWait(Duration.ofSeconds(5)).clock(clock).build();
      auth.verifyToken(tenant.token().sign());
      auth.verifyToken(other.token().sign());
      String rotated = tenant.keys().rotate(SigningAlgorithm.RS256);
      String otherRotated = other.keys().rotate(SigningAlgorithm.RS256);
      tenant.faults().failNext(JWKS, 1000, 503);

      var e = assertUnavailable(auth, tenant.token().keyId(rotated).sign());
      assertTrue(e.getMessage().startsWith("The signing keys of " + tenant.domain() + " "),
          e.getMessage());
      // The other issuer's fetches succeed: its new kid verifies, a made-up one is unknown.
      assertEquals("bob",
          auth.verifyToken(other.token().keyId(otherRotated).subject("bob").sign()).subject());
      assertRejected(auth, Tokens.withHeaderParam(other.token().sign(), "kid", "made-up"),
          Reason.UNKNOWN_KEY);
    }
  }

  @Test
  void aFetchThatBeganBeforeTheTokenArrivedIsFollowedByAnother() {
    ProtektAuth auth = warm(Duration.ofSeconds(10));
    // A refresh ahead of the TTL starts in the background and trickles the keys of before the
    // rotation (a byte every 2 ms, a second or so) while the first token of the new key arrives.
    tenant.faults().trickleNext(JWKS, 1, Duration.ofMillis(2));
    // Ten seconds before the default TTL of ten minutes ends.
    clock.advance(Duration.ofMinutes(10).minusSeconds(10));
    auth.verifyToken(tenant.token().sign());
    Eventually.holds("the refresh reached the tenant", () -> fetches() == 1);
    String rotated = tenant.keys().rotate(SigningAlgorithm.RS256);

    assertEquals("protekt|ada",
        auth.verifyToken(tenant.token().keyId(rotated).subject("protekt|ada").sign()).subject());
    // The trickled answer was written before the rotation (the tenant builds it as it logs the
    // request, while the rotation first makes an RSA key), so the new key came from a second.
    assertEquals(2, fetches());
  }
}
