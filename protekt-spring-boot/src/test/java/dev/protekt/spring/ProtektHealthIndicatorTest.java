package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The indicator over a client that trusts two issuers, whose key endpoints may be down. */
class ProtektHealthIndicatorTest {
  private static final String JWKS = "/.well-known/jwks.json";

  @Test
  void upWhileOneOfSeveralIssuersHasNoKeysWithThatIssuerShownDown() {
    try (LocalTenant first = LocalTenant.start(); LocalTenant second = LocalTenant.start()) {
      second.faults().failNext(JWKS, 100, 503);
      ProtektAuth protekt = twoIssuers(first, second);

      Health health = new ProtektHealthIndicator(protekt).health();

      // The first issuer's tokens verify: a readiness probe must not take the service out.
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(protekt.verifyToken(first.token().sign())).isNotNull();
      assertThat(health.getDetails().get("issuersDown")).isEqualTo(List.of(second.domain()));
      Map<?, ?> byIssuer = (Map<?, ?>) health.getDetails().get("keysByIssuer");
      assertThat(byIssuer).hasSize(2);
      assertThat(((Map<?, ?>) byIssuer.get(first.domain())).get("state")).isEqualTo("FRESH");
      assertThat(((Map<?, ?>) byIssuer.get(second.domain())).get("state"))
          .isEqualTo("NEVER_FETCHED");
      assertThat(((Map<?, ?>) health.getDetails().get("keys")).get("state"))
          .isEqualTo("NEVER_FETCHED");
    }
  }

  @Test
  void downWhileNoneOfSeveralIssuersHasKeys() {
    try (LocalTenant first = LocalTenant.start(); LocalTenant second = LocalTenant.start()) {
      first.faults().failNext(JWKS, 100, 503);
      second.faults().failNext(JWKS, 100, 503);
      ProtektAuth protekt = twoIssuers(first, second);

      Health health = new ProtektHealthIndicator(protekt).health();

      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails().get("issuersDown"))
          .isEqualTo(List.of(first.domain(), second.domain()));
    }
  }

  @Test
  void staleWhileAnyIssuersStaleKeysAreServedThoughAnotherIsWorse() throws InterruptedException {
    try (LocalTenant first = LocalTenant.start(); LocalTenant second = LocalTenant.start()) {
      second.faults().failNext(JWKS, 100, 503);
      ProtektAuth protekt = twoIssuers(first, second, Duration.ofMillis(200));
      first.faults().failNext(JWKS, 100, 503);
      Thread.sleep(300);

      Health health = new ProtektHealthIndicator(protekt).health();

      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(((Map<?, ?>) health.getDetails().get("keys")).get("state"))
          .isEqualTo("NEVER_FETCHED");
      assertThat(health.getDetails().get("stale")).isEqualTo(true);
    }
  }

  private static ProtektAuth twoIssuers(LocalTenant first, LocalTenant second) {
    return twoIssuers(first, second, Duration.ofMinutes(10));
  }

  private static ProtektAuth twoIssuers(LocalTenant first, LocalTenant second, Duration ttl) {
    ProtektAuth protekt = ProtektAuth.builder().domain(first.domain())
        .additionalIssuers(second.domain()).audience(first.apiAudience()).retryAttempts(0)
        .cacheTtl(ttl).build();
    protekt.warmUp(Duration.ofSeconds(20));
    return protekt;
  }

  @Test
  void oneIssuerShowsNoPerIssuerDetail() {
    try (LocalTenant tenant = LocalTenant.start()) {
      ProtektAuth protekt = ProtektAuth.builder().domain(tenant.domain())
          .audience(tenant.apiAudience()).build();
      protekt.warmUp(Duration.ofSeconds(20));

      Health health = new ProtektHealthIndicator(protekt).health();

      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).doesNotContainKey("keysByIssuer")
          .doesNotContainKey("issuersDown");
    }
  }

  @Test
  void aMockedClientIsUnknownSayingSoNotANullPointer() {
    // What @MockitoBean ProtektAuth puts in a test's context: every method answers null or false.
    Health health = new ProtektHealthIndicator(Mockito.mock(ProtektAuth.class)).health();

    assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
    assertThat((String) health.getDetails().get("error")).contains("probably a mock");
  }

  /** Asked while the context shuts down, the indicator reports the closed client, not a throw. */
  @Test
  void aClosedClientIsOutOfService() {
    try (LocalTenant tenant = LocalTenant.start()) {
      ProtektAuth protekt = ProtektAuth.builder().domain(tenant.domain())
          .audience(tenant.apiAudience()).build();
      protekt.close();

      Health health = new ProtektHealthIndicator(protekt).health();

      assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
      assertThat(health.getDetails()).isEqualTo(Map.of("closed", true));
    }
  }
}
