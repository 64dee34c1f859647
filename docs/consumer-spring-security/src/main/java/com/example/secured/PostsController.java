package com.example.secured;

import dev.protekt.spring.ProtektJwt;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PostsController {
  @GetMapping("/me")
  Map<String, Object> me(@AuthenticationPrincipal ProtektJwt jwt) {  // or Spring's Jwt
    return Map.of("sub", jwt.getSubject(), "roles", jwt.user().roles());
  }

  @GetMapping("/posts")
  @PreAuthorize("hasAuthority('SCOPE_read:posts')")  // a permission or scope read:posts
  List<String> posts() {
    return List.of("Hello");
  }

  @GetMapping("/admin")
  @PreAuthorize("hasRole('admin')")  // a role admin
  String admin() {
    return "welcome";
  }
}
