package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.protekt.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code protekt.audience} as a list and {@code protekt.additional-issuers}, as Spring binds them. */
class AudiencesAndIssuersPropertiesTest {
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ProtektProperties.class)
  static class PropertiesOnly {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(PropertiesOnly.class));

  @Test
  void bothBindFromCommaSeparatedTextAndFromYamlStyleIndexes() {
    runner.withPropertyValues("protekt.domain=acme.protekt.dev",
            "protekt.audience=https://a.example/, https://b.example/",
            "protekt.additional-issuers[0]=login.acme.example",
            "protekt.additional-issuers[1]=https://idp.example/tenants/acme")
        .run(context -> assertThat(context.getBean(ProtektProperties.class).toBuilder().build()
            .toString()).contains("audience=https://a.example/,https://b.example/",
                "additionalIssuers=[login.acme.example, https://idp.example/tenants/acme]"));
    runner.withPropertyValues("protekt.domain=acme.protekt.dev",
            "protekt.audience[0]=https://a.example/", "protekt.audience[1]=https://b.example/",
            "protekt.additional-issuers=login.acme.example,https://idp.example/tenants/acme")
        .run(context -> assertThat(context.getBean(ProtektProperties.class).toBuilder().build()
            .toString()).contains("audience=https://a.example/,https://b.example/",
                "additionalIssuers=[login.acme.example, https://idp.example/tenants/acme]"));
  }

  @Test
  void theDomainRepeatedIsRefusedNamingTheOption() {
    ProtektProperties properties = new ProtektProperties();
    properties.setDomain("acme.protekt.dev");
    properties.setAdditionalIssuers(List.of("https://acme.protekt.dev/"));
    assertThatThrownBy(() -> properties.toBuilder().build())
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(((ConfigurationException) e).options())
            .containsExactly("additionalIssuers"));
  }
}
