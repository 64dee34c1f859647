package dev.protekt.spring;

import dev.protekt.ProtektAuth;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Protekt for Spring Security's resource server, when the application has it on the class path:
 * a {@link ProtektJwtDecoder}, so that {@code http.oauth2ResourceServer(o -> o.jwt(…))} verifies
 * bearer tokens with the {@link ProtektAuth} bean, and a {@link JwtAuthenticationConverter} whose
 * authorities are those of {@link ProtektAuthorities} ({@code ROLE_…} for roles, {@code SCOPE_…}
 * for permissions and scopes), and a {@link BearerTokenResolver} that reads the {@code
 * Authorization} header as the rest of the SDK does; Spring Security picks both up by type.
 *
 * <p>Backs off for an application that declares its own {@link JwtDecoder} (the converter and the
 * resolver: its own {@code JwtAuthenticationConverter} or {@code BearerTokenResolver}), and for
 * one that configures Spring Boot's own decoder ({@code
 * spring.security.oauth2.resourceserver.jwt.issuer-uri}, {@code jwk-set-uri} or {@code
 * public-key-location}): those say which issuer the application trusts.
 */
@AutoConfiguration(after = ProtektAutoConfiguration.class, beforeName = {
    // Spring Boot 4 and 3: their resource server's default filter chain, and whether they build a
    // decoder of their own, depend on whether a JwtDecoder bean exists by then.
    "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet"
        + ".OAuth2ResourceServerAutoConfiguration",
    "org.springframework.boot.autoconfigure.security.oauth2.resource.servlet"
        + ".OAuth2ResourceServerAutoConfiguration"})
@ConditionalOnClass({JwtDecoder.class, JwtAuthenticationConverter.class})
@Conditional(ProtektSecurityAutoConfiguration.NoSpringJwtDecoderProperties.class)
public class ProtektSecurityAutoConfiguration {

  /** Protekt's verifier as the resource server's decoder. */
  @Bean
  @ConditionalOnMissingBean(JwtDecoder.class)
  @ConditionalOnSingleCandidate(ProtektAuth.class)
  public ProtektJwtDecoder protektJwtDecoder(ProtektAuth protekt) {
    return new ProtektJwtDecoder(protekt);
  }

  /** Roles as {@code ROLE_…}, permissions and scopes as {@code SCOPE_…}. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(ProtektJwtDecoder.class)
  public JwtAuthenticationConverter protektJwtAuthenticationConverter() {
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(new ProtektAuthorities());
    return converter;
  }

  /** The servlet half: a servlet application's resource server reads tokens with a resolver. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  static class ServletConfiguration {
    /**
     * Reads the {@code Authorization} header as the rest of the SDK does. Member configurations
     * are registered before the enclosing one's beans, so this asks what the decoder's own
     * conditions ask rather than for the decoder.
     */
    @Bean
    @ConditionalOnMissingBean({BearerTokenResolver.class, JwtDecoder.class})
    @ConditionalOnSingleCandidate(ProtektAuth.class)
    BearerTokenResolver protektBearerTokenResolver() {
      return new ProtektBearerTokenResolver();
    }
  }

  /** None of the properties from which Spring Boot builds its own JwtDecoder is set. */
  static class NoSpringJwtDecoderProperties extends NoneNestedConditions {
    NoSpringJwtDecoderProperties() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri")
    static class IssuerUri {}

    @ConditionalOnProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri")
    static class JwkSetUri {}

    @ConditionalOnProperty("spring.security.oauth2.resourceserver.jwt.public-key-location")
    static class PublicKeyLocation {}
  }
}
