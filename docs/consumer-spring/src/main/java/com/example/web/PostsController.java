package com.example.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

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

  @GetMapping("/api/posts/{title}")
  Post post(@PathVariable String title) {                  // the name needs <parameters>true</parameters>
    return api.posts().stream().filter(post -> post.title().equals(title)).findFirst()
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
  }
}
