package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.spring.sample.SampleApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A real Spring Boot start of the sample application with a property the client refuses. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {
  @Test
  void aRefusedPropertyIsReportedAsTheReasonTheApplicationDidNotStart(CapturedOutput output) {
    assertThatThrownBy(() -> new SpringApplicationBuilder(SampleApplication.class)
        .properties("server.port=0", "protekt.domain=http://127.0.0.1:9",
            "protekt.audience=https://api.test", "sample.gone-domain=http://127.0.0.1:9",
            "protekt.max-token-size=100")
        .run().close())
        .hasRootCauseInstanceOf(dev.protekt.ConfigurationException.class);
    assertThat(output).contains("APPLICATION FAILED TO START");
    assertThat(output).contains("Description:\n\nProtekt refused its configuration:"
        + " protekt.max-token-size: maxTokenSize must be at least 256");
    assertThat(output).contains("Action:\n\nFix the protekt.* property named above");
  }

  @Test
  void aRefusalOfTheApplicationsOwnClientIsNotBlamedOnAProperty(CapturedOutput output) {
    assertThatThrownBy(() -> new SpringApplicationBuilder(OwnClient.class)
        .web(WebApplicationType.NONE).run().close())
        .hasRootCauseInstanceOf(dev.protekt.ConfigurationException.class);
    assertThat(output).contains("Description:\n\nProtekt refused its configuration:"
        + " maxTokenSize must be at least 256");
    assertThat(output).contains("Action:\n\nFix what the message above names: an option of"
        + " your own ProtektAuth bean");
  }

  @Test
  void aRequiredWarmUpThatCannotReachTheTenantStopsTheApplication() {
    assertThatThrownBy(() -> new SpringApplicationBuilder(ProtektAutoConfiguration.class)
        .web(WebApplicationType.NONE)
        .properties("protekt.domain=http://127.0.0.1:9", "protekt.retry-attempts=0",
            "protekt.warm-up.required=true")
        .run().close())
        .isInstanceOf(ProtektUnavailableException.class)
        .hasMessageContaining("did not reach [Unreached[issuer=http://127.0.0.1:9/, part=DISCOVERY,"
            + " failure=UNREACHABLE");
  }

  @Test
  void aWarmUpThatCannotReachTheTenantIsOnlyAWarningByDefault(CapturedOutput output) {
    new SpringApplicationBuilder(ProtektAutoConfiguration.class)
        .web(WebApplicationType.NONE)
        .properties("protekt.domain=http://127.0.0.1:9", "protekt.audience=https://api.test",
            "protekt.retry-attempts=0")
        .run().close();
    assertThat(output).contains("WARN", "Protekt warm-up of http://127.0.0.1:9 did not reach");
  }

  /** An application that builds its own client, with a value the builder refuses. */
  @Configuration
  static class OwnClient {
    @Bean
    ProtektAuth protektAuth() {
      return ProtektAuth.builder().domain("http://127.0.0.1:9").maxTokenSize(100).build();
    }
  }
}
