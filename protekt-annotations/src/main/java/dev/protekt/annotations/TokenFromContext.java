package dev.protekt.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The guard takes the bearer token from the current thread's guard context rather than from a
 * parameter. A framework adapter (the Servlet filter, the Spring Boot auto-configuration) fills that
 * context for the duration of each request; outside such a request there is no token and guarded
 * calls fail with HTTP 401.
 *
 * <p>Use it on an interface, or on single methods, whose signatures have no request parameter, as is
 * usual for Spring {@code @RestController} methods. A parameter annotated {@link BearerToken} or of
 * a known request type still takes precedence.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TokenFromContext {}
