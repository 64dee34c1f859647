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
 * The Spring Security service of {@link SpringSecurityTest} whose tenant is gone: tokens cannot be
 * checked at all, which is not the caller's fault, and the application, which started all the same
 * (the warm-up failed), is reported down.
 */
@SpringBootTest(classes = SecuredApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringSecurityOutageTest {
  /** Signs tokens the service would accept, if it could get the keys. */
  private static final LocalTenant TENANT = LocalTenant.start();

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void protekt(DynamicPropertyRegistry registry) {
    // The discard port: nothing listens there.
    registry.add("protekt.domain", () -> "http://127.0.0.1:9");
    registry.add("protekt.audience", TENANT::apiAudience);
    registry.add("protekt.retry-attempts", () -> "0");
    registry.add("management.endpoint.health.show-details", () -> "always");
  }

  @AfterAll
  static void stopTenant() {
    TENANT.close();
  }

  @Test
  void keysThatCannotBeHadAnswer503NotA401() throws Exception {
    HttpResponse<String> r = SpringSecurityTest.get(port, "/me", TENANT.token().sign());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(r.body()).contains("\"error\":\"temporarily_unavailable\"");
  }

  @Test
  void theHealthEndpointIsDownWhileNoKeysWereEverFetched() throws Exception {
    HttpResponse<String> r = SpringSecurityTest.get(port, "/actuator/health", null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    Map<String, Object> protekt = SpringSecurityTest.component(r, "protekt");
    assertThat(protekt.get("status")).isEqualTo("DOWN");
    Map<String, Object> details = SpringSecurityTest.object(protekt.get("details"));
    assertThat(SpringSecurityTest.object(details.get("keys"))).containsEntry("state", "NEVER_FETCHED")
        .containsEntry("keyCount", 0)
        .hasEntrySatisfying("lastFailure", f -> assertThat(f.toString()).startsWith("UNREACHABLE"));
    assertThat(details.get("stale")).isEqualTo(false);
  }
}
