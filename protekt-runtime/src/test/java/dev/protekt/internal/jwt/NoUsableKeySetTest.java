package dev.protekt.internal.jwt;

import static dev.protekt.internal.jwt.JwksKeySourceTest.JWKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.CapturedLog;
import dev.protekt.Eventually;
import dev.protekt.KeysUnavailableException;
import dev.protekt.MutableClock;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import dev.protekt.health.Failure;
import dev.protekt.health.KeySetHealth;
import dev.protekt.metrics.MicrometerMetrics;
import dev.protekt.testing.LocalTenant;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A key set without a key that can verify a token is a failed fetch, whether it is the first or
 * follows good keys: counted as a bad answer, its tokens refused as an outage (503), never as
 * unknown keys (401), the keys in hand dropped, and the next fetch a second later.
 */
class NoUsableKeySetTest {
  private static final Duration TTL = Duration.ofMinutes(10);
  private static final String EMPTY = "{\"keys\":[]}";

  /** A tenant of each test's own: the tests count its fetches. */
  private final LocalTenant tenant = LocalTenant.start();
  private final MutableClock clock = new MutableClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain())
      .audience(tenant.apiAudience()).cacheTtl(TTL).retryAttempts(0).clock(clock)
      .metrics(MicrometerMetrics.of(registry)).build();

  @AfterEach
  void release() {
    auth.close();
    tenant.close();
  }

  private void serveEmptyKeySetNext() {
    tenant.faults().failNext(JWKS, 1, 200, Map.of("Content-Type", "application/json"), EMPTY);
  }

  private long fetches(String result) {
    Timer timer = registry.find("protekt.keys.fetches").tag("result", result).timer();
    return timer == null ? 0 : timer.count();
  }

  /** The refusal of {@code token}, which must be an outage saying the set has no keys. */
  private KeysUnavailableException refused(String token) {
    KeysUnavailableException e =
        assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    assertTrue(e.getMessage().startsWith("The signing keys of " + tenant.domain()
        + " cannot be used: JWKS at " + tenant.domain() + JWKS + " has no keys. None of its"
        + " tokens can be verified until a fetch succeeds; the next fetch starts in 1 s."),
        e.getMessage());
    assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
    return e;
  }

  @Test
  void anEmptyFirstKeySetIsAnOutageThatEndsASecondLater() {
    serveEmptyKeySetNext();
    String token = tenant.token().subject("protekt|ada").sign();

    refused(token);
    assertEquals(1, fetches("bad_answer"));
    assertEquals(0, fetches("success"));
    KeySetHealth health = auth.health().keys();
    assertEquals(KeySetHealth.State.NO_USABLE_KEYS, health.state());
    assertEquals(Failure.Kind.BAD_ANSWER, health.lastFailure().kind());
    // No keys in use, so no age: the refused set's fetch time is not one.
    assertTrue(Double.isNaN(registry.get("protekt.keys.age").gauge().value()));
    // During the pause after it, no other fetch.
    refused(token);
    assertEquals(1, tenant.requests(JWKS).size());

    // Not the 30 s an unknown kid is remembered for: the key published again is taken at once.
    clock.advance(Duration.ofSeconds(1));
    assertEquals("protekt|ada", auth.verifyToken(token).subject());
    assertEquals(1, fetches("success"));
    assertEquals(KeySetHealth.State.FRESH, auth.health().keys().state());
  }

  @Test
  void anEmptyKeySetAfterGoodKeysDropsThemAndTheirCachedTokens() {
    String token = tenant.token().subject("protekt|ada").sign();
    ProtektUser cached = auth.verifyToken(token);
    serveEmptyKeySetNext();
    clock.advance(TTL);

    String log = CapturedLog.of(() -> {
      auth.health();
      Eventually.holds("the empty key set is fetched",
          () -> auth.health().keys().state() == KeySetHealth.State.NO_USABLE_KEYS);
    });
    assertEquals(1, fetches("bad_answer"));
    // A tenant emptying its key set revokes every token, the cached verification too.
    refused(token);
    assertEquals(2, tenant.requests(JWKS).size());
    assertTrue(log.contains("WARN dev.protekt.keys - The JWKS of " + tenant.domain() + " at "
        + tenant.domain() + JWKS + " has no keys; none of its tokens can be verified until it"
        + " publishes one (the 1 key(s) fetched before are dropped)."), log);

    clock.advance(Duration.ofSeconds(1));
    ProtektUser again = auth.verifyToken(token);
    assertNotSame(cached, again);
    assertEquals("protekt|ada", again.subject());
    assertEquals(2, fetches("success"));
  }
}
