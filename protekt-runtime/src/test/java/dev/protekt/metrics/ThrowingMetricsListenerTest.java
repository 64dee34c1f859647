package dev.protekt.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.CapturedLog;
import dev.protekt.InvalidTokenException;
import dev.protekt.ProtektAuth;
import dev.protekt.health.Failure;
import dev.protekt.health.KeySetHealth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.testing.SigningAlgorithm;
import dev.protekt.users.Tenants;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A user's {@link ProtektMetrics} that throws from every event changes nothing the SDK decides or
 * reports: verifications, refusals, key fetches and health are those of a client without it.
 */
@ExtendWith(LocalTenantExtension.class)
class ThrowingMetricsListenerTest {
  /** What the listener's exceptions say: it must not reach a log line or a caller. */
  private static final String SAYS = "listener broke: internal detail";

  /** Throws from every event it hears. */
  private static final class Throwing implements ProtektMetrics {
    @Override
    public void closed(ProtektAuth auth) {
      throw new IllegalStateException(SAYS);
    }

    /** A checked exception, undeclared, as Kotlin or {@code @SneakyThrows} code throws one. */
    @Override
    public void tokenCacheHit() {
      Throwing.<RuntimeException>sneaky(new java.io.IOException(SAYS));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Exception> void sneaky(Exception e) throws T {
      throw (T) e;
    }

    @Override
    public void tokenCacheMiss() {
      throw new IllegalStateException(SAYS);
    }

    @Override
    public void tokenVerified(long nanos) {
      throw new IllegalStateException(SAYS);
    }

    @Override
    public void tokenRefused(InvalidTokenException.Reason reason, long nanos) {
      throw new IllegalStateException(SAYS);
    }

    @Override
    public void keysFetched(String issuer, Failure.Kind failure, long nanos) {
      throw new IllegalStateException(SAYS);
    }

    @Override
    public void machineTokenFetched(Failure.Kind failure, long nanos) {
      throw new IllegalStateException(SAYS);
    }
  }

  private final LocalTenant tenant;

  ThrowingMetricsListenerTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  private static long lines(String log, String text) {
    return log.lines().filter(line -> line.contains(text)).count();
  }

  @Test
  void verificationsRefusalsFetchesAndHealthAreAsWithoutTheListener() {
    String log = CapturedLog.of(() -> {
      try (ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain())
          .audience(tenant.apiAudience()).metrics(new Throwing()).build()) {
        assertTrue(auth.warmUp().complete(), "a fetch whose listener threw is still a success");
        KeySetHealth keys = auth.health().keys();
        assertEquals(KeySetHealth.State.FRESH, keys.state());
        assertNull(keys.lastFailure());

        String token = tenant.token().sign();
        assertNotNull(auth.verifyToken(token));
        assertNotNull(auth.verifyToken(token), "a cache hit");
        assertNotNull(auth.verifyToken(token));
        String expired = tenant.token().expiresAt(Instant.now().minus(Duration.ofHours(1))).sign();
        InvalidTokenException refused =
            assertThrows(InvalidTokenException.class, () -> auth.verifyToken(expired));
        assertEquals(InvalidTokenException.Reason.EXPIRED, refused.reason());

        // A new kid: its fetch succeeds, its listener call throwing, and the token verifies.
        tenant.keys().rotate(SigningAlgorithm.RS256);
        assertNotNull(auth.verifyToken(tenant.token().sign()));
        assertEquals(KeySetHealth.State.FRESH, auth.health().keys().state());
        assertNull(auth.health().keys().lastFailure());
      }
    });

    assertFalse(log.contains(SAYS), log);
    assertFalse(log.contains("Exception in thread"), log);
    assertFalse(log.contains("cannot be fetched"), log);
    assertEquals(1, lines(log, "threw java.io.IOException from tokenCacheHit()"), log);
    assertEquals(1, lines(log, "threw java.lang.IllegalStateException from keysFetched()"), log);
    assertEquals(1, lines(log, "threw java.lang.IllegalStateException from tokenRefused()"), log);
    assertEquals(1, lines(log, "from closed()"), log);
  }

  @Test
  void aMachineTokenIsFetchedWhateverTheListenerThrows() {
    try (ProtektAuth auth = Tenants.client(tenant).metrics(new Throwing()).build()) {
      assertNotNull(auth.getAccessToken());
      assertEquals(auth.getAccessToken(), auth.getAccessToken());
    }
  }
}
