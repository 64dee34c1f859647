package dev.protekt.internal.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.CapturedLog;
import dev.protekt.Eventually;
import dev.protekt.KeysUnavailableException;
import dev.protekt.MutableClock;
import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An outage of the key set with traffic logs one WARN per kind of failure, not one per fetch (about
 * one a second), then one INFO when a fetch succeeds again.
 */
@ExtendWith(LocalTenantExtension.class)
class KeyFetchOutageLogTest {
  private static final String JWKS = "/.well-known/jwks.json";

  private final LocalTenant tenant;
  private final MutableClock clock = new MutableClock();
  private ProtektAuth auth;

  KeyFetchOutageLogTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @BeforeEach
  void build() {
    auth = ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .retryAttempts(0).clock(clock).build();
  }

  @AfterEach
  void close() {
    auth.close();
  }

  /** Sends requests, each a pause later, until the {@code n}th request for the keys went out. */
  private void trafficUntilFetch(int n) {
    Eventually.holds("key fetch " + n, () -> {
      clock.advance(Duration.ofSeconds(2));
      try {
        auth.verifyToken(tenant.token().sign());
      } catch (KeysUnavailableException e) {
        // What every request meets during the outage.
      }
      return tenant.requests(JWKS).size() >= n;
    });
  }

  private static long lines(String log, String level, String text) {
    return log.lines()
        .filter(line -> line.contains(level + " dev.protekt.keys - ") && line.contains(text))
        .count();
  }

  @Test
  void anOutageLogsOneWarnPerKindOfFailureAndOneInfoWhenItEnds() {
    String cannot = "The signing keys of " + tenant.domain() + " cannot be fetched (";
    String again = "Fetched the signing keys of " + tenant.domain() + " again";

    String log = CapturedLog.until(again, () -> {
      tenant.faults().failNext(JWKS, 1000, 500);
      trafficUntilFetch(4);
      // Another kind of failure: worth a WARN of its own.
      tenant.faults().clear();
      tenant.faults().failNext(JWKS, 1000, 404);
      int before = tenant.requests(JWKS).size();
      trafficUntilFetch(before + 3);
      tenant.faults().clear();
      Eventually.holds("the keys are fetched again", () -> {
        clock.advance(Duration.ofSeconds(2));
        try {
          return auth.verifyToken(tenant.token().sign()) != null;
        } catch (KeysUnavailableException e) {
          return false;
        }
      });
    });

    assertEquals(1, lines(log, "WARN", "answered HTTP 500)"), log);
    assertEquals(1, lines(log, "WARN", "answered HTTP 404)"), log);
    assertEquals(2, lines(log, "WARN", cannot), log);
    assertTrue(lines(log, "DEBUG", cannot) >= 4, log);
    assertEquals(2, lines(log, "WARN", "Further failures of this kind are logged at DEBUG"), log);
    assertEquals(1, lines(log, "INFO", again), log);
  }
}
