package com.example.secured;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

@SpringBootApplication
@EnableMethodSecurity
public class SecuredApplication {
  public static void main(String[] args) {
    SpringApplication.run(SecuredApplication.class, args);
  }

  @Bean
  SecurityFilterChain api(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
        // The JwtDecoder is Protekt's: the auto-configuration declares it.
        .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
        // Bearer tokens, no sessions: a request without a token must not open one.
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        // No cookie authenticates a request, so a cross-site request has nothing to ride on; left
        // on, the CSRF check answers a POST before the token is read, and opens a session to do so.
        .csrf(csrf -> csrf.disable());
    return http.build();
  }
}
