package dev.protekt.spring.sample;

import dev.protekt.CurrentUser;
import dev.protekt.ProtektUser;
import java.util.List;
import java.util.Map;

/** The application's own code, unaware of tokens: the guard in front of it has checked them. */
class PostsService implements PostsApi {
  @Override
  public Map<String, Object> health() {
    return Map.of("status", "ok");
  }

  @Override
  public Map<String, Object> profile() {
    ProtektUser user = CurrentUser.get();
    return Map.of("sub", user.subject(), "roles", user.roles());
  }

  @Override
  public Map<String, Object> admin() {
    return Map.of("admin", CurrentUser.get().subject());
  }

  @Override
  public Map<String, Object> posts() {
    return Map.of("posts", List.of("hello"));
  }
}
