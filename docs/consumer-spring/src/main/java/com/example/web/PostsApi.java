package com.example.web;

import dev.protekt.annotations.Public;
import dev.protekt.annotations.RequiresAuth;
import dev.protekt.annotations.RequiresPermission;
import dev.protekt.annotations.RequiresRole;
import dev.protekt.annotations.TokenFromContext;
import java.util.List;
import java.util.Map;

/** What the API may do, and who may do it; the Protekt filter supplies each request's token. */
@RequiresAuth
@TokenFromContext
public interface PostsApi {
  @Public
  Map<String, Object> health();

  Map<String, Object> profile();

  @RequiresRole("admin")
  Map<String, Object> admin();

  @RequiresPermission("read:posts")
  List<Post> posts();
}
