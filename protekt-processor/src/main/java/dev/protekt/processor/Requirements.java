package dev.protekt.processor;

import static dev.protekt.processor.Annotations.PUBLIC;
import static dev.protekt.processor.Annotations.REQUIRES_AUTH;
import static dev.protekt.processor.Annotations.REQUIRES_PERMISSION;
import static dev.protekt.processor.Annotations.REQUIRES_ROLE;
import static dev.protekt.processor.Annotations.TOKEN_FROM_CONTEXT;

import dev.protekt.annotations.Match;
import dev.protekt.processor.GuardModel.Policy;
import dev.protekt.processor.GuardModel.Requirement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Name;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * The one place that works out what each method of a guarded interface requires: the annotations
 * of every interface in its hierarchy, at type and at method level, read and validated, inherited,
 * and their conflicts found and reported.
 *
 * <p>What one method requires as seen from an interface is worked out the way its own guard and the
 * guard of every interface it inherits through would see it: each interface takes what its direct
 * super-interfaces that have the method agree on, then its own type-level rules, then its own
 * declaration of the method. The structural checks have made sure the method is one method in
 * every interface of the hierarchy.
 *
 * <ul>
 *   <li>A method-level value beats a type-level one, at any depth: a sub-interface's type-level
 *       role does not replace the role a super-interface's declaration names. Where the two
 *       differ, the interface must say which it means by declaring the method.
 *   <li>Super-interfaces that disagree (a role against another role, {@code @Public} against any
 *       requirement) leave a conflict that only the sub-interface can settle: by restating the
 *       kind at type level when only type levels disagreed, else by declaring the method.
 *   <li>A declaration without annotations settles nothing; {@code @Public} settles everything;
 *       one with annotations replaces the kinds it names and keeps the others.
 * </ul>
 *
 * <p>One instance per guarded interface, {@code root}: the type-level rules of its hierarchy are
 * read once.
 */
final class Requirements {
  /** A run of what {@link #space} calls white space. */
  private static final String SPACES = "[\\p{javaWhitespace}\\p{javaSpaceChar}]+";

  private final Types types;
  private final Hierarchy hierarchy;
  private final ErrorReporter reporter;
  private final TypeElement root;
  private final Map<TypeElement, TypeRules> typeRules = new HashMap<>();
  /** Whether every type-level annotation of the hierarchy is valid. */
  private final boolean typeRulesValid;

  Requirements(Types types, Hierarchy hierarchy, ErrorReporter reporter, TypeElement root) {
    this.types = types;
    this.hierarchy = hierarchy;
    this.reporter = reporter;
    this.root = root;
    int before = reporter.errorCount();
    typeRules(root, typeRules);
    this.typeRulesValid = reporter.errorCount() == before;
  }

  /**
   * What a method requires: {@code @Public}, or a policy; {@code fromContext} when {@code
   * @TokenFromContext} applies to it. The policy is null when a type-level annotation of the
   * hierarchy is invalid (reported there): the method needs a token, but which policy is unknown.
   */
  record Required(boolean isPublic, Policy policy, boolean fromContext) {}

  /**
   * What the method declared by {@code declarations} (read through {@code primary}) requires in
   * {@code root}, or null after reporting on {@code reportOn} why it is unknown: a conflict, or no
   * requirement at all. An invalid annotation is reported on itself, and nothing more is said of
   * the method: a second error would only repeat the first in other words. After an invalid
   * type-level annotation, a method that surely needs a token gets a {@link Required} without a
   * policy, so that its other errors (its parameters') are still reported, and no conflict or
   * missing requirement is, which might only follow from that annotation.
   */
  Required method(
      ExecutableElement primary, List<ExecutableElement> declarations, Element reportOn) {
    int errorsBefore = reporter.errorCount();
    boolean context = typeRules.get(root).context();
    for (ExecutableElement declaration : declarations) {
      context |= methodRules(declaration).context();
    }
    if (reporter.errorCount() != errorsBefore) {
      return null;
    }
    if (!typeRulesValid) {
      // Only a declaration's @Public drops the token; without one, the method surely needs it.
      return declarations.stream().anyMatch(d -> Annotations.find(d, PUBLIC) != null)
          ? null
          : new Required(false, null, context);
    }
    Rule rule = new MethodView(declarations).of(root);
    if (!rule.conflicts().isEmpty()) {
      reportConflict(primary, declarations, reportOn, rule.conflicts().get(0));
      return null;
    }
    if (rule.isPublic()) {
      return new Required(true, null, false);
    }
    if (!rule.requiresAnything()) {
      reporter.error(reportOn, Message.UNGUARDED_METHOD, Names.describe(primary),
          root.getSimpleName());
      return null;
    }
    return new Required(false, new Policy(
        rule.roles() == null ? null : rule.roles().requirement(),
        rule.permissions() == null ? null : rule.permissions().requirement()), context);
  }

  /**
   * Reports {@code c} with the fix that settles it: a conflict among type levels only on the
   * interface, once for all its methods; one a declaration said on the method, by declaring it.
   */
  private void reportConflict(ExecutableElement primary, List<ExecutableElement> all,
      Element reportOn, Conflict c) {
    if (!c.atMethod()) {
      reporter.error(root, Message.CONFLICTING_INHERITANCE, root.getSimpleName(), c.kind(),
          c.firstSays(), c.first(), c.secondSays(), c.second(),
          "annotate " + root.getSimpleName() + " itself", c.firstSays(), c.secondSays());
      return;
    }
    String method = Names.describe(root, primary);
    boolean bare = all.stream().anyMatch(
        d -> d.getEnclosingElement().equals(root) && !methodRules(d).annotated());
    String fix = bare
        ? "annotate the declaration of " + primary.getSimpleName() + " in " + root.getSimpleName()
            + ", which settles nothing without an annotation,"
        : "declare " + method.substring(root.getSimpleName().length() + 1) + " on "
            + root.getSimpleName();
    reporter.error(reportOn, Message.CONFLICTING_INHERITANCE, method, c.kind(), c.firstSays(),
        c.first(), c.secondSays(), c.second(), fix, c.firstSays(), c.secondSays());
  }

  /** The rules written on one method declaration, validated. */
  private MethodRules methodRules(ExecutableElement method) {
    AnnotationMirror publicMirror = Annotations.find(method, PUBLIC);
    boolean auth = Annotations.find(method, REQUIRES_AUTH) != null;
    Requirement roles = requirement(method, REQUIRES_ROLE, "role");
    Requirement permissions = requirement(method, REQUIRES_PERMISSION, "permission");
    if (publicMirror != null) {
      for (String name : List.of(REQUIRES_AUTH, REQUIRES_ROLE, REQUIRES_PERMISSION)) {
        if (Annotations.find(method, name) != null) {
          reporter.error(method, publicMirror, Message.PUBLIC_WITH_REQUIREMENT,
              Names.describe(method),
              Annotations.simpleName(name));
        }
      }
    }
    boolean context = Annotations.find(method, TOKEN_FROM_CONTEXT) != null;
    return new MethodRules(publicMirror != null, auth, roles, permissions, context);
  }

  /**
   * The rules of {@code type} at type level, its own replacing inherited ones kind by kind.
   * Inherited values of one kind that differ between super-interfaces, neither of which extends the
   * other, are a conflict, which each method the kind applies to reports.
   */
  private TypeRules typeRules(TypeElement type, Map<TypeElement, TypeRules> memo) {
    TypeRules cached = memo.get(type);
    if (cached != null) {
      return cached;
    }
    List<TypeElement> supers = new ArrayList<>();
    List<TypeRules> superRules = new ArrayList<>();
    for (TypeMirror superInterface : type.getInterfaces()) {
      TypeElement s = (TypeElement) types.asElement(superInterface);
      supers.add(s);
      superRules.add(typeRules(s, memo));
    }
    boolean auth = Annotations.find(type, REQUIRES_AUTH) != null;
    boolean context = Annotations.find(type, TOKEN_FROM_CONTEXT) != null;
    for (TypeRules r : superRules) {
      auth |= r.auth();
      context |= r.context();
    }
    boolean restatesRoles = Annotations.find(type, REQUIRES_ROLE) != null;
    boolean restatesPermissions = Annotations.find(type, REQUIRES_PERMISSION) != null;
    List<Conflict> conflicts = new ArrayList<>();
    for (TypeRules r : superRules) {
      for (Conflict c : r.conflicts()) {
        boolean restated = c.kind().equals("roles") ? restatesRoles : restatesPermissions;
        if (!restated && !conflicts.contains(c)) {
          conflicts.add(c);
        }
      }
    }
    Requirement roles = restatesRoles
        ? requirement(type, REQUIRES_ROLE, "role")
        : inherit("roles", supers, superRules, conflicts);
    Requirement permissions = restatesPermissions
        ? requirement(type, REQUIRES_PERMISSION, "permission")
        : inherit("permissions", supers, superRules, conflicts);
    TypeRules rules = new TypeRules(auth, roles, permissions, context, List.copyOf(conflicts));
    memo.put(type, rules);
    return rules;
  }

  /** What {@code supers} say of {@code kind}; where two differ, the first, and a conflict. */
  private Requirement inherit(
      String kind, List<TypeElement> supers, List<TypeRules> superRules,
      List<Conflict> conflicts) {
    boolean roles = kind.equals("roles");
    Requirement chosen = null;
    TypeElement chosenFrom = null;
    for (int i = 0; i < supers.size(); i++) {
      Requirement r = roles ? superRules.get(i).roles() : superRules.get(i).permissions();
      if (r == null || extendsAnotherWith(supers.get(i), supers, superRules, roles)) {
        continue;
      }
      if (chosen == null) {
        chosen = r;
        chosenFrom = supers.get(i);
      } else if (!chosen.sameAs(r)) {
        Conflict c = new Conflict(kind, chosenFrom.getSimpleName(),
            says(kind, chosen), supers.get(i).getSimpleName(),
            says(kind, r), false);
        if (!conflicts.contains(c)) {
          conflicts.add(c);
        }
      }
    }
    return chosen;
  }

  /** Whether another super-interface carrying a requirement of this kind extends {@code s}. */
  private boolean extendsAnotherWith(
      TypeElement s, List<TypeElement> supers, List<TypeRules> superRules, boolean roles) {
    for (int j = 0; j < supers.size(); j++) {
      TypeElement other = supers.get(j);
      Requirement r = roles ? superRules.get(j).roles() : superRules.get(j).permissions();
      if (r != null && !other.equals(s) && hierarchy.isOrExtends(other, s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The validated values of {@code annotation} on {@code element}, or null when it is absent or
   * invalid (the error is reported on the offending value).
   */
  private Requirement requirement(Element element, String annotation, String what) {
    AnnotationMirror mirror = Annotations.find(element, annotation);
    if (mirror == null) {
      return null;
    }
    AnnotationValue value = Annotations.explicitValue(mirror, "value");
    String simple = Annotations.simpleName(annotation);
    List<String> values = new ArrayList<>();
    if (value != null && value.getValue() instanceof List) {
      for (Object item : (List<?>) value.getValue()) {
        AnnotationValue itemValue = (AnnotationValue) item;
        Object v = itemValue.getValue();
        String stripped = v instanceof String ? stripInvisible((String) v) : "";
        if (stripped.isEmpty()) {
          reporter.error(element, mirror, itemValue, Message.BLANK_VALUE, simple, what, what);
          return null;
        }
        if (!stripped.equals(v)) {
          reporter.error(element, mirror, itemValue, Message.PADDED_VALUE, simple, what, v, what,
              stripped);
          return null;
        }
        int unprintable = firstUnprintable(stripped);
        if (unprintable >= 0) {
          reporter.error(element, mirror, itemValue, Message.CONTROL_CHARACTER, simple, what,
              escaped(stripped), String.format(Locale.ROOT, "U+%04X", unprintable), what, what);
          return null;
        }
        if (what.equals("permission") && stripped.codePoints().anyMatch(Requirements::space)) {
          // A role may hold one ("Account Admin"); scope, split at spaces, never grants one that
          // does.
          reporter.error(element, mirror, itemValue, Message.SPACE_IN_PERMISSION, simple,
              escaped(stripped), Arrays.stream(stripped.split(SPACES))
                  .map(Requirements::escaped).collect(Collectors.joining(", ", "{", "}")));
          return null;
        }
        values.add((String) v);
      }
    }
    if (values.isEmpty()) {
      reporter.error(element, mirror, value, Message.NO_VALUES, simple, what, simple,
          what.equals("role") ? "admin" : "read:posts");
      return null;
    }
    AnnotationValue match = Annotations.explicitValue(mirror, "match");
    Match m = match == null ? Match.ANY : match(match);
    if (m == null) {
      // A constant Match lacks (a class compiled against another version): guessing ANY would let
      // in whoever holds one of the values where all may have been meant.
      TypeElement declaring = element instanceof TypeElement type
          ? type : (TypeElement) element.getEnclosingElement();
      reporter.error(element, mirror, match, Message.UNKNOWN_MATCH, simple, Names.element(element),
          match.getValue(), declaring.getQualifiedName());
      return null;
    }
    List<String> distinct = List.copyOf(new LinkedHashSet<>(values));
    return new Requirement(distinct, distinct.size() == 1 ? Match.ANY : m);
  }

  /** {@code value} as a {@link Match}, or null when it names none of its constants. */
  private static Match match(AnnotationValue value) {
    if (value.getValue() instanceof VariableElement constant) {
      for (Match m : Match.values()) {
        if (constant.getSimpleName().contentEquals(m.name())) {
          return m;
        }
      }
    }
    return null;
  }

  /**
   * {@code value} without the white space and invisible characters at its ends, no-break and
   * zero-width spaces included, which {@link String#strip()} keeps.
   */
  private static String stripInvisible(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && invisible(value.codePointAt(start))) {
      start += Character.charCount(value.codePointAt(start));
    }
    while (end > start && invisible(value.codePointBefore(end))) {
      end -= Character.charCount(value.codePointBefore(end));
    }
    return value.substring(start, end);
  }

  /**
   * The first control character (U+0000, a tab, U+007F…) or line or paragraph separator (U+2028,
   * U+2029) in {@code value}, or -1: no name a token carries holds one, and a value that did could
   * be mistaken for another in every log and message that prints it.
   */
  private static int firstUnprintable(String value) {
    return value.codePoints()
        .filter(c -> switch (Character.getType(c)) {
          case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
          default -> false;
        })
        .findFirst().orElse(-1);
  }

  /** {@code value} quoted, each unprintable character as a Java escape, for messages. */
  private static String escaped(String value) {
    StringBuilder s = new StringBuilder("\"");
    value.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        s.append('\\').appendCodePoint(c);
      } else if (firstUnprintable(Character.toString(c)) >= 0) {
        s.append(String.format(Locale.ROOT, "\\u%04x", c));
      } else {
        s.appendCodePoint(c);
      }
    });
    return s.append('"').toString();
  }

  /** Whether {@code c} is white space, no-break spaces included. */
  private static boolean space(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static boolean invisible(int c) {
    return space(c)
        || Character.getType(c) == Character.FORMAT;
  }

  /** The type-level rules of one interface, after inheritance. */
  record TypeRules(
      boolean auth, Requirement roles, Requirement permissions, boolean context,
      List<Conflict> conflicts) {}

  /** The rules written on one method declaration. */
  record MethodRules(
      boolean isPublic, boolean auth, Requirement roles, Requirement permissions, boolean context) {
    boolean annotated() {
      return isPublic || auth || roles != null || permissions != null;
    }
  }

  /** What one method, declared by {@code declarations}, requires from each interface's view. */
  private final class MethodView {
    private final List<ExecutableElement> declarations;
    private final Map<TypeElement, Rule> resolved = new HashMap<>();

    MethodView(List<ExecutableElement> declarations) {
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
      boolean asksForToken = Annotations.find(type, Annotations.REQUIRES_AUTH) != null;
      rule = rule.withTypeLevel(type, level, restatesRoles, restatesPermissions, asksForToken);
      ExecutableElement own = declarationIn(type);
      if (own != null) {
        rule = rule.withDeclaration(type, methodRules(own));
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
      supers.removeIf(s -> supers.stream()
          .anyMatch(other -> !other.equals(s) && hierarchy.isOrExtends(other, s)));
      return supers;
    }

    private boolean hasMethod(TypeElement type) {
      for (ExecutableElement declaration : declarations) {
        if (hierarchy.isOrExtends(type, declaration.getEnclosingElement())) {
          return true;
        }
      }
      return false;
    }

    /**
     * The declaration of the method in {@code type}, if any: at most one, since the structural
     * checks refuse methods that are two in some interface of the hierarchy.
     */
    private ExecutableElement declarationIn(TypeElement type) {
      for (ExecutableElement declaration : declarations) {
        if (declaration.getEnclosingElement().equals(type)) {
          return declaration;
        }
      }
      return null;
    }
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
     * nothing was said of. A requirement {@code type} writes itself conflicts with a
     * super-interface's {@code @Public} declaration, as a role conflicts with a declared role:
     * read either way, one of the two interfaces would be wrong about the method.
     */
    Rule withTypeLevel(TypeElement type, TypeRules level, boolean restatesRoles,
        boolean restatesPermissions, boolean asksForToken) {
      Name by = type.getSimpleName();
      if (isPublic) {
        if (!restatesRoles && !restatesPermissions && !asksForToken) {
          return this;
        }
        // What type says itself, against @Public, as a sibling super-interface's would be.
        return merge(new Rule(false, null, by,
            restatesRoles ? new Said(level.roles(), false, by) : null,
            restatesPermissions ? new Said(level.permissions(), false, by) : null,
            List.of()));
      }
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
