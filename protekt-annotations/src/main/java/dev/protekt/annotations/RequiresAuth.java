package dev.protekt.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller must present a valid access token: correctly signed by the tenant, not expired, for
 * this API's audience. On an interface it applies to every method.
 *
 * <p>A call without a token fails with {@code MissingTokenException} (HTTP 401), a call with a bad
 * token with {@code InvalidTokenException} (HTTP 401, {@code error="invalid_token"}). See the
 * {@linkplain dev.protekt.annotations package documentation} for how annotations combine.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresAuth {}
