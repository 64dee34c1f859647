package dev.protekt.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The explicit opt-out: anyone may call this method, with or without a token, even though its
 * interface requires authentication. The guard delegates without looking at the request.
 *
 * <p>{@code @Public} cannot be combined with {@link RequiresAuth}, {@link RequiresRole} or {@link
 * RequiresPermission} on the same method; the processor rejects that as contradictory. A
 * sub-interface that carries one of those itself must redeclare an inherited {@code @Public}
 * method with the annotation it means, since its own requirement applies to inherited methods too.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Public {}
