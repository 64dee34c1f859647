package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.protekt.ProtektAuth;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/** When the Spring Security side is wired, and when it backs off. */
class ProtektSecurityAutoConfigurationTest {
  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          ProtektAutoConfiguration.class, ProtektSecurityAutoConfiguration.class))
      .withPropertyValues("protekt.domain=http://127.0.0.1:9", "protekt.audience=https://api",
          "protekt.warm-up.enabled=false");

  @Test
  void protektIsTheDecoderAndMapsTheAuthorities() {
    web.run(context -> {
      assertThat(context).hasSingleBean(ProtektJwtDecoder.class);
      assertThat(context).hasSingleBean(JwtAuthenticationConverter.class);
      assertThat(context).hasSingleBean(BearerTokenResolver.class);
    });
  }

  @Test
  void withoutSpringSecurityNothingOfItIsWiredAndTheRestIsAsBefore() {
    web.withClassLoader(new FilteredClassLoader("org.springframework.security"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(ProtektAuth.class);
          assertThat(context).doesNotHaveBean("protektJwtDecoder");
          assertThat(context).doesNotHaveBean("protektJwtAuthenticationConverter");
          assertThat(context).doesNotHaveBean("protektBearerTokenResolver");
        });
  }

  @Test
  void outsideAServletApplicationTheResolverIsLeftOut() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(
            ProtektAutoConfiguration.class, ProtektSecurityAutoConfiguration.class))
        .withPropertyValues("protekt.domain=http://127.0.0.1:9", "protekt.audience=https://api",
            "protekt.warm-up.enabled=false")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(ProtektJwtDecoder.class);
          assertThat(context).doesNotHaveBean(BearerTokenResolver.class);
        });
  }

  @Test
  void theApplicationsOwnDecoderWins() {
    web.withUserConfiguration(OwnDecoder.class).run(context -> {
      assertThat(context).getBean(JwtDecoder.class).isSameAs(OwnDecoder.DECODER);
      assertThat(context).doesNotHaveBean(ProtektJwtDecoder.class);
      assertThat(context).doesNotHaveBean(JwtAuthenticationConverter.class);
      assertThat(context).doesNotHaveBean(BearerTokenResolver.class);
    });
  }

  @Test
  void theApplicationsOwnResolverIsKept() {
    web.withUserConfiguration(OwnResolver.class).run(context -> {
      assertThat(context).hasSingleBean(ProtektJwtDecoder.class);
      assertThat(context).getBean(BearerTokenResolver.class).isSameAs(OwnResolver.RESOLVER);
    });
  }

  @Test
  void theApplicationsOwnConverterIsKept() {
    web.withUserConfiguration(OwnConverter.class).run(context -> {
      assertThat(context).hasSingleBean(ProtektJwtDecoder.class);
      assertThat(context).getBean(JwtAuthenticationConverter.class)
          .isSameAs(OwnConverter.CONVERTER);
    });
  }

  @Test
  void springBootsOwnDecoderPropertiesNameTheIssuerToTrust() {
    for (String property : new String[] {"issuer-uri=https://idp.example.com/",
        "jwk-set-uri=https://idp.example.com/jwks", "public-key-location=classpath:key.pub"}) {
      web.withPropertyValues("spring.security.oauth2.resourceserver.jwt." + property)
          .run(context -> assertThat(context).as(property)
              .doesNotHaveBean(ProtektJwtDecoder.class));
    }
  }

  @Test
  void aDecoderNeedsOneClientToUse() {
    web.withUserConfiguration(TwoClients.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(ProtektJwtDecoder.class);
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnDecoder {
    static final JwtDecoder DECODER = token -> Jwt.withTokenValue(token).header("alg", "none")
        .claims(claims -> claims.putAll(Map.of("sub", "x"))).build();

    @Bean
    JwtDecoder ownDecoder() {
      return DECODER;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnConverter {
    static final JwtAuthenticationConverter CONVERTER = new JwtAuthenticationConverter();

    @Bean
    JwtAuthenticationConverter ownConverter() {
      return CONVERTER;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnResolver {
    static final BearerTokenResolver RESOLVER = request -> request.getParameter("token");

    @Bean
    BearerTokenResolver ownResolver() {
      return RESOLVER;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoClients {
    @Bean
    ProtektAuth one() {
      return ProtektAuth.builder().domain("http://127.0.0.1:9").build();
    }

    @Bean
    ProtektAuth two() {
      return ProtektAuth.builder().domain("http://127.0.0.1:9").build();
    }
  }
}
