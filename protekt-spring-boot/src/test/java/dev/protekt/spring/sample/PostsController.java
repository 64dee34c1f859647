package dev.protekt.spring.sample;

import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Routing only: every call goes through a generated guard. */
@RestController
class PostsController {
  private final PostsApi api;
  private final PostsApi outage;

  PostsController(@Qualifier("postsApi") PostsApi api, @Qualifier("outageApi") PostsApi outage) {
    this.api = api;
    this.outage = outage;
  }

  @GetMapping("/api/health")
  Map<String, Object> health() {
    return api.health();
  }

  @GetMapping("/api/profile")
  Map<String, Object> profile() {
    return api.profile();
  }

  @GetMapping("/api/admin")
  Map<String, Object> admin() {
    return api.admin();
  }

  @GetMapping("/api/posts")
  Map<String, Object> posts() {
    return api.posts();
  }

  @GetMapping("/outage/profile")
  Map<String, Object> outageProfile() {
    return outage.profile();
  }

  @GetMapping("/api/broken")
  Map<String, Object> broken() {
    throw new IllegalStateException("a bug in the controller");
  }
}
