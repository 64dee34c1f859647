package dev.protekt.internal.jwt;

import static dev.protekt.internal.jwt.JwksKeySourceTest.JWKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.Eventually;
import dev.protekt.KeysUnavailableException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.health.KeySetHealth;
import dev.protekt.http.AuthErrorResponse;
import dev.protekt.internal.http.CallInterruptedException;
import dev.protekt.metrics.MicrometerMetrics;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.SigningAlgorithm;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A thread interrupted while its verification waits for a key fetch stops waiting at once, stays
 * interrupted, and is told it was interrupted, as a Users API call is: not that the keys did not
 * arrive within {@code keyFetchWait}, and not counted as keys unavailable, since an interrupted
 * thread is ending its request, which is no outage of the tenant's. The fetch goes on.
 */
class KeyWaitInterruptTest {
  /** Far longer than any test here: a wait that ended did so by the interrupt. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** A tenant of each test's own: a fetch a test leaves held must not reach the next one's. */
  private final LocalTenant tenant = LocalTenant.start();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void stop() {
    tenant.close();
  }

  private ProtektAuth client() {
    return ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .cacheEnabled(false).retryAttempts(0).timeout(Duration.ofSeconds(30)).keyFetchWait(WAIT)
        .metrics(MicrometerMetrics.of(registry)).build();
  }

  /**
   * Verifies {@code token} on a thread of its own, interrupted once the tenant holds the JWKS
   * request (before or while the thread waits for it: either way the wait is the interrupt's to
   * end); returns what it threw and whether it was still interrupted then.
   */
  private Interrupted verifyInterrupted(ProtektAuth auth, String token) throws Exception {
    CompletableFuture<Interrupted> outcome = new CompletableFuture<>();
    Thread verifier = new Thread(() -> {
      try {
        auth.verifyToken(token);
        outcome.complete(new Interrupted(null, Thread.currentThread().isInterrupted()));
      } catch (RuntimeException e) {
        outcome.complete(new Interrupted(e, Thread.currentThread().isInterrupted()));
      }
    }, "verifier");
    verifier.start();
    Eventually.holds("the tenant holds the key fetch", () -> !tenant.requests(JWKS).isEmpty());
    verifier.interrupt();
    try {
      // Well under WAIT: only the interrupt ends the wait this soon.
      return outcome.get(WAIT.toSeconds() / 3, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  private record Interrupted(RuntimeException thrown, boolean stillInterrupted) {}

  private static void assertInterrupted(Interrupted outcome, String token) {
    assertNotNull(outcome.thrown(), "verified though interrupted while no keys were in hand");
    RuntimeException e = outcome.thrown();
    assertTrue(e instanceof CallInterruptedException, () -> "expected an interrupt, got " + e);
    assertTrue(e instanceof ProtektUnavailableException);
    assertFalse(e instanceof KeysUnavailableException, "an interrupt is no outage of the keys");
    assertTrue(e.getMessage().startsWith("The wait for the signing keys of "), e.getMessage());
    assertTrue(e.getMessage().contains(" was interrupted after "), e.getMessage());
    assertTrue(e.getMessage().endsWith("; the fetch goes on in the background."), e.getMessage());
    assertFalse(e.getMessage().contains("keyFetchWait"), e.getMessage());
    assertFalse(e.getMessage().contains(token), "message leaks the token");
    assertTrue(outcome.stillInterrupted(), "the interrupt was swallowed");
  }

  private double keysUnavailable() {
    Timer timer = registry.find("protekt.token.verification").tag("outcome", "keys_unavailable")
        .timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void aFirstFetchWaitedForEndsWithTheInterruptAndGoesOn() throws Exception {
    tenant.faults().hangNext(JWKS, 1);
    String token = tenant.token().sign();
    try (ProtektAuth auth = client()) {
      assertInterrupted(verifyInterrupted(auth, token), token);
      assertEquals(0, keysUnavailable(), "an interrupt counted as keys unavailable");
      KeySetHealth keys = auth.health().keys();
      assertEquals(KeySetHealth.State.NEVER_FETCHED, keys.state());
      assertEquals(null, keys.lastFailure(), "an interrupt reported as a failed fetch");

      tenant.faults().clear();
      Eventually.holds("the held fetch brings the keys",
          () -> auth.health().keys().state() == KeySetHealth.State.FRESH);
      assertEquals(1, tenant.requests(JWKS).size(), "the interrupt started another fetch");
      assertNotNull(auth.verifyToken(token));
    }
  }

  @Test
  void aThreadAlreadyInterruptedDoesNotWaitForTheFetch() {
    tenant.faults().hangNext(JWKS, 1);
    String token = tenant.token().sign();
    try (ProtektAuth auth = client()) {
      Thread.currentThread().interrupt();
      RuntimeException e;
      try {
        e = assertThrows(RuntimeException.class, () -> auth.verifyToken(token));
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt was swallowed");
      }
      assertInterrupted(new Interrupted(e, true), token);
      assertEquals(0, keysUnavailable(), "an interrupt counted as keys unavailable");

      // Answered as the service's own trouble, not as the identity provider's (502).
      AuthErrorResponse answer = AuthErrorResponse.from(e, "api");
      assertEquals(503, answer.status());
      assertEquals("temporarily_unavailable", answer.error());
      assertFalse(answer.headers().containsKey("Retry-After"), answer.headers().toString());
    }
  }

  @Test
  void aFetchForAnUnknownKidWaitedForEndsWithTheInterrupt() throws Exception {
    try (ProtektAuth auth = client()) {
      auth.verifyToken(tenant.token().sign());
      tenant.keys().rotate(SigningAlgorithm.RS256);
      tenant.clearRequests();
      tenant.faults().hangNext(JWKS, 1);
      String rotated = tenant.token().sign();
      assertInterrupted(verifyInterrupted(auth, rotated), rotated);
      assertEquals(0, keysUnavailable(), "an interrupt counted as keys unavailable");
      assertEquals(KeySetHealth.State.FRESH, auth.health().keys().state());

      tenant.faults().clear();
      Eventually.holds("the held fetch brings the new key", () -> {
        try {
          return auth.verifyToken(rotated) != null;
        } catch (KeysUnavailableException e) {
          return false;
        }
      });
    }
  }
}
