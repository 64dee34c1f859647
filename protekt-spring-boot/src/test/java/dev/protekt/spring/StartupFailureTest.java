package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.health.WarmUp;
import dev.protekt.spring.sample.SampleApplication;
import dev.protekt.testing.LocalTenant;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Value;
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
        + " protekt.max-token-size: maxTokenSize (PROTEKT_MAX_TOKEN_SIZE) must be at least 256");
    assertThat(output).contains("Action:\n\nFix the protekt.* property named above");
  }

  /** Values only the adapter reads, which the client's builder never sees. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "protekt.warm-up.timeout=-5 | protekt.warm-up.timeout: the warm-up's wait must be positive"
          + " and at most 10 minutes (600, or 10m), was -5.",
      "protekt.warm-up.timeout=0 | protekt.warm-up.timeout: the warm-up's wait must be positive"
          + " and at most 10 minutes (600, or 10m), was 0.",
      "protekt.warm-up.timeout=1h | protekt.warm-up.timeout: the warm-up's wait must be positive"
          + " and at most 10 minutes (600, or 10m), was 1h.",
      "protekt.warm-up.timeout=2d | protekt.warm-up.timeout: the warm-up's wait must be positive"
          + " and at most 10 minutes (600, or 10m), was 2d.",
      "protekt.warm-up.timeout=soon | protekt.warm-up.timeout: the warm-up's wait must be positive"
          + " and at most 10 minutes (600, or 10m), in seconds (10, 0.5) or with a unit (500ms,"
          + " 2m), was 'soon'.",
      "protekt.warm-up.timeout=601 | protekt.warm-up.timeout: the warm-up's wait must be positive"
          + " and at most 10 minutes (600, or 10m), was 601.",
      "protekt.filter.url-patterns=/api/** | protekt.filter.url-patterns: '/api/**' is not a"
          + " Servlet url-pattern: an exact path /api/health, a prefix /api/*",
      "protekt.filter.url-patterns=api/* | protekt.filter.url-patterns: 'api/*' is not a",
      "protekt.filter.url-patterns=/*.json | protekt.filter.url-patterns: '/*.json' is not a",
      "protekt.filter.url-patterns= | protekt.filter.url-patterns: no pattern is given",
      "protekt.realm=a\"b\\c | protekt.realm: a realm is printable ASCII without \" or \\",
      "protekt.realm=posts\u00e9 | protekt.realm: a realm is printable ASCII without \" or \\,"
          + " such as posts-api; it is named in WWW-Authenticate challenges as it is, and this"
          + " one holds U+00E9 at index 5.",
      "protekt.realm=posts\u0000api | protekt.realm: a realm is printable ASCII without",
      "`protekt.realm=\t ` | protekt.realm: a realm is printable ASCII without"})
  void aValueOnlyTheAdapterReadsIsRefusedNamingTheProperty(
      String property, String description, CapturedOutput output) {
    assertThatThrownBy(() -> new SpringApplicationBuilder(SampleApplication.class)
        .properties("server.port=0", "protekt.domain=http://127.0.0.1:9",
            "protekt.audience=https://api.test", "sample.gone-domain=http://127.0.0.1:9",
            "protekt.warm-up.enabled=" + property.startsWith("protekt.warm-up."), property)
        .run().close())
        .hasRootCauseInstanceOf(dev.protekt.ConfigurationException.class);
    assertThat(output).contains("APPLICATION FAILED TO START");
    assertThat(output).contains("Description:\n\nProtekt refused its configuration: " + description);
    // No ProtektAuth bean of the application's own takes these: no advice to declare one.
    assertThat(output).contains("Action:\n\nFix the protekt.* property named above, in the"
        + " application's properties or as the PROTEKT_* environment variable of the same name.\n");
  }

  @Test
  void theServletUrlPatternsAndARealmOfPrintableAsciiAreAccepted() {
    new SpringApplicationBuilder(SampleApplication.class)
        .properties("server.port=0", "protekt.domain=http://127.0.0.1:9",
            "protekt.audience=https://api.test", "sample.gone-domain=http://127.0.0.1:9",
            "protekt.warm-up.enabled=false", "protekt.realm=Posts API (v2)",
            "protekt.filter.url-patterns=/,/api/*,/*,/health,*.json,/a b/c")
        .run().close();
  }

  @Test
  void anEmptyRealmLeavesTheRealmOutAndABlankOneIsRefused() {
    ProtektProperties properties = new ProtektProperties();

    properties.setRealm("");
    assertThat(properties.checkedRealm()).isNull();
    properties.setRealm("  ");
    assertThatThrownBy(properties::checkedRealm).isInstanceOf(PropertyRefusal.class)
        .hasMessage("protekt.realm: a realm is not blank: it names the protected API in"
            + " WWW-Authenticate challenges, such as posts-api.");
  }

  @Test
  void theWarmUpTimeoutIsBoundByTheLongestWaitTheClientTakes() {
    ProtektProperties.WarmUp warmUp = new ProtektProperties().getWarmUp();

    warmUp.setTimeout("600");
    assertThat(warmUp.checkedTimeout()).isEqualTo(WarmUp.LONGEST_WAIT);
    warmUp.setTimeout("600.000000001");
    assertThatThrownBy(warmUp::checkedTimeout).isInstanceOf(PropertyRefusal.class)
        .hasMessage("protekt.warm-up.timeout: the warm-up's wait must be positive and at most"
            + " 10 minutes (600, or 10m), was 600.000000001.");
    warmUp.setTimeout("1000000000000000000000000000000");
    assertThatThrownBy(warmUp::checkedTimeout).isInstanceOf(PropertyRefusal.class)
        .hasMessageEndingWith("was 1000000000000000000000000000000.");
  }

  /** As every other protekt duration: seconds, whole or not, or with a unit. */
  @ParameterizedTest
  @CsvSource({"0.5, PT0.5S", "1.5, PT1.5S", "10, PT10S", "500ms, PT0.5S", "2m, PT2M",
      "PT5S, PT5S", "' 3 ', PT3S"})
  void theWarmUpTimeoutIsReadAsTheOtherDurationsAre(String timeout, Duration expected) {
    ProtektProperties.WarmUp warmUp = new ProtektProperties().getWarmUp();

    assertThat(warmUp.checkedTimeout()).isEqualTo(Duration.ofSeconds(10));
    warmUp.setTimeout(timeout);
    assertThat(warmUp.checkedTimeout()).isEqualTo(expected);
  }

  @Test
  void aFractionalWarmUpTimeoutStartsTheApplication(CapturedOutput output) {
    new SpringApplicationBuilder(ProtektAutoConfiguration.class)
        .web(WebApplicationType.NONE)
        .properties("protekt.domain=http://127.0.0.1:9", "protekt.audience=https://api.test",
            "protekt.retry-attempts=0", "protekt.warm-up.timeout=0.5")
        .run().close();
    assertThat(output).contains("Protekt warm-up of http://127.0.0.1:9 did not reach");
  }

  @Test
  void aRefusalOfTheApplicationsOwnClientIsNotBlamedOnAProperty(CapturedOutput output) {
    assertThatThrownBy(() -> new SpringApplicationBuilder(OwnTooSmallClient.class)
        .web(WebApplicationType.NONE).run().close())
        .hasRootCauseInstanceOf(dev.protekt.ConfigurationException.class);
    assertThat(output).contains("Description:\n\nProtekt refused its configuration:"
        + " maxTokenSize (PROTEKT_MAX_TOKEN_SIZE) must be at least 256");
    assertThat(output).contains("Action:\n\nFix what the message above names: an option of"
        + " your own ProtektAuth bean");
  }

  @Test
  void aConfigurationTheWarmUpRefusesIsReportedByTheProperty(CapturedOutput output) {
    try (LocalTenant tenant = LocalTenant.start()) {
      // The tenant's discovery names its issuer on 127.0.0.1, not the domain's URL.
      String domain = tenant.domain().replace("127.0.0.1", "localhost");
      assertThatThrownBy(() -> new SpringApplicationBuilder(ProtektAutoConfiguration.class)
          .web(WebApplicationType.NONE)
          .properties("protekt.domain=" + domain, "protekt.audience=" + tenant.apiAudience(),
              "protekt.warm-up.required=true")
          .run().close())
          .isInstanceOf(PropertyRefusal.class);
      assertThat(output).contains("Description:\n\nProtekt refused its configuration:"
          + " protekt.domain: OIDC discovery at " + domain);
      assertThat(output).contains("Action:\n\nFix the protekt.* property named above, in the"
          + " application's properties or as the PROTEKT_* environment variable of the same"
          + " name, or declare your own ProtektAuth bean.");
    }
  }

  @Test
  void aConfigurationTheWarmUpOfTheApplicationsOwnClientRefusesIsNotBlamedOnAProperty(
      CapturedOutput output) {
    try (LocalTenant tenant = LocalTenant.start()) {
      assertThatThrownBy(() -> new SpringApplicationBuilder(OwnClient.class,
              ProtektAutoConfiguration.class)
          .web(WebApplicationType.NONE)
          .properties("own.domain=" + tenant.domain().replace("127.0.0.1", "localhost"),
              "protekt.warm-up.required=true")
          .run().close())
          .isExactlyInstanceOf(dev.protekt.ConfigurationException.class);
      assertThat(output).contains("Description:\n\nProtekt refused its configuration: OIDC"
          + " discovery at");
      assertThat(output).contains("Action:\n\nFix what the message above names: an option of"
          + " your own ProtektAuth bean");
    }
  }

  @Test
  void aRequiredWarmUpThatCannotReachTheTenantStopsTheApplication(CapturedOutput output) {
    assertThatThrownBy(() -> new SpringApplicationBuilder(ProtektAutoConfiguration.class)
        .web(WebApplicationType.NONE)
        .properties("protekt.domain=http://127.0.0.1:9", "protekt.retry-attempts=0",
            "protekt.warm-up.required=true")
        .run().close())
        .isInstanceOf(ProtektUnavailableException.class)
        .hasMessageContaining("did not reach [Unreached[issuer=http://127.0.0.1:9, part=DISCOVERY,"
            + " failure=UNREACHABLE");
    assertThat(output).contains("APPLICATION FAILED TO START");
    assertThat(output).contains("Description:\n\nProtekt could not get the identity provider's signing keys:"
        + " Protekt warm-up of http://127.0.0.1:9 did not reach");
    assertThat(output).contains("Action:\n\nCheck that the identity provider named above is up");
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
  static class OwnTooSmallClient {
    @Bean
    ProtektAuth protektAuth() {
      return ProtektAuth.builder().domain("http://127.0.0.1:9").maxTokenSize(100).build();
    }
  }

  /** An application that builds its own client, on the domain {@code own.domain}. */
  @Configuration
  static class OwnClient {
    @Bean
    ProtektAuth ownProtektAuth(@Value("${own.domain}") String domain) {
      return ProtektAuth.builder().domain(domain).audience("https://api.test").build();
    }
  }
}
