package dev.protekt.example;

import com.sun.net.httpserver.HttpExchange;
import dev.protekt.annotations.Public;
import dev.protekt.annotations.RequiresAuth;
import dev.protekt.annotations.RequiresPermission;
import dev.protekt.annotations.RequiresRole;

/**
 * Who may call what. The processor reads this interface when the example compiles and generates
 * {@code ApiHandlersGuard}, which checks the bearer token of each {@link HttpExchange} before it
 * calls {@link ExampleHandlers}. A method with no annotation here would not compile: every handler
 * requires authentication unless it says {@link Public}.
 */
@RequiresAuth
public interface ApiHandlers {
  /** {@code GET /api/public}: anyone. */
  @Public
  Reply publicInfo(HttpExchange exchange);

  /** {@code GET /api/profile}: any valid token; answers with the caller's claims. */
  Reply profile(HttpExchange exchange);

  /** {@code GET /api/admin}: the admin role. */
  @RequiresRole("admin")
  Reply admin(HttpExchange exchange);

  /** {@code GET /api/posts}: the read:posts permission. */
  @RequiresPermission("read:posts")
  Reply listPosts(HttpExchange exchange);

  /** {@code POST /api/posts}: the write:posts permission. */
  @RequiresPermission("write:posts")
  Reply createPost(HttpExchange exchange);

  /** {@code GET /api/admin/users}: the admin role; lists the tenant's users. */
  @RequiresRole("admin")
  Reply listUsers(HttpExchange exchange);

  /** {@code POST /api/register}: anyone; creates a user in the tenant. */
  @Public
  Reply register(HttpExchange exchange);
}
