package dev.protekt.internal.jwt;

import static dev.protekt.internal.jwt.JwksKeySourceTest.JWKS;
import static dev.protekt.internal.jwt.Tokens.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.protekt.Eventually;
import dev.protekt.InvalidTokenException;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.MutableClock;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.SigningAlgorithm;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How long a key withdrawn from the JWKS keeps verifying, as the README states it: until a refresh
 * brings the set without it. That refresh starts with the first request past the refresh-ahead
 * point ({@code cacheTtl} less a tenth of it, 30 s at most) and, while it runs, every request, cached
 * or not, is verified with the keys in hand, the withdrawn one included, past {@code cacheTtl}:
 * the keys are served while they are revalidated, as through an outage. The refresh is held by the
 * tenant rather than timed, and the clock is the test's.
 */
class WithdrawnKeyBoundTest {
  private static final Duration TTL = Duration.ofSeconds(60);
  /** {@code cacheTtl} less a tenth of it: the refresh-ahead point. */
  private static final Duration REFRESH_AHEAD_POINT = Duration.ofSeconds(54);

  /** A tenant of each test's own: the fetch a test holds must not reach the next one's. */
  private final LocalTenant tenant = LocalTenant.start();
  private final MutableClock clock = new MutableClock();

  @AfterEach
  void stop() {
    tenant.close();
  }

  @Test
  void aWithdrawnKeyVerifiesEveryRequestWhileTheRefreshRunsThenNone() {
    try (ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain())
        .audience(tenant.apiAudience()).cacheTtl(TTL).retryAttempts(0).clock(clock)
        // Far longer than the test holds the refresh: a slow machine must not time it out.
        .timeout(Duration.ofSeconds(30)).build()) {
      String old = tenant.keys().current();
      String cached = tenant.token().expiresIn(Duration.ofHours(2)).sign();
      String neverCached = tenant.token().expiresIn(Duration.ofHours(2)).sign();
      ProtektUser first = auth.verifyToken(cached);
      tenant.keys().rotate(SigningAlgorithm.RS256);
      tenant.keys().retire(old);
      tenant.clearRequests();
      tenant.faults().hangNext(JWKS, 1);

      // Before the refresh-ahead point no request fetches: the withdrawn key verifies.
      clock.advance(REFRESH_AHEAD_POINT.minusSeconds(1));
      assertSame(first, auth.verifyToken(cached));
      assertNotNull(auth.verifyToken(neverCached));
      assertEquals(0, tenant.requests(JWKS).size());

      // The first request past it (a cache hit here) starts the refresh and is verified as before.
      clock.advance(Duration.ofSeconds(2));
      assertSame(first, auth.verifyToken(cached));
      Eventually.holds("the refresh reaches the tenant", () -> !tenant.requests(JWKS).isEmpty());

      // However long the refresh runs, past cacheTtl too, every request is verified with the keys
      // in hand, the withdrawn one included, the cached token's entry over or not.
      assertNotNull(auth.verifyToken(neverCached));
      clock.advance(TTL);
      assertNotNull(auth.verifyToken(cached));
      assertNotNull(auth.verifyToken(neverCached));
      assertEquals(1, tenant.requests(JWKS).size(), "a request fetched beside the refresh");

      // Once it ends, no token of the withdrawn key verifies, whether cached or not.
      tenant.faults().clear();
      Eventually.holds("the refresh withdraws the key", () -> {
        try {
          auth.verifyToken(neverCached);
          return false;
        } catch (InvalidTokenException e) {
          return e.reason() == Reason.UNKNOWN_KEY;
        }
      });
      assertRejected(auth, cached, Reason.UNKNOWN_KEY);
    }
  }
}
