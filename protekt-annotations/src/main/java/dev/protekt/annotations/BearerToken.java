package dev.protekt.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code String} parameter that carries the caller's credentials: either the bare access
 * token or a whole {@code Authorization} header value ({@code Bearer eyJ…}, the scheme word matched
 * case-insensitively). A {@code null} or blank value means "no token".
 *
 * <pre>{@code
 * @RequiresAuth
 * interface Orders {
 *   Order get(@BearerToken String authorization, String orderId);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface BearerToken {}
