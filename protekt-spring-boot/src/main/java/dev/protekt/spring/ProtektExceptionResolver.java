package dev.protekt.spring;

import dev.protekt.http.AuthErrorResponse;
import dev.protekt.servlet.ServletErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers the SDK's exceptions thrown by controllers (typically by a generated guard they call) the
 * RFC 6750 way, through {@link dev.protekt.http.AuthErrorResponse}, before Spring MVC's own
 * resolvers: a catch-all {@code @ExceptionHandler(Exception.class)} in the application therefore
 * cannot turn a 401 or 403 into a 500. Other exceptions are left to those resolvers.
 *
 * <p>To answer the SDK's failures your own way, declare a bean of this type (the auto-configuration
 * then backs off) or set {@code protekt.exception-resolver.enabled=false} and handle them in an
 * {@code @ExceptionHandler}.
 */
public class ProtektExceptionResolver implements HandlerExceptionResolver, Ordered {
  /**
   * Just after Spring Boot's {@code DefaultErrorAttributes}, which only records the exception, and
   * before the {@code @ExceptionHandler} resolvers (order 0).
   */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  private final String realm;

  /**
   * A resolver naming {@code realm} in its challenges.
   *
   * @param realm the protection space, such as your API's name; {@code null} leaves the realm out
   *     of challenges
   * @throws IllegalArgumentException if {@link AuthErrorResponse#checkRealm(String)} refuses it
   */
  public ProtektExceptionResolver(String realm) {
    this.realm = AuthErrorResponse.checkRealm(realm);
  }

  /** Writes the answer and returns an empty model when {@code ex} is the SDK's; else {@code null}. */
  @Override
  public ModelAndView resolveException(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    try {
      return ServletErrorResponses.answer(ex, realm, request, response) ? new ModelAndView() : null;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the answer to " + ex.getClass().getName(), e);
    }
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
