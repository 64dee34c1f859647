package com.example.posts;

import dev.protekt.annotations.BearerToken;
import dev.protekt.annotations.Public;
import dev.protekt.annotations.RequiresAuth;
import dev.protekt.annotations.RequiresPermission;
import dev.protekt.annotations.RequiresRole;
import java.util.List;

/** Who may call each handler. The processor generates {@code PostsHandlersGuard} from it. */
@RequiresAuth                                              // every method needs a valid token...
public interface PostsHandlers {
  @Public                                                  // ...but this one: anyone
  List<String> titles();

  String profile(@BearerToken String authorization);       // any valid token

  @RequiresPermission({"write:posts", "admin:posts"})      // either permission
  String create(@BearerToken String authorization, String title);

  @RequiresRole("admin")
  @RequiresPermission("admin:posts")                       // the role and the permission
  int deleteAll(@BearerToken String authorization);
}
