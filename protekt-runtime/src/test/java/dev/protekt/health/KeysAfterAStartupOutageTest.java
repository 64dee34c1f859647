package dev.protekt.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.Eventually;
import dev.protekt.MutableClock;
import dev.protekt.ProtektAuth;
import dev.protekt.health.KeySetHealth.State;
import dev.protekt.metrics.MicrometerMetrics;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A tenant down when the service starts, then back: with no token traffic at all (a load balancer
 * that took the instance out of rotation sends none), the health probe alone must bring the keys,
 * or the instance stays out until a restart.
 */
@ExtendWith(LocalTenantExtension.class)
class KeysAfterAStartupOutageTest {
  private static final String DISCOVERY = "/.well-known/openid-configuration";
  private static final String JWKS = "/.well-known/jwks.json";

  private final LocalTenant tenant;
  private final MutableClock clock = new MutableClock();
  private final List<ProtektAuth> clients = new ArrayList<>();

  KeysAfterAStartupOutageTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @AfterEach
  void closeClients() {
    clients.forEach(ProtektAuth::close);
  }

  private ProtektAuth client(String... additionalIssuers) {
    ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain())
        .audience(tenant.apiAudience()).additionalIssuers(additionalIssuers).retryAttempts(0)
        .clock(clock).build();
    clients.add(auth);
    return auth;
  }

  /** Polls health as a probe does, each poll a second later by the clock, until keys are fresh. */
  private void probeUntilFresh(ProtektAuth auth) {
    Eventually.holds("a probe polling health() alone brings the keys", () -> {
      clock.advance(Duration.ofSeconds(1));
      return auth.health().keys().state() == State.FRESH;
    });
    assertTrue(auth.health().canVerify());
    assertNotNull(auth.verifyToken(tenant.token().sign()));
  }

  @Test
  void aDiscoveryOutageAtStartEndsWithHealthPolledAlone() {
    // The warm-up's fetch and the next two fail: the probe's own fetches must go on past them.
    tenant.faults().failNext(DISCOVERY, 3, 500);
    ProtektAuth auth = client();

    WarmUp warmUp = auth.warmUp();
    assertEquals(WarmUp.Part.DISCOVERY, warmUp.unreached().get(0).part(), warmUp.toString());
    assertEquals(Failure.Kind.BAD_ANSWER, warmUp.unreached().get(0).failure().kind());
    assertFalse(auth.health().canVerify());

    probeUntilFresh(auth);
  }

  @Test
  void aKeySetOutageAtStartEndsWithHealthPolledAlone() {
    tenant.faults().failNext(JWKS, 3, 500);
    ProtektAuth auth = client();

    WarmUp warmUp = auth.warmUp();
    assertEquals(WarmUp.Part.KEYS, warmUp.unreached().get(0).part(), warmUp.toString());

    probeUntilFresh(auth);
  }

  @Test
  void anAdditionalIssuersOutageAtStartEndsWithHealthPolledAlone() {
    try (LocalTenant other = LocalTenant.start()) {
      other.faults().failNext(JWKS, 3, 500);
      ProtektAuth auth = client(other.domain());

      WarmUp warmUp = auth.warmUp();
      assertEquals(other.domain(), warmUp.unreached().get(0).issuer(), warmUp.toString());

      Eventually.holds("a probe polling health() alone brings the other issuer's keys", () -> {
        clock.advance(Duration.ofSeconds(1));
        return auth.health().keys().state() == State.FRESH;
      });
      assertNotNull(auth.verifyToken(other.token().sign()));
    }
  }

  @Test
  void readingTheKeysAgeGaugeAloneBringsTheKeysAfterAnOutageAtStart() {
    tenant.faults().failNext(JWKS, 3, 500);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain())
        .audience(tenant.apiAudience()).retryAttempts(0).clock(clock)
        .metrics(MicrometerMetrics.of(registry)).build();
    clients.add(auth);
    assertFalse(auth.warmUp().complete());

    Eventually.holds("reading protekt.keys.age alone brings the keys", () -> {
      clock.advance(Duration.ofSeconds(1));
      return !Double.isNaN(registry.get("protekt.keys.age").gauge().value());
    });
  }

  @Test
  void aProbePollingDuringARetryAfterSendsNothingBeforeItEnds() {
    tenant.faults().failNext(JWKS, 100, 503, Map.of("Retry-After", "30"));
    ProtektAuth auth = client();
    assertFalse(auth.warmUp().complete());
    assertEquals(1, tenant.requests(JWKS).size());

    for (int second = 1; second < 30; second++) {
      clock.advance(Duration.ofSeconds(1));
      assertEquals(State.NEVER_FETCHED, auth.health().keys().state());
    }
    assertEquals(1, tenant.requests(JWKS).size(), "a fetch within the Retry-After");

    tenant.faults().clear();
    probeUntilFresh(auth);
  }
}
