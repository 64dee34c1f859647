package dev.protekt.interop.spring;

import java.io.IOException;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * A Spring Authorization Server as an application would set one up, for the interop tests: the
 * clients of {@code application.properties}, Spring Boot's defaults for everything else (a
 * generated RSA key, OIDC discovery, the issuer taken from the request), and one token customizer.
 * It runs in a JVM of its own, with Spring's class path apart from the SDK's.
 *
 * <p>It listens on a free port of 127.0.0.1, prints {@code listening on <port>}, and stops when
 * its standard input ends: when the test that started it closes it, or dies.
 */
@SpringBootApplication
public class SpringAuthorizationServerMain {
  /** Roles of the clients' machine identities, in a claim Spring does not write itself. */
  static final String ROLES_CLAIM = "roles";

  /** Starts the server. */
  public static void main(String[] args) throws IOException {
    try (ConfigurableApplicationContext context =
        SpringApplication.run(SpringAuthorizationServerMain.class, args)) {
      System.out.println(
          "listening on " + context.getEnvironment().getProperty("local.server.port"));
      while (System.in.read() >= 0) {
        // Nothing is sent: the end of input is the signal.
      }
    }
  }

  /** Adds the role claim to access tokens, as applications do to carry their authorities. */
  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> roles() {
    return context -> {
      if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
        context.getClaims().claim(ROLES_CLAIM, List.of("orders-admin"));
      }
    };
  }
}
