package dev.protekt.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import dev.protekt.annotations.Match;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * What validation hands to code generation: a fully checked description of one guard, every
 * signature resolved as a member of the guarded interface. Nothing in here can make the generator
 * emit code that does not compile, and the generator needs nothing else.
 */
final class GuardModel {
  private GuardModel() {}

  /**
   * One guard to generate, named {@code guardName}, for {@code element} (written {@code
   * interfaceType}, with {@code typeVariables}).
   *
   * @param hidingNames every simple name that the guard's body sees as something else than a
   *     top-level type: the interface's member types and constants (inherited ones too), its and
   *     its methods' type variables, and the methods' parameters
   * @param constantNames the constants in the guard's scope, which a policy constant must not hide
   * @param checksDigest what the interface declares, summed up by {@link ChecksDigest}
   * @param inheritedGuards the guards of its guarded super-interfaces, whose checks it copies
   *     and whose digests its constructor compares
   */
  record Guard(
      TypeElement element,
      ClassName guardName,
      ClassName rawInterface,
      TypeName interfaceType,
      List<TypeVariableName> typeVariables,
      boolean isPublic,
      Set<String> hidingNames,
      Set<String> constantNames,
      List<GuardedMethod> methods,
      String checksDigest,
      List<ComparedGuard> inheritedGuards) {}

  /**
   * The guard {@code guard} of the guarded {@code superInterface}, with the digest of what that
   * declares now: the guard being generated copies its checks, and compares at run time.
   */
  record InheritedGuard(ClassName guard, String superInterface, String checksDigest) {}

  /**
   * An inherited guard as the guard's constructor names it: {@code qualified}, or by its simple
   * name where a name in the constructor's scope obscures its package (see {@link
   * SuperGuardNames}).
   */
  record ComparedGuard(InheritedGuard inherited, boolean qualified) {}

  /**
   * One method of the guarded interface (declared or inherited), as the guard overrides it, and
   * what the guard checks before delegating. {@code method} is the declaration the guard reads, and
   * {@code declarations} every declaration of it in the hierarchy.
   */
  record GuardedMethod(
      String name,
      List<TypeVariableName> typeVariables,
      TypeName returnType,
      boolean returnsVoid,
      List<Parameter> parameters,
      boolean varargs,
      List<TypeName> exceptions,
      Access access,
      ExecutableElement method,
      List<ExecutableElement> declarations) {}

  /** A parameter of a guarded method, as declared. */
  record Parameter(String name, TypeName type) {}

  /** What the guard does before delegating a call. */
  sealed interface Access permits Open, Checked {}

  /** {@code @Public}: delegate without looking at the call. */
  record Open() implements Access {}

  /** Authorize the token found at {@code source} against {@code policy} first. */
  record Checked(Policy policy, TokenSource source) implements Access {}

  /** Roles and permissions a valid token must carry; either may be {@code null} (not required). */
  record Policy(Requirement roles, Requirement permissions) {}

  /** The values of one {@code @RequiresRole} or {@code @RequiresPermission}, in their order. */
  record Requirement(List<String> values, Match match) {
    /** The same values, in any order, under the same match. */
    boolean sameAs(Requirement other) {
      return match == other.match && Set.copyOf(values).equals(Set.copyOf(other.values));
    }
  }

  /**
   * Where a guarded method's bearer token comes from: parameter {@code parameter} (its name), or
   * the context ({@code parameter} null).
   */
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
