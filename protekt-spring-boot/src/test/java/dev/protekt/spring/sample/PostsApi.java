package dev.protekt.spring.sample;

import dev.protekt.annotations.Public;
import dev.protekt.annotations.RequiresAuth;
import dev.protekt.annotations.RequiresPermission;
import dev.protekt.annotations.RequiresRole;
import dev.protekt.annotations.TokenFromContext;
import java.util.Map;

/**
 * What the controller may do, and who may do it. {@code @TokenFromContext}: controller methods take
 * no request parameter, the Protekt filter supplies the caller's token.
 */
@RequiresAuth
@TokenFromContext
public interface PostsApi {
  @Public
  Map<String, Object> health();

  Map<String, Object> profile();

  @RequiresRole("admin")
  Map<String, Object> admin();

  @RequiresPermission("read:posts")
  Map<String, Object> posts();
}
