package dev.protekt.internal.jwt;

import static dev.protekt.internal.jwt.JwksKeySourceTest.JWKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.Eventually;
import dev.protekt.InvalidTokenException;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.KeysUnavailableException;
import dev.protekt.MutableClock;
import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nobody queues behind a key fetch, measured on the wall clock with a JWKS endpoint that hangs:
 * callers whose key is in hand answer at once, callers that need a fetch within keyFetchWait.
 */
@ExtendWith(LocalTenantExtension.class)
class KeyFetchWaitTest {
  /** The bound on a request that needs no fetch. */
  private static final long AT_ONCE_MILLIS = 100;
  private static final Duration WAIT = Duration.ofMillis(500);
  /** keyFetchWait plus room for a loaded two-core machine. */
  private static final long WAIT_BOUND_MILLIS = WAIT.toMillis() + 2_500;

  private final LocalTenant tenant;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  KeyFetchWaitTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @BeforeEach
  void forgetRequests() {
    tenant.clearRequests();
  }

  @AfterEach
  void release() throws InterruptedException {
    tenant.faults().clear();
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  /** A client whose every fetch hangs as long as the endpoint does (one attempt of 20 s). */
  private ProtektAuth client(Clock clock) {
    return ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .cacheEnabled(false).retryAttempts(0).timeout(Duration.ofSeconds(20)).keyFetchWait(WAIT)
        .clock(clock).build();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  @Test
  void aHangingKeyEndpointAndFortyUnknownKidsLeaveKnownKidsAnsweringAtOnce() throws Exception {
    ProtektAuth auth = client(Clock.systemUTC());
    String known = tenant.token().sign();
    auth.verifyToken(known);
    tenant.faults().hangNext(JWKS, 1000);

    List<Future<Long>> unknown = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String bogus = Tokens.withHeaderParam(known, "kid", "made-up-" + i);
      unknown.add(pool.submit(() -> {
        long started = System.nanoTime();
        var e = assertThrows(InvalidTokenException.class, () -> auth.verifyToken(bogus));
        assertEquals(Reason.UNKNOWN_KEY, e.reason());
        return millisSince(started);
      }));
    }
    long slowestKnown = 0;
    long until = System.nanoTime() + WAIT.toNanos() * 3;
    while (System.nanoTime() - until < 0) {
      long started = System.nanoTime();
      auth.verifyToken(known);
      slowestKnown = Math.max(slowestKnown, millisSince(started));
    }
    assertTrue(slowestKnown < AT_ONCE_MILLIS, "a known kid took " + slowestKnown + " ms");
    for (Future<Long> f : unknown) {
      long took = f.get(WAIT_BOUND_MILLIS, TimeUnit.MILLISECONDS);
      assertTrue(took < WAIT_BOUND_MILLIS, "an unknown kid took " + took + " ms");
    }
    assertEquals(2, tenant.requests(JWKS).size(), "one fetch in flight at a time");
  }

  @Test
  void aKnownKidNeverWaitsForTheRefreshOfExpiredKeys() {
    MutableClock clock = new MutableClock();
    ProtektAuth auth = client(clock);
    String known = tenant.token().sign();
    auth.verifyToken(known);
    tenant.faults().hangNext(JWKS, 1000);
    clock.advance(Duration.ofHours(1));

    for (int i = 0; i < 20; i++) {
      long started = System.nanoTime();
      auth.verifyToken(known);
      long took = millisSince(started);
      assertTrue(took < AT_ONCE_MILLIS, "a known kid took " + took + " ms");
    }
    Eventually.holds("a refresh in the background", () -> tenant.requests(JWKS).size() == 2);
    assertEquals(2, tenant.requests(JWKS).size());
  }

  @Test
  void withoutKeysAHangingEndpointIsA503WithinTheWait() throws Exception {
    ProtektAuth auth = client(Clock.systemUTC());
    String token = tenant.token().sign();
    tenant.faults().hangNext(JWKS, 1000);

    List<Future<Long>> callers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      callers.add(pool.submit(() -> {
        long started = System.nanoTime();
        var e = assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
        assertTrue(e.getMessage().contains("keyFetchWait"), e.getMessage());
        return millisSince(started);
      }));
    }
    for (Future<Long> f : callers) {
      long took = f.get(WAIT_BOUND_MILLIS, TimeUnit.MILLISECONDS);
      assertTrue(took < WAIT_BOUND_MILLIS, "a caller without keys took " + took + " ms");
    }
    // Later callers do not wait on a fetch already older than the wait.
    long started = System.nanoTime();
    assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    assertTrue(millisSince(started) < AT_ONCE_MILLIS, "took " + millisSince(started) + " ms");
    assertEquals(1, tenant.requests(JWKS).size());

    tenant.faults().clear();
    Eventually.holds("the released fetch brings the keys", () -> {
      try {
        return auth.verifyToken(token) != null;
      } catch (KeysUnavailableException e) {
        return false;
      }
    });
  }
}
