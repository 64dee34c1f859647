package dev.protekt.spring;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.protekt.spring.secured.SecuredApplication;
import dev.protekt.testing.LocalTenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What the README says of Spring Security's test support: {@code jwt()} authenticates a MockMvc
 * request without a token, which {@code @PreAuthorize} takes but a generated guard, reading the
 * bearer token itself, does not; a local tenant's token in the header satisfies both.
 */
@SpringBootTest(classes = SecuredApplication.class)
@AutoConfigureMockMvc
class SpringSecurityTestSupportTest {
  private static final LocalTenant TENANT = LocalTenant.start();

  @Autowired
  MockMvc mvc;

  @DynamicPropertySource
  static void protekt(DynamicPropertyRegistry registry) {
    registry.add("protekt.domain", TENANT::domain);
    registry.add("protekt.audience", TENANT::apiAudience);
    registry.add("protekt.realm", () -> "reports");
  }

  @AfterAll
  static void stopTenant() {
    TENANT.close();
  }

  @Test
  void jwtSatisfiesPreAuthorizeButNotAGeneratedGuard() throws Exception {
    mvc.perform(get("/admin").with(jwt().authorities(new SimpleGrantedAuthority("ROLE_admin"))))
        .andExpect(status().isOk());
    mvc.perform(get("/reports")
            .with(jwt().authorities(new SimpleGrantedAuthority("ROLE_auditor"))))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", "Bearer realm=\"reports\""))
        .andExpect(jsonPath("$.error_description",
            containsString("An access token is required")));
  }

  @Test
  void aLocalTenantsTokenInTheHeaderSatisfiesBoth() throws Exception {
    String auditor = TENANT.token().subject("protekt|eve").roles("auditor").sign();

    mvc.perform(get("/reports").header("Authorization", "Bearer " + auditor))
        .andExpect(status().isOk());
  }
}
