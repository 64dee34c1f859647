package dev.protekt.spring.sample;

import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.protekt.spring.ProtektAutoConfiguration;
import dev.protekt.testing.LocalTenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The README's recipe for a {@code @WebMvcTest} slice: Protekt's auto-configuration is none of the
 * slice's, so the test imports it and points it at the local tenant; guards then answer MockMvc as
 * they answer on a real port.
 */
@WebMvcTest(PostsController.class)
@ImportAutoConfiguration(ProtektAutoConfiguration.class)
class WebMvcSliceTest {
  private static final LocalTenant TENANT = LocalTenant.start();

  @Autowired
  MockMvc mvc;

  @DynamicPropertySource
  static void protekt(DynamicPropertyRegistry registry) {
    registry.add("protekt.domain", TENANT::domain);
    registry.add("protekt.audience", TENANT::apiAudience);
    registry.add("protekt.realm", () -> "sample-api");
    registry.add("sample.gone-domain", () -> "http://127.0.0.1:9"); // the outage route, unused here
  }

  @AfterAll
  static void stopTenant() {
    TENANT.close();
  }

  @Test
  void guardsAnswerTheSlicesRequestsAsOnARealPort() throws Exception {
    String reader = TENANT.token().subject("protekt|ada").permissions("read:posts").sign();

    mvc.perform(get("/api/posts").header("Authorization", "Bearer " + reader))
        .andExpect(status().isOk());
    mvc.perform(get("/api/profile").header("Authorization", "Bearer " + reader))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.sub").value("protekt|ada"));
    mvc.perform(get("/api/profile"))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", "Bearer realm=\"sample-api\""));
    mvc.perform(get("/api/admin").header("Authorization", "Bearer " + reader))
        .andExpect(status().isForbidden())
        .andExpect(header().string("WWW-Authenticate",
            startsWith("Bearer realm=\"sample-api\", error=\"insufficient_scope\"")))
        .andExpect(content().contentTypeCompatibleWith("application/json"));
  }
}
