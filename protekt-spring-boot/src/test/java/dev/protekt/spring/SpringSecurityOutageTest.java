package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.protekt.spring.secured.SecuredApplication;
import dev.protekt.testing.LocalTenant;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Spring Security service of {@link SpringSecurityTest} whose tenant is gone: tokens cannot be
 * checked at all, which is not the caller's fault.
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
}
