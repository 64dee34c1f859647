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
 * <p>A bare token is taken here because the value may come from anywhere (a cookie, a message, a
 * query parameter). Where it is the request's {@code Authorization} header, RFC 6750 requires the
 * {@code Bearer} scheme: pass {@code BearerTokens.bearerCredentials(values)} instead of the raw
 * header, or take the request ({@code HttpExchange}, {@code HttpServletRequest}) as the token
 * source, whose guard does so.
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
