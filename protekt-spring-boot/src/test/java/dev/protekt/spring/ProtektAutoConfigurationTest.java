package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.protekt.ConfigurationException;
import dev.protekt.ProtektAuth;
import dev.protekt.servlet.ProtektFilter;
import dev.protekt.testing.LocalTenant;
import dev.protekt.users.UserQuery;
import dev.protekt.users.Users;
import jakarta.servlet.DispatcherType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Which beans the auto-configuration contributes, from which properties, and when it backs off. */
class ProtektAutoConfigurationTest {
  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ProtektAutoConfiguration.class))
      // The tenants here are mostly unreachable; StartupFailureTest and the HTTP tests warm up.
      .withPropertyValues("protekt.warm-up.enabled=false");

  /** The application's process environment: {@code env}, and nothing else. */
  static ApplicationContextInitializer<ConfigurableApplicationContext> environment(
      Map<String, ?> env) {
    return context -> context.getEnvironment().getPropertySources().replace(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(env)));
  }

  @Test
  void buildsTheClientFromTheDocumentedEnvironmentVariables() {
    web.withInitializer(environment(Map.of("PROTEKT_DOMAIN", "http://127.0.0.1:9",
            "PROTEKT_CLIENT_ID", "the-client",
            "PROTEKT_CLIENT_SECRET", "s3cr3t-value",
            "PROTEKT_AUDIENCE", "https://api.example.com/",
            "PROTEKT_ROLES_CLAIM", "https://example.com/roles",
            "PROTEKT_TIMEOUT", "7")))
        .run(context -> {
          assertThat(context).hasNotFailed();
          String client = context.getBean(ProtektAuth.class).toString();
          assertThat(client)
              .contains("domain=http://127.0.0.1:9", "clientId=the-client",
                  "audience=https://api.example.com/", "rolesClaim=https://example.com/roles",
                  "timeout=PT7S")
              .doesNotContain("s3cr3t-value");
        });
  }

  static Stream<Map<String, String>> environmentsWithBlanks() {
    Map<String, String> everyVariableBlank = new HashMap<>();
    for (String name : List.of("CLIENT_ID", "CLIENT_SECRET", "AUDIENCE", "ACCEPT_ANY_AUDIENCE",
        "ALGORITHMS", "CACHE_ENABLED", "CACHE_TTL", "CACHE_MAX_ENTRIES", "TIMEOUT",
        "RETRY_ATTEMPTS", "RETRY_DELAY", "LEEWAY", "ROLES_CLAIM", "PERMISSIONS_CLAIM",
        "MAX_TOKEN_SIZE", "KEY_FETCH_WAIT", "ALLOWED_ENDPOINT_HOSTS")) {
      everyVariableBlank.put("PROTEKT_" + name, "");
    }
    everyVariableBlank.put("PROTEKT_DOMAIN", "http://127.0.0.1:9");
    return Stream.of(
        Map.of("PROTEKT_DOMAIN", "http://127.0.0.1:9", "PROTEKT_ROLES_CLAIM", "",
            "PROTEKT_PERMISSIONS_CLAIM", " "),
        Map.of("PROTEKT_DOMAIN", "http://127.0.0.1:9", "PROTEKT_CLIENT_ID", " ",
            "PROTEKT_CLIENT_SECRET", " ", "PROTEKT_AUDIENCE", "\t"),
        everyVariableBlank,
        Map.of("PROTEKT_DOMAIN", "http://127.0.0.1:9", "PROTEKT_ALGORITHMS", "RS256,"),
        Map.of("PROTEKT_DOMAIN", "http://127.0.0.1:9", "PROTEKT_ALLOWED_ENDPOINT_HOSTS",
            " keys.example.com, ,Other.Example "),
        Map.of("PROTEKT_DOMAIN", "http://127.0.0.1:9", "PROTEKT_ALGORITHMS", " ES256 , ,PS256 ,"));
  }

  /** {@code application.properties} as Spring ranks it: below the process environment. */
  static ApplicationContextInitializer<ConfigurableApplicationContext> applicationProperties(
      Map<String, Object> properties) {
    return context -> context.getEnvironment().getPropertySources().addLast(
        new MapPropertySource("Config resource 'class path resource [application.properties]'",
            properties));
  }

  /**
   * A variable set blank over a value in application.properties would hide it: Spring binds the
   * blank one, which leaves the option unset. The start fails naming both places, not the value.
   */
  @Test
  void aBlankVariableHidingAPropertyStopsTheStartNamingBoth() {
    Map<String, Object> properties = Map.of("protekt.domain", "http://127.0.0.1:9",
        "protekt.audience[0]", "https://api.example.com/",
        "protekt.roles-claim", "realm_access.roles", "protekt.client-secret", "s3cr3t-value");
    for (String variable : List.of("PROTEKT_DOMAIN", "PROTEKT_AUDIENCE", "PROTEKT_ROLES_CLAIM",
        "PROTEKT_CLIENT_SECRET")) {
      web.withInitializer(environment(Map.of(variable, " ")))
          .withInitializer(applicationProperties(properties))
          .run(context -> assertThat(context).getFailure().rootCause()
              .isInstanceOf(ConfigurationException.class)
              .hasMessageContainingAll("set blank by \"" + variable + "\"", "which hides the value",
                  "application.properties")
              .message().doesNotContain("s3cr3t-value"));
    }
    // A placeholder is read as Spring binds it: ${UNSET:} is blank, whichever side it is on.
    web.withInitializer(environment(Map.of("PROTEKT_ROLES_CLAIM", "${UNSET_IN_THIS_TEST:}")))
        .withInitializer(applicationProperties(properties))
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("set blank by \"PROTEKT_ROLES_CLAIM\""));
    web.withInitializer(environment(Map.of("PROTEKT_ROLES_CLAIM", "")))
        .withInitializer(applicationProperties(Map.of("protekt.domain", "http://127.0.0.1:9",
            "protekt.roles-claim", "${UNSET_IN_THIS_TEST:}")))
        .run(context -> assertThat(context).hasNotFailed());
    // Blank over nothing is unset, and a value over a value is Spring's order, as ever.
    web.withInitializer(environment(Map.of("PROTEKT_ROLES_CLAIM", "", "PROTEKT_AUDIENCE",
            "https://other.example.com/")))
        .withInitializer(applicationProperties(Map.of("protekt.domain", "http://127.0.0.1:9",
            "protekt.audience[0]", "https://api.example.com/")))
        .run(context -> assertThat(context.getBean(ProtektAuth.class).toString())
            .contains("audience=https://other.example.com/"));
  }

  /** A blank variable is unset, and blank entries of a list are skipped, as in fromEnv. */
  @ParameterizedTest
  @MethodSource("environmentsWithBlanks")
  void readsTheEnvironmentAsFromEnvDoes(Map<String, String> env) {
    String fromEnv = ProtektAuth.builder().fromEnv(env).build().toString();

    web.withInitializer(environment(env))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(ProtektAuth.class).toString()).isEqualTo(fromEnv);
        });
  }

  @Test
  void aClientSecretIsTrimmedAsFromEnvTrimsIt() {
    // A secret mounted from a file often ends in a newline, and the tenant would refuse it.
    try (LocalTenant tenant = LocalTenant.start()) {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ProtektAutoConfiguration.class))
          .withInitializer(environment(Map.of("PROTEKT_DOMAIN", tenant.domain(),
              "PROTEKT_CLIENT_ID", tenant.clientId(),
              "PROTEKT_CLIENT_SECRET", tenant.clientSecret() + "\n",
              "PROTEKT_RETRY_ATTEMPTS", "0")))
          .run(context -> assertThat(context.getBean(Users.class)
              .list(UserQuery.builder().build()).users()).isNotNull());
    }
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void theWarmUpLogsEachIssuerWithItsOwnKeyCount(CapturedOutput output) {
    try (LocalTenant tenant = LocalTenant.start(); LocalTenant other = LocalTenant.start()) {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ProtektAutoConfiguration.class))
          .withPropertyValues("protekt.domain=" + tenant.domain(),
              "protekt.audience=" + tenant.apiAudience(),
              "protekt.additional-issuers=" + other.domain())
          .run(context -> assertThat(context).hasNotFailed());
      assertThat(output).contains("INFO", "Protekt warm-up of " + tenant.domain()
          + ": signing keys by issuer (" + tenant.domain() + ": 1, " + other.domain() + ": 1) in ");
    }
  }

  /** An application may use the client for the Users API alone, so this does not stop it. */
  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void withoutAnAudienceTheApplicationStartsButWarnsThatNoTokenCanBeVerified(
      CapturedOutput output) {
    web.withPropertyValues("protekt.domain=http://127.0.0.1:9")
        .run(context -> assertThat(context).hasNotFailed());
    assertThat(output).contains("WARN", "protekt.audience is not set");

    web.withPropertyValues("protekt.domain=http://127.0.0.1:9", "protekt.audience=https://api.test")
        .run(context -> assertThat(context).hasNotFailed());
    web.withPropertyValues("protekt.domain=http://127.0.0.1:9", "protekt.accept-any-audience=true")
        .run(context -> assertThat(context).hasNotFailed());
    assertThat(output.toString().split("protekt.audience is not set", -1)).hasSize(2);
  }

  @Test
  void propertiesSetEveryOptionTheyName() {
    web.withPropertyValues("protekt.domain=http://127.0.0.1:9", "protekt.accept-any-audience=true",
            "protekt.algorithms=RS256,ES256", "protekt.cache-ttl=90s", "protekt.leeway=0.5",
            "protekt.retry-delay=250ms", "protekt.retry-attempts=1",
            "protekt.permissions-claim=perms", "protekt.max-token-size=4096",
            "protekt.cache-enabled=false", "protekt.cache-max-entries=7",
            "protekt.key-fetch-wait=200ms", "protekt.allowed-endpoint-hosts=keys.example.com")
        .run(context -> assertThat(context.getBean(ProtektAuth.class).toString())
            .contains("anyAudience=true", "algorithms=[RS256, ES256]", "cacheTtl=PT1M30S",
                "leeway=PT0.5S", "retryDelay=PT0.25S", "retryAttempts=1",
                "permissionsClaim=perms", "maxTokenSize=4096", "cacheEnabled=false",
                "cacheMaxEntries=7", "keyFetchWait=PT0.2S",
                "allowedEndpointHosts=[keys.example.com]"));
  }

  /**
   * Led by the property once, then naming the builder option and its environment variable, as a
   * value the builder refuses is (protekt.max-token-size: maxTokenSize (PROTEKT_MAX_TOKEN_SIZE)…).
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "protekt.timeout=soon | protekt.timeout: timeout (PROTEKT_TIMEOUT) must be a duration",
      "protekt.algorithms=rs256 | protekt.algorithms: algorithms (PROTEKT_ALGORITHMS): Unknown"
          + " algorithm 'rs256'",
      "protekt.leeway=a while | protekt.leeway: leeway (PROTEKT_LEEWAY) must be a duration"})
  void anUnreadableValueStopsTheApplicationNamingThePropertyOnceAndTheOption(String property,
      String message) {
    web.withPropertyValues("protekt.domain=http://127.0.0.1:9", property)
        // Spring's failure quotes the refusal: "…threw exception with message: protekt.timeout: …".
        .run(context -> assertThat(context).getFailure()
            .hasMessageContaining("with message: " + message));
  }

  @Test
  void exposesTheUsersApiAndRegistersTheFilterAndResolver() {
    web.withPropertyValues("protekt.domain=http://127.0.0.1:9", "protekt.realm=orders",
            "protekt.filter.url-patterns=/api/*", "protekt.filter.order=-5")
        .run(context -> {
          assertThat(context.getBean(Users.class))
              .isSameAs(context.getBean(ProtektAuth.class).users());
          FilterRegistrationBean<?> filter =
              context.getBean("protektFilter", FilterRegistrationBean.class);
          assertThat(filter.getFilter()).isInstanceOf(ProtektFilter.class);
          assertThat(filter.getUrlPatterns()).containsExactly("/api/*");
          assertThat(filter.getOrder()).isEqualTo(-5);
          // Async handlers finish on an ASYNC dispatch, which must find the token bound too.
          assertThat(filter.isAsyncSupported()).isTrue();
          assertThat(filter.determineDispatcherTypes())
              .containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ASYNC);
          assertThat(context).hasSingleBean(ProtektExceptionResolver.class);
        });
  }

  @Test
  void aMissingDomainStopsTheApplicationNamingTheProperty() {
    web.run(context -> assertThat(context).getFailure()
        .rootCause().hasMessageContaining("protekt.domain is required"));
  }

  static Stream<Arguments> valuesTheClientRefuses() {
    String domain = "protekt.domain=http://127.0.0.1:9";
    return Stream.of(
        Arguments.of(List.of(domain, "protekt.max-token-size=100"), "protekt.max-token-size"),
        Arguments.of(List.of(domain, "protekt.algorithms=rs256"), "protekt.algorithms"),
        Arguments.of(List.of(domain, "protekt.algorithms=RS256,HS256"), "protekt.algorithms"),
        Arguments.of(List.of("protekt.domain=http://example.com"), "protekt.domain"),
        // Its message goes on to name clientId and clientSecret, which are not the ones to fix.
        Arguments.of(List.of("protekt.domain=https://user:pw@example.com"), "protekt.domain"),
        Arguments.of(List.of(domain, "protekt.timeout=0"), "protekt.timeout"),
        Arguments.of(List.of(domain, "protekt.timeout=20d"), "protekt.timeout"),
        Arguments.of(List.of(domain, "protekt.timeout=5m", "protekt.retry-attempts=10000"),
            "protekt.timeout, protekt.retry-attempts"),
        Arguments.of(List.of(domain, "protekt.leeway=-5s"), "protekt.leeway"),
        Arguments.of(List.of(domain, "protekt.retry-attempts=-1"), "protekt.retry-attempts"),
        Arguments.of(List.of(domain, "protekt.key-fetch-wait=1m"), "protekt.key-fetch-wait"),
        Arguments.of(List.of(domain, "protekt.allowed-endpoint-hosts=https://keys.example.com"),
            "protekt.allowed-endpoint-hosts"),
        Arguments.of(List.of(domain, "protekt.cache-max-entries=0"), "protekt.cache-max-entries"),
        Arguments.of(List.of(domain, "protekt.client-id=the-client"),
            "protekt.client-id, protekt.client-secret"),
        Arguments.of(List.of(domain, "protekt.client-secret=s3cr3t-value"),
            "protekt.client-secret, protekt.client-id"));
  }

  /** What the client says is wrong, led by the properties to fix rather than builder options. */
  @ParameterizedTest
  @MethodSource("valuesTheClientRefuses")
  void aValueTheClientRefusesStopsTheApplicationNamingTheProperty(List<String> properties,
      String named) {
    web.withPropertyValues(properties.toArray(String[]::new))
        .run(context -> {
          Throwable refusal = context.getStartupFailure();
          while (refusal != null && !(refusal instanceof ConfigurationException)) {
            refusal = refusal.getCause();
          }
          assertThat(refusal).as("a ConfigurationException in %s", context.getStartupFailure())
              .isNotNull();
          assertThat(refusal.getCause()).isInstanceOf(ConfigurationException.class);
          assertThat(refusal.getMessage())
              .isEqualTo(named + ": " + refusal.getCause().getMessage())
              .doesNotContain("s3cr3t-value");
        });
  }

  @Test
  void backsOffForTheApplicationsOwnBeans() {
    web.withUserConfiguration(OwnBeans.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(ProtektAuth.class)).isSameAs(OwnBeans.CLIENT);
          assertThat(context).getBeans(FilterRegistrationBean.class).hasSize(1)
              .containsKey("ownFilter");
          assertThat(context).getBean(ProtektExceptionResolver.class)
              .isSameAs(context.getBean("ownResolver"));
        });
  }

  @Test
  void twoClientsOfTheApplicationLeaveTheUsersBeanToIt() {
    web.withUserConfiguration(TwoTenants.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).getBeans(ProtektAuth.class).hasSize(2);
          // Which tenant's users would be a guess.
          assertThat(context).doesNotHaveBean(Users.class);
          assertThat(context).hasBean("protektFilter").hasSingleBean(ProtektExceptionResolver.class);
        });
  }

  @Test
  void withAPrimaryClientTheUsersBeanIsItsUsers() {
    web.withUserConfiguration(TwoTenants.class, PrimaryTenant.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(Users.class))
              .isSameAs(context.getBean("primaryTenant", ProtektAuth.class).users());
        });
  }

  @Test
  void filterAndResolverCanBeSwitchedOff() {
    web.withPropertyValues("protekt.domain=http://127.0.0.1:9", "protekt.filter.enabled=false",
            "protekt.exception-resolver.enabled=false")
        .run(context -> {
          assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
          assertThat(context).doesNotHaveBean(ProtektExceptionResolver.class);
          assertThat(context).hasSingleBean(ProtektAuth.class);
        });
  }

  @Test
  void theWarmUpRunsUnlessSwitchedOff() {
    web.withPropertyValues("protekt.domain=http://127.0.0.1:9")
        .run(context -> assertThat(context).doesNotHaveBean("protektWarmUp"));
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ProtektAutoConfiguration.class))
        .withPropertyValues("protekt.domain=http://127.0.0.1:9", "protekt.retry-attempts=0")
        .run(context -> assertThat(context).hasBean("protektWarmUp"));
  }

  @Test
  void outsideAWebApplicationOnlyTheClientIsConfigured() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ProtektAutoConfiguration.class))
        .withPropertyValues("protekt.domain=http://127.0.0.1:9", "protekt.warm-up.enabled=false")
        .run(context -> {
          assertThat(context).hasSingleBean(ProtektAuth.class).hasSingleBean(Users.class);
          assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
          assertThat(context).doesNotHaveBean(ProtektExceptionResolver.class);
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoTenants {
    @Bean
    ProtektAuth ordersTenant() {
      return ProtektAuth.builder().domain("http://127.0.0.1:9").build();
    }

    @Bean
    ProtektAuth partnersTenant() {
      return ProtektAuth.builder().domain("http://127.0.0.1:10").build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class PrimaryTenant {
    @Bean
    @Primary
    ProtektAuth primaryTenant() {
      return ProtektAuth.builder().domain("http://127.0.0.1:11").build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    static final ProtektAuth CLIENT = ProtektAuth.builder().domain("http://127.0.0.1:9").build();

    @Bean
    ProtektAuth ownClient() {
      return CLIENT;
    }

    @Bean
    FilterRegistrationBean<ProtektFilter> ownFilter() {
      return new FilterRegistrationBean<>(new ProtektFilter("own"));
    }

    @Bean
    ProtektExceptionResolver ownResolver() {
      return new ProtektExceptionResolver("own");
    }
  }
}
