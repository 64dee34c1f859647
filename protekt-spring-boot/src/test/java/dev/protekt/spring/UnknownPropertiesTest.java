package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A real Spring Boot start with {@code protekt.*} properties the adapter does not have. */
@ExtendWith(OutputCaptureExtension.class)
class UnknownPropertiesTest {
  private static final String WARNING = "Unknown Protekt properties, ignored: ";

  @Test
  void eachUnknownPropertyIsNamedOnceWithTheNearestKnownOneButNeverItsValue(
      CapturedOutput output) {
    new SpringApplicationBuilder(ProtektAutoConfiguration.class)
        .web(WebApplicationType.NONE)
        .environment(withVariables(Map.of("PROTEKT_ROLES_CLAIMS", "env-value")))
        .properties("protekt.domain=http://127.0.0.1:9", "protekt.warm-up.enabled=false",
            "protekt.audiance=https://api.test", "protekt.client-secrt=s3cr3t-value",
            "protekt.filter.url-pattern=/api/*", "protekt.frobnicate=other-value")
        .run("--protekt.audiance=https://api.test").close();
    assertThat(output).contains("WARN", WARNING + "protekt.audiance (did you mean"
        + " protekt.audience?), protekt.client-secrt (did you mean protekt.client-secret?),"
        + " protekt.filter.url-pattern (did you mean protekt.filter.url-patterns?),"
        + " protekt.frobnicate, PROTEKT_ROLES_CLAIMS (did you mean protekt.roles-claim?).");
    assertThat(output.toString().split(WARNING, -1)).hasSize(2);
    assertThat(output).doesNotContain("s3cr3t-value").doesNotContain("other-value")
        .doesNotContain("env-value");
  }

  @Test
  void theKnownPropertiesInAnyRelaxedFormAreNotWarnedOf(CapturedOutput output) {
    new SpringApplicationBuilder(ProtektAutoConfiguration.class)
        .web(WebApplicationType.NONE)
        .environment(withVariables(Map.of("PROTEKT_CLIENT_SECRET", "s", "PROTEKT_ALGORITHMS_0",
            "RS256", "PROTEKT_WARMUP_REQUIRED", "false")))
        .properties("protekt.domain=http://127.0.0.1:9", "protekt.warm-up.enabled=false",
            "protekt.audience[0]=https://api.test", "protekt.clientId=demo",
            "protekt.warm-up.timeout=5",
            "protekt.filter.url-patterns=/api/*", "protekt.exception-resolver.enabled=false")
        .run().close();
    assertThat(output).doesNotContain(WARNING);
  }

  /** An environment whose variables are {@code variables}, as the process's would be. */
  private static StandardEnvironment withVariables(Map<String, Object> variables) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    return environment;
  }
}
