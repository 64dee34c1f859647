package dev.protekt.internal.jwt;

import static dev.protekt.internal.jwt.Tokens.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.CapturedLog;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.KeysUnavailableException;
import dev.protekt.MutableClock;
import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.testing.SigningAlgorithm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Keys from the tenant's JWKS: rotation, outages and floods of made-up kids. */
@ExtendWith(LocalTenantExtension.class)
class JwksKeySourceTest {
  private static final String JWKS = "/.well-known/jwks.json";
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

  @Test
  void fetchesTheKeysOnceAndKeepsThemForTheTtl() {
    for (int i = 0; i < 5; i++) {
      auth.verifyToken(tenant.token().sign());
    }
    assertEquals(1, tenant.requests(JWKS).size());
    assertEquals(1, tenant.requests("/.well-known/openid-configuration").size());
    clock.advance(TTL.plusSeconds(1));
    auth.verifyToken(tenant.token().sign());
    assertEquals(2, tenant.requests(JWKS).size());
  }

  @Test
  void followsAKeyRotationWithoutRestart() {
    String before = tenant.keys().current();
    auth.verifyToken(tenant.token().sign());
    String rotated = tenant.keys().rotate(SigningAlgorithm.RS256);
    clock.advance(Duration.ofSeconds(6));

    auth.verifyToken(tenant.token().sign());
    auth.verifyToken(tenant.token().keyId(before).sign());
    assertEquals(2, tenant.requests(JWKS).size());

    tenant.keys().retire(before);
    clock.advance(TTL.plusSeconds(1));
    auth.verifyToken(tenant.token().keyId(rotated).sign());
    assertRejected(auth, tenant.token().keyId(before).sign(), Reason.UNKNOWN_KEY);
  }

  @Test
  void keepsVerifyingWhileTheJwksIsDown() {
    auth.verifyToken(tenant.token().sign());
    tenant.faults().failNext(JWKS, 1000, 503);
    clock.advance(TTL.plusSeconds(1));
    String log = CapturedLog.of(() -> auth.verifyToken(tenant.token().sign()));
    assertEquals(2, tenant.requests(JWKS).size(), "the expired keys were not refreshed");
    // On the logger the README names, not on this internal class's.
    assertTrue(log.contains("WARN dev.protekt.keys - Could not refresh the tenant's signing keys"),
        log);

    tenant.faults().clear();
    tenant.faults().dropNext(JWKS, 1000);
    clock.advance(Duration.ofSeconds(6));
    auth.verifyToken(tenant.token().sign());
    // OkHttp itself retries a dropped connection once.
    assertTrue(tenant.requests(JWKS).size() >= 3, "the keys were not refreshed again");
  }

  @Test
  void saysKeysAreUnavailableWhenNoneWasEverFetched() {
    tenant.faults().failNext(JWKS, 1000, 503);
    String token = tenant.token().sign();
    var e = assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    assertTrue(e.getMessage().contains("503"), e.getMessage());
    // Callers right after a failure get the same answer without another fetch.
    assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    assertEquals(1, tenant.requests(JWKS).size());

    tenant.faults().clear();
    clock.advance(Duration.ofSeconds(2));
    auth.verifyToken(token);
  }

  @Test
  void fallsBackToTheWellKnownJwksWithoutDiscovery() {
    tenant.faults().failNext("/.well-known/openid-configuration", 1, 404);
    auth.verifyToken(tenant.token().sign());
    assertEquals(1, tenant.requests(JWKS).size());
  }

  @Test
  void aFloodOfUnknownKidsCausesAHandfulOfFetches() {
    String token = tenant.token().sign();
    auth.verifyToken(token);
    for (int i = 0; i < 1000; i++) {
      clock.advance(Duration.ofMillis(10));
      assertRejected(auth, Tokens.withHeaderParam(token, "kid", "bogus-" + i), Reason.UNKNOWN_KEY);
    }
    int fetches = tenant.requests(JWKS).size();
    // 10 s of flood at one refresh per 5 s at most, after the warm-up fetch.
    assertTrue(fetches >= 2 && fetches <= 3, "JWKS fetched " + fetches + " times");
  }

  @Test
  void aConcurrentFloodOfUnknownKidsCausesOneFetch() throws Exception {
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
    assertEquals(2, tenant.requests(JWKS).size());
  }
}
