package dev.protekt.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.protekt.ProtektAuth;
import dev.protekt.servlet.GuardedServiceContract;
import dev.protekt.spring.sample.SampleApplication;
import dev.protekt.testing.LocalTenant;
import dev.protekt.users.Users;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample application on a real embedded Tomcat and a random port, configured only through
 * {@code protekt.*} properties, against the local tenant, driven over HTTP: the contract every
 * adapter keeps, plus what is Spring's own.
 */
@SpringBootTest(classes = SampleApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // Spring Security is on this module's test class path for SpringSecurityTest; this service,
    // like docs/consumer-spring, runs without it.
    properties = "spring.autoconfigure.exclude="
        + "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
        + "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
        + "org.springframework.boot.security.autoconfigure.web.servlet"
        + ".ServletWebSecurityAutoConfiguration,"
        + "org.springframework.boot.security.autoconfigure.web.servlet"
        + ".SecurityFilterAutoConfiguration,"
        + "org.springframework.boot.security.autoconfigure.actuate.web.servlet"
        + ".ManagementWebSecurityAutoConfiguration,"
        + "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet"
        + ".OAuth2ResourceServerAutoConfiguration")
class ProtektSpringBootTest extends GuardedServiceContract {
  private static final LocalTenant TENANT = LocalTenant.start();

  @LocalServerPort
  int port;

  @Autowired
  ProtektAuth protekt;

  @Autowired
  Users users;

  @DynamicPropertySource
  static void protekt(DynamicPropertyRegistry registry) {
    registry.add("protekt.domain", TENANT::domain);
    registry.add("protekt.audience", TENANT::apiAudience);
    registry.add("protekt.client-id", TENANT::clientId);
    registry.add("protekt.client-secret", TENANT::clientSecret);
    registry.add("protekt.retry-attempts", () -> "0");
    registry.add("protekt.realm", () -> "sample-api");
    registry.add("sample.gone-domain", GuardedServiceContract::goneDomain);
  }

  @AfterAll
  static void stopTenant() {
    TENANT.close();
  }

  @Override
  protected LocalTenant tenant() {
    return TENANT;
  }

  @Override
  protected String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  protected String realm() {
    return "sample-api";
  }

  @Test
  void theClientAndTheUsersApiAreBeans() {
    assertEquals(TENANT.domain(), protekt.domain());
    assertSame(protekt.users(), users);
    assertFalse(protekt.toString().contains(TENANT.clientSecret()));
  }

  @Test
  void theApplicationsCatchAllHandlerStillSeesOtherFailures() throws Exception {
    HttpResponse<String> r = get("/api/broken", null);

    assertEquals(500, r.statusCode());
    assertEquals("caught_by_application", json(r).get("error"));
  }
}
