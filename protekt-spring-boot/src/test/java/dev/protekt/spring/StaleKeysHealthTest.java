package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.protekt.spring.secured.SecuredApplication;
import dev.protekt.testing.LocalTenant;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code /actuator/health} over HTTP while the tenant's key endpoint fails after the warm-up fetched
 * its keys: the service is up, says its keys are stale, and still verifies tokens.
 */
@SpringBootTest(classes = SecuredApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StaleKeysHealthTest {
  private static final LocalTenant TENANT = LocalTenant.start();
  private static final String JWKS = "/.well-known/jwks.json";

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void protekt(DynamicPropertyRegistry registry) {
    registry.add("protekt.domain", TENANT::domain);
    registry.add("protekt.audience", TENANT::apiAudience);
    registry.add("protekt.retry-attempts", () -> "0");
    // Keys are due for a refresh a second after they were fetched.
    registry.add("protekt.cache-ttl", () -> "1");
    registry.add("protekt.warm-up.timeout", () -> "30");
    registry.add("management.endpoint.health.show-details", () -> "always");
  }

  @AfterAll
  static void stopTenant() {
    TENANT.close();
  }

  @Test
  void upWithAStaleDetailDuringAKeyEndpointOutageAfterAFetch() throws Exception {
    // The warm-up fetched the keys at startup: no request had needed them.
    assertThat(TENANT.requests(JWKS)).isNotEmpty();
    TENANT.faults().failNext(JWKS, 10_000, 503);

    Map<String, Object> protekt = null;
    for (int i = 0; i < 100; i++) {
      HttpResponse<String> r = SpringSecurityTest.get(port, "/actuator/health", null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      protekt = SpringSecurityTest.component(r, "protekt");
      Map<String, Object> keys =
          SpringSecurityTest.object(SpringSecurityTest.object(protekt.get("details")).get("keys"));
      if (keys.containsKey("lastFailure")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(protekt.get("status")).isEqualTo("UP");
    Map<String, Object> details = SpringSecurityTest.object(protekt.get("details"));
    assertThat(details.get("stale")).isEqualTo(true);
    assertThat(SpringSecurityTest.object(details.get("keys"))).containsEntry("state", "STALE")
        .containsKey("lastFetchedAt")
        .hasEntrySatisfying("keyCount", n -> assertThat((Integer) n).isPositive())
        .hasEntrySatisfying("lastFailure",
            f -> assertThat(f.toString()).startsWith("BAD_ANSWER (HTTP 503)"));
    assertThat(SpringSecurityTest.object(details.get("tokenEndpoint"))).containsEntry("state", "NOT_CONFIGURED");

    HttpResponse<String> me = SpringSecurityTest.get(port, "/me", TENANT.token().sign());
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    TENANT.faults().clear();
  }
}
