package dev.protekt.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller's valid token must grant permissions, found in the configured permissions claims
 * ({@code permissions} by default) or among the scopes of the {@code scope} and {@code scp} claims.
 * Implies {@link RequiresAuth}.
 *
 * <p>{@code @RequiresPermission({"read:posts", "admin:posts"})} accepts either; {@code
 * @RequiresPermission(value = {"read:posts", "write:posts"}, match = Match.ALL)} needs both. A call
 * that lacks them fails with {@code ForbiddenException} (HTTP 403, {@code
 * error="insufficient_scope"}). A method-level {@code @RequiresPermission} replaces an
 * interface-level one, and the {@code @RequiresPermission} of the declaration it overrides, and no
 * other kind of requirement; see the {@linkplain dev.protekt.annotations package documentation} for
 * how annotations combine.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresPermission {
  /**
   * The permission names, such as {@code read:posts}; at least one, none blank, with white space
   * anywhere (a {@code scope} claim separates permissions by spaces: write {@code {"read:posts",
   * "write:posts"}}, not {@code "read:posts write:posts"}), or with a control character or a line
   * or paragraph separator inside.
   */
  String[] value();

  /** Whether any one of {@link #value()} suffices or all are needed. */
  Match match() default Match.ANY;
}
