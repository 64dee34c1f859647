package dev.protekt.spring;

import dev.protekt.ProtektAuth;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
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

  /** The health of the application's client. */
  @Bean
  @ConditionalOnMissingBean(name = "protektHealthIndicator")
  @ConditionalOnSingleCandidate(ProtektAuth.class)
  @ConditionalOnEnabledHealthIndicator("protekt")
  public ProtektHealthIndicator protektHealthIndicator(ProtektAuth protekt) {
    return new ProtektHealthIndicator(protekt);
  }
}
