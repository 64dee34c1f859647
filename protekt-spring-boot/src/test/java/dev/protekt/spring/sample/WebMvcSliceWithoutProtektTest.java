package dev.protekt.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.protekt.ConfigurationException;
import dev.protekt.ProtektAuth;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * A {@code @WebMvcTest} slice that leaves Protekt's auto-configuration out, with a mocked client:
 * no ProtektFilter binds the request's token, and the guard's refusal says where to look, the
 * slice included, rather than only at a filter mapping the application has right.
 */
@WebMvcTest(controllers = PostsController.class,
    properties = {"sample.gone-domain=http://127.0.0.1:9", "protekt.audience=https://api.test"})
class WebMvcSliceWithoutProtektTest {
  @MockitoBean
  ProtektAuth protekt;

  @Autowired
  MockMvc mvc;

  @Test
  void theGuardsRefusalNamesTheAutoConfigurationTheSliceLeftOut() throws Exception {
    // The sample's catch-all handler answers it 500; the failure is what it was handed.
    MvcResult result = mvc.perform(get("/api/profile").header("Authorization", "Bearer abc.def.ghi"))
        .andReturn();

    assertThat(result.getResponse().getStatus()).isEqualTo(500);
    assertThat(result.getResolvedException()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("by ProtektFilter (map it to this path")
        .hasMessageContaining("@WebMvcTest")
        .hasMessageContaining("@ImportAutoConfiguration(ProtektAutoConfiguration.class)");
  }
}
