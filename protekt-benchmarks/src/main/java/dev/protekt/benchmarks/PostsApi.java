package dev.protekt.benchmarks;

import dev.protekt.annotations.BearerToken;
import dev.protekt.annotations.RequiresAuth;
import dev.protekt.annotations.RequiresPermission;
import dev.protekt.annotations.RequiresRole;

/** The guarded handler of the guard benchmark: one role and one permission to check. */
@RequiresAuth
public interface PostsApi {
  /** Reads a post; needs the admin role and the read:posts permission. */
  @RequiresRole("admin")
  @RequiresPermission("read:posts")
  String read(@BearerToken String authorization, String id);
}
