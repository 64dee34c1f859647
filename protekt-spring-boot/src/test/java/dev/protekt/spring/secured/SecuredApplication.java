package dev.protekt.spring.secured;

import dev.protekt.CurrentUser;
import dev.protekt.ProtektAuth;
import dev.protekt.spring.ProtektJwt;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Security resource server whose only Protekt wiring is the auto-configuration: Protekt
 * verifies its tokens as its JwtDecoder, {@code @PreAuthorize} checks the authorities mapped from
 * roles and permissions, and one route goes through a generated guard instead.
 */
@SpringBootApplication
@EnableMethodSecurity
public class SecuredApplication {

  @Bean
  SecurityFilterChain api(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(authorize -> authorize
            .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
            .anyRequest().authenticated())
        .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()));
    return http.build();
  }

  @Bean
  ReportsApi reportsApi(ProtektAuth protekt) {
    return new ReportsApiGuard(() -> Map.of("report", CurrentUser.get().subject()), protekt);
  }

  @RestController
  static class Routes {
    private final ReportsApi reports;

    Routes(ReportsApi reports) {
      this.reports = reports;
    }

    @GetMapping("/me")
    Map<String, Object> me(@AuthenticationPrincipal ProtektJwt jwt) {
      return Map.of("sub", jwt.getSubject(), "roles", jwt.user().roles());
    }

    @GetMapping("/posts")
    @PreAuthorize("hasAuthority('SCOPE_read:posts')")
    Map<String, Object> posts() {
      return Map.of("posts", "hello");
    }

    @GetMapping("/admin")
    @PreAuthorize("hasRole('admin')")
    Map<String, Object> admin() {
      return Map.of("admin", true);
    }

    @GetMapping("/reports")
    Map<String, Object> report() {
      return reports.report();
    }
  }
}
