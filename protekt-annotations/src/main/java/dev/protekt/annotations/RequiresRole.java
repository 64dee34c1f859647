package dev.protekt.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller's valid token must carry roles, read from the configured roles claims ({@code roles}
 * by default, often a namespaced claim such as {@code https://your-app.com/roles} or a path such as
 * {@code realm_access.roles}). Implies {@link RequiresAuth}.
 *
 * <p>{@code @RequiresRole({"admin", "editor"})} accepts either role; {@code
 * @RequiresRole(value = {"admin", "auditor"}, match = Match.ALL)} needs both. A call that lacks them
 * fails with {@code ForbiddenException} (HTTP 403, {@code error="insufficient_scope"}), which names
 * what was required. A method-level {@code @RequiresRole} replaces an interface-level one, and the
 * {@code @RequiresRole} of the declaration it overrides, and no other kind of requirement; see the
 * {@linkplain dev.protekt.annotations package documentation} for how annotations combine.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresRole {
  /**
   * The role names; at least one, none blank, with white space at either end, or with a control
   * character or a line or paragraph separator inside.
   */
  String[] value();

  /** Whether any one of {@link #value()} suffices or all are needed. */
  Match match() default Match.ANY;
}
