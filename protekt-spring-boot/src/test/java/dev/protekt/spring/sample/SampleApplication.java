package dev.protekt.spring.sample;

import dev.protekt.ProtektAuth;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A Spring Boot service guarded by Protekt, wired as the README's {@code docs/consumer-spring} is,
 * plus what the adapter contract needs: a tenant that is gone, a catch-all handler, a failing route.
 */
@SpringBootApplication
public class SampleApplication {

  /** The guarded handlers: the generated guard in front of the application's implementation. */
  @Bean
  PostsApi postsApi(ProtektAuth protekt) {
    return new PostsApiGuard(new PostsService(), protekt);
  }

  /** The same handlers checked against a tenant that is gone, to show the 503 answer. */
  @Bean
  PostsApi outageApi(@Value("${sample.gone-domain}") String goneDomain,
      @Value("${protekt.audience}") String audience) {
    ProtektAuth gone = ProtektAuth.builder().domain(goneDomain).audience(audience)
        .retryAttempts(0).timeout(Duration.ofSeconds(2)).build();
    return new PostsApiGuard(new PostsService(), gone);
  }

  /** A catch-all handler as many applications have; it must not swallow Protekt's 401 and 403. */
  @RestControllerAdvice
  static class CatchAll {
    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, String>> any(Exception e) {
      return ResponseEntity.status(500).body(Map.of("error", "caught_by_application"));
    }
  }
}
