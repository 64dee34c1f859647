package dev.protekt.processor;

import com.palantir.javapoet.ClassName;
import dev.protekt.annotations.Match;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;

/**
 * What validation hands to code generation: a fully checked description of one guard. Nothing in
 * here can make the generator emit code that does not compile.
 */
final class GuardModel {
  private GuardModel() {}

  /** One guard to generate, for {@code element}, named {@code guardName}. */
  record Guard(
      TypeElement element,
      DeclaredType type,
      ClassName guardName,
      boolean isPublic,
      List<GuardedMethod> methods) {}

  /**
   * One method of the guarded interface (declared or inherited): the declaration the guard reads,
   * the policy that applies, or {@code null} for {@code @Public}, where its token comes from
   * ({@code null} for {@code @Public}), and every declaration of it in the hierarchy.
   */
  record GuardedMethod(
      ExecutableElement method,
      Policy policy,
      TokenSource tokenSource,
      List<ExecutableElement> declarations) {}

  /** Roles and permissions a valid token must carry; either may be {@code null} (not required). */
  record Policy(Requirement roles, Requirement permissions) {}

  /** The values of one {@code @RequiresRole} or {@code @RequiresPermission}, in declaration order. */
  record Requirement(List<String> values, Match match) {
    /** The same values, in any order, under the same match. */
    boolean sameAs(Requirement other) {
      return match == other.match && Set.copyOf(values).equals(Set.copyOf(other.values));
    }
  }

  /** Where a guarded method's bearer token comes from. */
  record TokenSource(Kind kind, String parameter) {
    enum Kind {
      /** A {@code String} parameter annotated {@code @BearerToken}. */
      BEARER_PARAMETER,
      /** A {@code com.sun.net.httpserver.HttpExchange} parameter. */
      HTTP_EXCHANGE,
      /** A {@code jakarta.servlet.http.HttpServletRequest} parameter. */
      SERVLET_REQUEST,
      /** A parameter whose type implements {@code dev.protekt.guard.BearerTokenSource}. */
      TOKEN_SOURCE_PARAMETER,
      /** {@code @TokenFromContext}: the thread-bound {@code TokenContext}. */
      CONTEXT
    }
  }
}
