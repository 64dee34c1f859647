package dev.protekt.processor;

import dev.protekt.processor.GuardModel.Requirement;
import dev.protekt.processor.GuardValidator.MethodRules;
import dev.protekt.processor.GuardValidator.TypeRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Name;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * What one method requires as seen from a guarded interface, worked out the way its own guard and
 * the guard of every interface it inherits through would see it: each interface takes what its
 * direct super-interfaces that have the method agree on, then its own type-level rules, then its
 * own declaration of the method. The method must be one method in every interface of the hierarchy
 * ({@link GuardValidator} refuses {@code m(T)} and {@code m(String)} that only meet under the
 * guarded interface's type arguments).
 *
 * <ul>
 *   <li>A method-level value beats a type-level one, at any depth: a sub-interface's type-level
 *       role does not replace the role a super-interface's declaration names. Where the two
 *       differ, the interface must say which it means by declaring the method.
 *   <li>Super-interfaces that disagree (a role against another role, {@code @Public} against any
 *       requirement) leave a conflict that only the sub-interface can settle: by restating the
 *       kind at type level when only type levels disagreed, else by declaring the method.
 *   <li>A declaration without annotations settles nothing; {@code @Public} settles everything.
 * </ul>
 */
final class InheritedRequirements {
  private final Types types;
  private final Function<ExecutableElement, MethodRules> methodRules;
  private final Map<TypeElement, TypeRules> typeRules;
  private final List<ExecutableElement> declarations;
  private final Map<TypeElement, Rule> resolved = new HashMap<>();

  /**
   * @param methodRules the validated annotations of one declaration
   * @param typeRules the type-level rules, after inheritance, of every interface in the hierarchy
   * @param declarations every declaration of the method in the hierarchy
   */
  InheritedRequirements(
      Types types,
      Function<ExecutableElement, MethodRules> methodRules,
      Map<TypeElement, TypeRules> typeRules,
      List<ExecutableElement> declarations) {
    this.types = types;
    this.methodRules = methodRules;
    this.typeRules = typeRules;
    this.declarations = declarations;
  }

  /** What the method requires as seen from {@code type}. */
  Rule of(TypeElement type) {
    Rule cached = resolved.get(type);
    if (cached != null) {
      return cached;
    }
    Rule rule = Rule.NOTHING;
    boolean first = true;
    for (TypeElement s : directSupersWithMethod(type)) {
      rule = first ? of(s) : rule.merge(of(s));
      first = false;
    }
    TypeRules level = typeRules.get(type);
    boolean restatesRoles = Annotations.find(type, Annotations.REQUIRES_ROLE) != null;
    boolean restatesPermissions = Annotations.find(type, Annotations.REQUIRES_PERMISSION) != null;
    rule = rule.withTypeLevel(type, level, restatesRoles, restatesPermissions);
    ExecutableElement own = declarationIn(type);
    if (own != null) {
      rule = rule.withDeclaration(type, methodRules.apply(own));
    }
    resolved.put(type, rule);
    return rule;
  }

  /**
   * The direct super-interfaces of {@code type} that have the method, leaving out one that
   * another of them extends: {@code R extends X, A} with {@code X extends A} is {@code R extends
   * X}, as Java reads it.
   */
  private List<TypeElement> directSupersWithMethod(TypeElement type) {
    List<TypeElement> supers = new ArrayList<>();
    for (TypeMirror superInterface : type.getInterfaces()) {
      TypeElement s = (TypeElement) types.asElement(superInterface);
      if (hasMethod(s)) {
        supers.add(s);
      }
    }
    supers.removeIf(s -> supers.stream().anyMatch(other -> !other.equals(s)
        && types.isSubtype(types.erasure(other.asType()), types.erasure(s.asType()))));
    return supers;
  }

  private boolean hasMethod(TypeElement type) {
    TypeMirror t = types.erasure(type.asType());
    for (ExecutableElement declaration : declarations) {
      if (types.isSubtype(t, types.erasure(declaration.getEnclosingElement().asType()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The declaration of the method in {@code type}, if any: at most one, since the validator
   * refuses methods that are two in some interface of the hierarchy.
   */
  private ExecutableElement declarationIn(TypeElement type) {
    for (ExecutableElement declaration : declarations) {
      if (declaration.getEnclosingElement().equals(type)) {
        return declaration;
      }
    }
    return null;
  }

  /** A requirement, and the interface that said it at method or at type level. */
  record Said(Requirement requirement, boolean atMethod, Name by) {}

  /** {@link Conflict#kind()} of {@code @Public} against any requirement. */
  static final String REQUIREMENTS = "requirements";

  /**
   * Two interfaces that said different things of one kind ({@code roles}, {@code permissions},
   * or {@value #REQUIREMENTS} for {@code @Public} against any), each as written ({@code
   * @RequiresRole("admin")}), not yet settled; {@code atMethod} when one of them said it on a
   * declaration, which only a declaration can settle.
   */
  record Conflict(
      String kind, Name first, String firstSays, Name second, String secondSays,
      boolean atMethod) {
    /** The same conflict, which a type-level annotation can no longer settle. */
    Conflict onlyADeclarationSettles() {
      return new Conflict(kind, first, firstSays, second, secondSays, true);
    }
  }

  /** {@code requirement} of {@code kind} as written: {@code @RequiresRole("admin")}. */
  static String says(String kind, Requirement requirement) {
    return Names.annotation(kind.equals("roles") ? "RequiresRole" : "RequiresPermission",
        requirement);
  }

  /**
   * What the method requires from one interface's view: {@code @Public} (with {@code publicBy}),
   * or a token ({@code authBy}, the first interface that asked for one) and the roles and
   * permissions said; {@code conflicts} when that view is ambiguous.
   */
  record Rule(
      boolean isPublic, Name publicBy, Name authBy, Said roles, Said permissions,
      List<Conflict> conflicts) {
    static final Rule NOTHING = new Rule(false, null, null, null, null, List.of());

    boolean requiresAnything() {
      return authBy != null || roles != null || permissions != null;
    }

    /** This rule and a sibling super-interface's, as an interface extending both sees them. */
    Rule merge(Rule other) {
      List<Conflict> pending = new ArrayList<>(conflicts);
      for (Conflict c : other.conflicts) {
        if (!pending.contains(c)) {
          pending.add(c);
        }
      }
      if (isPublic && other.isPublic) {
        return new Rule(true, publicBy, null, null, null, List.copyOf(pending));
      }
      if (isPublic || other.isPublic) {
        Rule open = isPublic ? this : other;
        Rule closed = isPublic ? other : this;
        if (!closed.requiresAnything()) {
          return new Rule(true, open.publicBy, null, null, null, List.copyOf(pending));
        }
        Said said = closed.roles != null ? closed.roles : closed.permissions;
        Name requiring = said != null ? said.by() : closed.authBy;
        String requires = said == null ? "@RequiresAuth"
            : says(said == closed.roles ? "roles" : "permissions", said.requirement());
        pending.add(
            new Conflict(REQUIREMENTS, open.publicBy, "@Public", requiring, requires, true));
        // The requirements are kept, so that a declaration settling the conflict with fewer
        // kinds keeps the others.
        return new Rule(false, null, closed.authBy, closed.roles, closed.permissions,
            List.copyOf(pending));
      }
      return new Rule(false, null, authBy != null ? authBy : other.authBy,
          agree("roles", roles, other.roles, pending),
          agree("permissions", permissions, other.permissions, pending), List.copyOf(pending));
    }

    /** What both say of one kind; where they differ, the first, and a conflict. */
    private static Said agree(String kind, Said a, Said b, List<Conflict> pending) {
      if (a == null || b == null) {
        return a != null ? a : b;
      }
      if (!a.requirement().sameAs(b.requirement())) {
        pending.add(new Conflict(kind, a.by(), says(kind, a.requirement()), b.by(),
            says(kind, b.requirement()), a.atMethod() || b.atMethod()));
        return a;
      }
      if (a.atMethod() || b.atMethod()) {
        // A declaration now says this kind too: a disagreement of it among type levels can no
        // longer be settled by another type level.
        pending.replaceAll(c -> c.kind().equals(kind) ? c.onlyADeclarationSettles() : c);
      }
      return a.atMethod() || !b.atMethod() ? a : b;
    }

    /**
     * Under {@code type}'s type-level rules. A kind {@code type} restates replaces what its
     * supers said at type level, settles their type-level disagreement, and conflicts with a
     * different value a super-interface's declaration names; one it only inherits fills a kind
     * nothing was said of.
     */
    Rule withTypeLevel(
        TypeElement type, TypeRules level, boolean restatesRoles, boolean restatesPermissions) {
      if (isPublic) {
        return this;
      }
      Name by = type.getSimpleName();
      List<Conflict> pending = new ArrayList<>(conflicts);
      for (Conflict c : level.conflicts()) {
        if (!pending.contains(c)) {
          pending.add(c);
        }
      }
      Said r = underTypeLevel("roles", roles, level.roles(), restatesRoles, by, pending);
      Said p = underTypeLevel(
          "permissions", permissions, level.permissions(), restatesPermissions, by, pending);
      return new Rule(false, null, authByOr(level.auth(), by), r, p, List.copyOf(pending));
    }

    private static Said underTypeLevel(
        String kind, Said inherited, Requirement level, boolean restated, Name by,
        List<Conflict> pending) {
      if (level == null) {
        return inherited;
      }
      if (!restated) {
        return inherited != null ? inherited : new Said(level, false, by);
      }
      pending.removeIf(c -> c.kind().equals(kind) && !c.atMethod());
      if (inherited == null || !inherited.atMethod()) {
        return new Said(level, false, by);
      }
      if (!inherited.requirement().sameAs(level)) {
        pending.add(new Conflict(kind, inherited.by(), says(kind, inherited.requirement()), by,
            says(kind, level), true));
      }
      return inherited;
    }

    /** Who first asked for a token: as before, else {@code by} if it {@code asks}. */
    private Name authByOr(boolean asks, Name by) {
      return authBy == null && asks ? by : authBy;
    }

    /** Under {@code type}'s own declaration of the method. */
    Rule withDeclaration(TypeElement type, MethodRules declared) {
      if (declared.isPublic()) {
        return new Rule(true, type.getSimpleName(), null, null, null, List.of());
      }
      if (!declared.annotated()) {
        return this;
      }
      Name by = type.getSimpleName();
      List<Conflict> pending = new ArrayList<>(conflicts);
      pending.removeIf(c -> c.kind().equals(REQUIREMENTS)
          || c.kind().equals("roles") && declared.roles() != null
          || c.kind().equals("permissions") && declared.permissions() != null);
      return new Rule(false, null, authByOr(declared.auth(), by),
          declared.roles() != null ? new Said(declared.roles(), true, by) : roles,
          declared.permissions() != null ? new Said(declared.permissions(), true, by) : permissions,
          List.copyOf(pending));
    }
  }
}
