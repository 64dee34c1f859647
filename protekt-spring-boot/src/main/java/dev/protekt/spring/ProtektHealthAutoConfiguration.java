package dev.protekt.spring;

import dev.protekt.ProtektAuth;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code protekt} component of Actuator's health endpoint ({@link ProtektHealthIndicator}), when
 * Spring Boot 4's health contributors are on the class path; {@code
 * management.health.protekt.enabled=false} turns it off. On Spring Boot 3, whose {@code
 * HealthIndicator} is another type, it backs off.
 */
@AutoConfiguration(after = ProtektAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
public class ProtektHealthAutoConfiguration {

  /**
   * The health of every {@link ProtektAuth} bean, since each one's tokens may be the ones a request
   * brings: the one client's indicator itself, or with several, a composite of their indicators
   * named by bean name, {@code DOWN} while any is.
   */
  @Bean
  @ConditionalOnMissingBean(name = "protektHealthIndicator")
  @ConditionalOnBean(ProtektAuth.class)
  @ConditionalOnEnabledHealthIndicator("protekt")
  public HealthContributor protektHealthIndicator(Map<String, ProtektAuth> clients) {
    if (clients.size() == 1) {
      return new ProtektHealthIndicator(clients.values().iterator().next());
    }
    return CompositeHealthContributor.fromMap(clients, ProtektHealthIndicator::new);
  }
}
