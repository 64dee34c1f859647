package dev.protekt.internal.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.ConfigurationException;
import dev.protekt.MutableClock;
import dev.protekt.ProtektAuth;
import dev.protekt.Repeatedly;
import dev.protekt.health.Failure;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.users.Tenants;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A discovery document naming another issuer is a configuration to fix, not an outage: it is asked
 * for again every half minute rather than every second, and a document fixed meanwhile is taken.
 */
@ExtendWith(LocalTenantExtension.class)
class MisconfigurationPauseTest {
  private static final String DISCOVERY = "/.well-known/openid-configuration";
  private static final String JWKS = "/.well-known/jwks.json";

  private final LocalTenant tenant;

  MisconfigurationPauseTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  /** Until the faults are cleared, {@code tenant}'s discovery names an issuer under its path. */
  private static void namesAnotherIssuer(LocalTenant tenant) {
    tenant.faults().failNext(DISCOVERY, 1_000, 200, Map.of("Content-Type", "application/json"),
        "{\"issuer\":\"" + tenant.domain() + "/elsewhere\",\"jwks_uri\":\"" + tenant.domain()
            + JWKS + "\"}");
  }

  @Test
  void theDomainsDiscoveryIsAskedAgainEveryHalfMinuteAndAFixIsTaken() {
    MutableClock clock = new MutableClock();
    ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain())
        .audience(tenant.apiAudience()).retryAttempts(0).clock(clock)
        .keyFetchWait(Duration.ofSeconds(10)).build();
    namesAnotherIssuer(tenant);
    String token = tenant.token().sign();
    // A request each second for a minute.
    for (int second = 0; second < 60; second++) {
      assertThrows(ConfigurationException.class, () -> auth.verifyToken(token));
      clock.advance(Duration.ofSeconds(1));
    }
    int asked = tenant.requests(DISCOVERY).size();
    assertTrue(asked >= 2 && asked <= 3, "discovery asked " + asked + " times in a minute");
    assertEquals(Failure.Kind.MISCONFIGURED, auth.health().keys().lastFailure().kind());

    tenant.faults().clear();
    clock.advance(Duration.ofSeconds(30));
    assertEquals(tenant.issuer(), auth.verifyToken(token).issuer());
  }

  @Test
  void machineTokensAskItAgainEveryHalfMinuteToo() {
    MutableClock clock = new MutableClock();
    ProtektAuth auth = Tenants.client(tenant).retryAttempts(0).clock(clock)
        .keyFetchWait(Duration.ofSeconds(10)).build();
    namesAnotherIssuer(tenant);
    for (int second = 0; second < 60; second++) {
      assertThrows(ConfigurationException.class, auth::getAccessToken);
      clock.advance(Duration.ofSeconds(1));
    }
    int asked = tenant.requests(DISCOVERY).size();
    assertTrue(asked >= 2 && asked <= 3, "discovery asked " + asked + " times in a minute");

    tenant.faults().clear();
    clock.advance(Duration.ofSeconds(30));
    assertTrue(auth.getAccessToken().startsWith("ey"));
  }

  @Test
  void keysFetchedDuringTheMisconfigurationPauseWaitOnlyUntilItEnds() {
    // The pause starts with a machine token; keys fetched 20 s into it get a copy of the refusal,
    // whose 30 s must not start over (they would be held off until 50 s).
    MutableClock clock = new MutableClock();
    ProtektAuth auth = Tenants.client(tenant).audience(tenant.apiAudience()).retryAttempts(0)
        .clock(clock).keyFetchWait(Duration.ofSeconds(10)).build();
    namesAnotherIssuer(tenant);
    assertThrows(ConfigurationException.class, auth::getAccessToken);
    String token = tenant.token().sign();
    clock.advance(Duration.ofSeconds(20));
    assertThrows(ConfigurationException.class, () -> auth.verifyToken(token));
    assertEquals(1, tenant.requests(DISCOVERY).size());

    tenant.faults().clear();
    clock.advance(Duration.ofSeconds(10));
    assertEquals(tenant.issuer(), auth.verifyToken(token).issuer());
    assertEquals(2, tenant.requests(DISCOVERY).size());
  }

  @Test
  void anotherIssuersDiscoveryIsNotAskedAgainWithinASecondOrTwo() {
    try (LocalTenant other = LocalTenant.start()) {
      namesAnotherIssuer(other);
      ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain())
          .additionalIssuers(other.domain()).audience(tenant.apiAudience()).retryAttempts(0)
          .keyFetchWait(Duration.ofSeconds(10)).build();
      String token = other.token().sign();
      // Another issuer's discovery runs by the real time: a bounded one, a request each 20 ms.
      Repeatedly.during(Duration.ofMillis(2_500),
          () -> assertThrows(ConfigurationException.class, () -> auth.verifyToken(token)));
      assertEquals(1, other.requests(DISCOVERY).size());
    }
  }
}
