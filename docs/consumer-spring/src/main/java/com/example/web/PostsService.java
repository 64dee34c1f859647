package com.example.web;

import dev.protekt.CurrentUser;
import dev.protekt.ProtektUser;
import java.util.List;
import java.util.Map;

/** The API's own code. Package-private and not a bean: only its guard may call it. */
class PostsService implements PostsApi {
  @Override
  public Map<String, Object> health() {
    return Map.of("status", "ok");
  }

  @Override
  public Map<String, Object> profile() {
    ProtektUser user = CurrentUser.get();                  // verified by the guard, for this call
    return Map.of("sub", user.subject(), "roles", user.roles());
  }

  @Override
  public Map<String, Object> admin() {
    return Map.of("admin", CurrentUser.get().subject());
  }

  @Override
  public List<Post> posts() {
    return List.of(new Post("Hello", "protekt|ada"));
  }
}
