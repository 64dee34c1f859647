package dev.protekt.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The guard takes the bearer token from the current thread's guard context rather than from a
 * parameter. A framework adapter (the Servlet filter, the Spring Boot auto-configuration) fills that
 * context for the duration of each request: a request without a token fails the guarded call with
 * HTTP 401. A call on a thread where no adapter bound a request (the filter not mapped to the path,
 * or work handed to another thread) is a wiring mistake, not a caller without a token, and throws
 * {@code dev.protekt.ConfigurationException}.
 *
 * <p>Use it on an interface, or on single methods, whose signatures have no request parameter, as is
 * usual for Spring {@code @RestController} methods. A parameter annotated {@link BearerToken} or of
 * a known request type still takes precedence.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TokenFromContext {}
