package com.example.web;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Routing only: every call goes through the guard. */
@RestController
class PostsController {
  private final PostsApi api;

  PostsController(PostsApi api) {
    this.api = api;
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
  List<Post> posts() {
    return api.posts();
  }
}
