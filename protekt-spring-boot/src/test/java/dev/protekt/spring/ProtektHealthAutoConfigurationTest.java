package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which clients the {@code protekt} health component covers: every {@link ProtektAuth} bean. */
class ProtektHealthAutoConfigurationTest {
  private static final LocalTenant TENANT = LocalTenant.start();
  private static final String GONE = goneDomain();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          ProtektAutoConfiguration.class, ProtektHealthAutoConfiguration.class))
      .withPropertyValues("protekt.domain=" + TENANT.domain(),
          "protekt.audience=" + TENANT.apiAudience(), "protekt.warm-up.timeout=20");

  @AfterAll
  static void stopTenant() {
    TENANT.close();
  }

  @Test
  void oneClientIsTheComponentItself() {
    runner.run(context -> {
      HealthContributor contributor = context.getBean("protektHealthIndicator",
          HealthContributor.class);
      assertThat(contributor).isInstanceOf(ProtektHealthIndicator.class);
      assertThat(((HealthIndicator) contributor).health().getStatus()).isEqualTo(Status.UP);
    });
  }

  /** With a primary client or without one, the other one's outage shows. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void withSeveralClientsEachIsAComponentNamedByBeanName(boolean primary) {
    runner.withBean("ordersProtekt", ProtektAuth.class, () -> client(TENANT.domain()),
            definition -> definition.setPrimary(primary))
        .withBean("goneProtekt", ProtektAuth.class, () -> client(GONE))
        .run(context -> {
          CompositeHealthContributor composite = context.getBean("protektHealthIndicator",
              CompositeHealthContributor.class);
          assertThat(composite.stream().map(e -> e.name()))
              .containsExactlyInAnyOrder("ordersProtekt", "goneProtekt");
          assertThat(health(composite, "ordersProtekt")).isEqualTo(Status.UP);
          assertThat(health(composite, "goneProtekt")).isEqualTo(Status.DOWN);
        });
  }

  /** A client registered as an object has no bean definition to read its origin from. */
  @Test
  void aClientRegisteredAsAnObjectIsWarmedUpAndCoveredToo() {
    ProtektAuth registered = client(TENANT.domain());
    runner.withInitializer(context -> context.getBeanFactory()
            .registerSingleton("registeredProtekt", registered))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(registered.health().keys().keyCount()).isPositive();
        });
  }

  @Test
  void turnedOffItIsNotThere() {
    runner.withPropertyValues("management.health.protekt.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("protektHealthIndicator"));
  }

  private static Status health(CompositeHealthContributor composite, String name) {
    return ((HealthIndicator) composite.getContributor(name)).health().getStatus();
  }

  private static ProtektAuth client(String domain) {
    return ProtektAuth.builder().domain(domain).audience(TENANT.apiAudience()).retryAttempts(0)
        .timeout(Duration.ofSeconds(2)).build();
  }

  /** The domain of a tenant that has been shut down: its keys cannot be had. */
  private static String goneDomain() {
    try (LocalTenant gone = LocalTenant.start()) {
      return gone.domain();
    }
  }
}
