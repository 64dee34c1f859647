package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.protekt.ProtektAuth;
import dev.protekt.servlet.ProtektFilter;
import dev.protekt.users.Users;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Which beans the auto-configuration contributes, from which properties, and when it backs off. */
class ProtektAutoConfigurationTest {
  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ProtektAutoConfiguration.class));

  @Test
  void buildsTheClientFromTheDocumentedEnvironmentVariables() {
    web.withInitializer(context -> context.getEnvironment().getPropertySources().replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("PROTEKT_DOMAIN", "http://127.0.0.1:9",
                    "PROTEKT_CLIENT_ID", "the-client",
                    "PROTEKT_CLIENT_SECRET", "s3cr3t-value",
                    "PROTEKT_AUDIENCE", "https://api.example.com/",
                    "PROTEKT_ROLES_CLAIM", "https://example.com/roles",
                    "PROTEKT_TIMEOUT", "7"))))
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

  @Test
  void propertiesSetEveryOptionTheyName() {
    web.withPropertyValues("protekt.domain=http://127.0.0.1:9", "protekt.accept-any-audience=true",
            "protekt.algorithms=RS256,ES256", "protekt.cache-ttl=90s", "protekt.leeway=0.5",
            "protekt.retry-delay=250ms", "protekt.retry-attempts=1",
            "protekt.permissions-claim=perms", "protekt.max-token-size=4096",
            "protekt.cache-enabled=false", "protekt.cache-max-entries=7")
        .run(context -> assertThat(context.getBean(ProtektAuth.class).toString())
            .contains("anyAudience=true", "algorithms=[RS256, ES256]", "cacheTtl=PT1M30S",
                "leeway=PT0.5S", "retryDelay=PT0.25S", "retryAttempts=1",
                "permissionsClaim=perms", "maxTokenSize=4096", "cacheEnabled=false",
                "cacheMaxEntries=7"));
  }

  @Test
  void anUnreadableDurationStopsTheApplicationNamingTheProperty() {
    web.withPropertyValues("protekt.domain=http://127.0.0.1:9", "protekt.timeout=soon")
        .run(context -> assertThat(context).getFailure()
            .rootCause().hasMessageContaining("protekt.timeout must be a duration"));
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
          assertThat(context).hasSingleBean(ProtektExceptionResolver.class);
        });
  }

  @Test
  void aMissingDomainStopsTheApplicationNamingTheProperty() {
    web.run(context -> assertThat(context).getFailure()
        .rootCause().hasMessageContaining("protekt.domain is required"));
  }

  @Test
  void unknownAlgorithmStopsTheApplication() {
    web.withPropertyValues("protekt.domain=http://127.0.0.1:9", "protekt.algorithms=HS256")
        .run(context -> assertThat(context).getFailure()
            .rootCause().hasMessageContaining("HMAC algorithms are not supported"));
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
  void outsideAWebApplicationOnlyTheClientIsConfigured() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ProtektAutoConfiguration.class))
        .withPropertyValues("protekt.domain=http://127.0.0.1:9")
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
