package com.example.web;

import dev.protekt.ProtektAuth;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Makes the generated guard the one {@link PostsApi} bean. */
@Configuration
class GuardConfig {
  @Bean
  PostsApi postsApi(ProtektAuth protekt) {                 // ProtektAuth comes from protekt.* properties
    return new PostsApiGuard(new PostsService(), protekt);
  }
}
