package dev.protekt.processor;

import static dev.protekt.processor.Annotations.PUBLIC;
import static dev.protekt.processor.Annotations.REQUIRES_AUTH;
import static dev.protekt.processor.Annotations.REQUIRES_PERMISSION;
import static dev.protekt.processor.Annotations.REQUIRES_ROLE;
import static dev.protekt.processor.Annotations.TOKEN_FROM_CONTEXT;

import com.palantir.javapoet.TypeName;
import dev.protekt.annotations.Match;
import dev.protekt.processor.GuardModel.Checked;
import dev.protekt.processor.GuardModel.Guard;
import dev.protekt.processor.GuardModel.GuardedMethod;
import dev.protekt.processor.GuardModel.Open;
import dev.protekt.processor.GuardModel.Policy;
import dev.protekt.processor.GuardModel.Requirement;
import dev.protekt.processor.GuardModel.TokenSource;
import dev.protekt.processor.InheritedRequirements.Conflict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.Name;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks one annotated interface against every rule of {@code dev.protekt.annotations} and, when
 * it passes, describes its guard. Reports all the errors it finds in the interface rather than
 * stopping at the first.
 */
final class GuardValidator {
  /** Signatures of the public {@code Object} methods, which guards leave to {@code Object}. */
  private static final Set<String> OBJECT_METHODS =
      Set.of("equals(java.lang.Object)", "hashCode()", "toString()");

  private final Elements elements;
  private final Types types;
  private final ErrorReporter reporter;
  private final TokenSources tokenSources;
  private final Signatures signatures;

  GuardValidator(Elements elements, Types types, ErrorReporter reporter) {
    this.elements = elements;
    this.types = types;
    this.reporter = reporter;
    this.tokenSources = new TokenSources(elements, types, reporter);
    this.signatures = new Signatures(elements, types);
  }

  /** The guard to generate for {@code type}, or empty when an error was reported. */
  Optional<Guard> validate(TypeElement type) {
    int errorsBefore = reporter.errorCount();
    if (!implementable(type)) {
      return Optional.empty();
    }
    reportUninterceptableMethods(type);
    DeclaredType declared = (DeclaredType) type.asType();
    Map<TypeElement, TypeRules> typeRules = new HashMap<>();
    int beforeTypeRules = reporter.errorCount();
    typeRules(type, typeRules);
    // After an invalid type-level annotation, what each method requires is unknown: saying it
    // requires nothing, or conflicts, would only repeat the first error in other words.
    boolean typeRulesValid = reporter.errorCount() == beforeTypeRules;
    List<GuardedMethod> methods = new ArrayList<>();
    for (List<ExecutableElement> declarations : declarationsBySignature(type, declared).values()) {
      GuardedMethod method = method(type, declared, typeRules, typeRulesValid, declarations);
      if (method != null) {
        methods.add(method);
      }
    }
    if (reporter.errorCount() != errorsBefore) {
      return Optional.empty();
    }
    return Optional.of(signatures.guard(type, methods));
  }

  private boolean implementable(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      TypeElement t = (TypeElement) e;
      if (t.getModifiers().contains(Modifier.PRIVATE) || t.getNestingKind() == NestingKind.LOCAL) {
        reporter.error(type, Message.PRIVATE_INTERFACE, t.getQualifiedName());
        return false;
      }
    }
    if (type.getModifiers().contains(Modifier.SEALED)) {
      reporter.error(type, Message.SEALED_INTERFACE, type.getQualifiedName());
      return false;
    }
    return true;
  }

  private void reportUninterceptableMethods(TypeElement type) {
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (!interceptable(method)) {
        for (AnnotationMirror mirror : Annotations.guarding(method)) {
          reporter.error(method, mirror, whyUninterceptable(method), simpleName(mirror),
              Names.describe(method));
        }
      }
    }
  }

  static boolean interceptable(ExecutableElement method) {
    Set<Modifier> modifiers = method.getModifiers();
    return !modifiers.contains(Modifier.STATIC) && !modifiers.contains(Modifier.PRIVATE);
  }

  /** {@code RequiresRole} for a mirror of {@code @RequiresRole}. */
  private static Name simpleName(AnnotationMirror mirror) {
    return mirror.getAnnotationType().asElement().getSimpleName();
  }

  /** Why a guard cannot intercept {@code method}: it is static, or private. */
  static Message whyUninterceptable(ExecutableElement method) {
    return method.getModifiers().contains(Modifier.STATIC)
        ? Message.STATIC_METHOD
        : Message.PRIVATE_METHOD;
  }

  /**
   * Every instance method of {@code type}, declared or inherited, keyed by erased signature, each
   * with all its declarations: {@code type}'s own first, then the super-interfaces' depth first in
   * declaration order. The order of the keys is the order of the guard's methods.
   */
  private Map<String, List<ExecutableElement>> declarationsBySignature(
      TypeElement type, DeclaredType declared) {
    Map<String, List<ExecutableElement>> result = new LinkedHashMap<>();
    collect(type, declared, result, new HashSet<>());
    return result;
  }

  private void collect(
      TypeElement current,
      DeclaredType root,
      Map<String, List<ExecutableElement>> result,
      Set<TypeElement> visited) {
    if (!visited.add(current)) {
      return;
    }
    for (ExecutableElement method : ElementFilter.methodsIn(current.getEnclosedElements())) {
      if (!interceptable(method)) {
        continue;
      }
      String key = signature(root, method);
      if (OBJECT_METHODS.contains(key)) {
        reportRequirementsOnObjectMethod(method);
      } else {
        result.computeIfAbsent(key, k -> new ArrayList<>()).add(method);
      }
    }
    for (TypeMirror superInterface : current.getInterfaces()) {
      collect((TypeElement) types.asElement(superInterface), root, result, visited);
    }
  }

  private String signature(DeclaredType root, ExecutableElement method) {
    ExecutableType resolved = (ExecutableType) types.asMemberOf(root, method);
    StringBuilder s = new StringBuilder(method.getSimpleName()).append('(');
    List<? extends TypeMirror> parameters = resolved.getParameterTypes();
    for (int i = 0; i < parameters.size(); i++) {
      // Through JavaPoet, which leaves out type-use annotations: m(@Nullable String) is m(String).
      s.append(i == 0 ? "" : ",").append(TypeName.get(types.erasure(parameters.get(i))));
    }
    return s.append(')').toString();
  }

  /** Guards leave {@code equals}, {@code hashCode} and {@code toString} to {@code Object}. */
  private void reportRequirementsOnObjectMethod(ExecutableElement method) {
    for (AnnotationMirror mirror : Annotations.guarding(method)) {
      reporter.error(method, mirror, Message.OBJECT_METHOD, simpleName(mirror), Names.describe(method));
    }
  }

  private GuardedMethod method(
      TypeElement root,
      DeclaredType declared,
      Map<TypeElement, TypeRules> typeRules,
      boolean typeRulesValid,
      List<ExecutableElement> all) {
    ExecutableElement primary = mostSpecific(all).get(0);
    Element reportOn = primary.getEnclosingElement().equals(root) ? primary : root;
    int errorsBefore = reporter.errorCount();
    boolean context = typeRules.get(root).context();
    for (ExecutableElement declaration : all) {
      context |= methodRules(declaration).context();
    }
    // One error per element: an annotation that is wrong is reported once, not again as a method
    // that requires nothing or conflicts.
    if (!typeRulesValid || reporter.errorCount() != errorsBefore
        || twoMethodsMeet(root, all, typeRules.keySet(), reportOn)
        || inheritedWithDifferentSignatures(root, declared, all, reportOn)) {
      return null;
    }
    InheritedRequirements.Rule rule =
        new InheritedRequirements(types, this::methodRules, typeRules, all).of(root);
    if (!rule.conflicts().isEmpty()) {
      reportConflict(root, primary, all, reportOn, rule.conflicts().get(0));
      return null;
    }
    if (rule.isPublic()) {
      return signatures.method(declared, primary, new Open(), all);
    }
    if (!rule.requiresAnything()) {
      reporter.error(reportOn, Message.UNGUARDED_METHOD, Names.describe(primary), root.getSimpleName());
      return null;
    }
    Requirement roles = rule.roles() == null ? null : rule.roles().requirement();
    Requirement permissions = rule.permissions() == null ? null : rule.permissions().requirement();
    ExecutableType resolved = (ExecutableType) types.asMemberOf(declared, primary);
    TokenSource source = tokenSources.find(primary, resolved, context, reportOn);
    return source == null
        ? null
        : signatures.method(declared, primary, new Checked(new Policy(roles, permissions), source),
            all);
  }

  /**
   * Reports {@code c} with the fix that settles it: a conflict among type levels only on the
   * interface, once for all its methods; one a declaration said on the method, by declaring it.
   */
  private void reportConflict(TypeElement root, ExecutableElement primary,
      List<ExecutableElement> all, Element reportOn, Conflict c) {
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

  /**
   * Whether two declarations that are one method in {@code root} are two methods in an interface
   * that has both ({@code m(T)} and {@code m(String)} of {@code A<T>}, seen from {@code R extends
   * A<String>}), and if so reports it: each has requirements of its own there, which no single
   * guard method could keep apart.
   */
  private boolean twoMethodsMeet(
      TypeElement root, List<ExecutableElement> all, Set<TypeElement> hierarchy,
      Element reportOn) {
    for (TypeElement type : hierarchy) {
      TypeMirror t = types.erasure(type.asType());
      List<ExecutableElement> members = new ArrayList<>();
      for (ExecutableElement declaration : all) {
        if (types.isSubtype(t, types.erasure(declaration.getEnclosingElement().asType()))) {
          members.add(declaration);
        }
      }
      // Comparing each with the first is enough: equal signatures are equal to each other.
      DeclaredType seenFrom = (DeclaredType) type.asType();
      for (int j = 1; j < members.size(); j++) {
        if (!signature(seenFrom, members.get(0)).equals(signature(seenFrom, members.get(j)))) {
          reporter.error(reportOn, Message.METHODS_MEET, Names.describe(members.get(0)),
              Names.describe(members.get(j)), type.getSimpleName(), root.getSimpleName());
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether unrelated super-interfaces give the method different return types or exceptions
   * ({@code Object m()} and {@code String m()}), and if so reports it: which one Java gives the
   * root depends on rules a guard should not have to repeat, and a wrong pick does not compile.
   */
  private boolean inheritedWithDifferentSignatures(
      TypeElement root, DeclaredType declared, List<ExecutableElement> all, Element reportOn) {
    List<ExecutableElement> candidates = mostSpecific(all);
    ExecutableType first = (ExecutableType) types.asMemberOf(declared, candidates.get(0));
    for (ExecutableElement other : candidates.subList(1, candidates.size())) {
      ExecutableType t = (ExecutableType) types.asMemberOf(declared, other);
      if (!types.isSameType(first.getReturnType(), t.getReturnType())
          || !sameTypes(first.getThrownTypes(), t.getThrownTypes())) {
        reporter.error(reportOn, Message.INHERITED_SIGNATURES_DIFFER, Names.describe(candidates.get(0)),
            candidates.get(0).getEnclosingElement().getSimpleName(),
            other.getEnclosingElement().getSimpleName(), root.getSimpleName());
        return true;
      }
    }
    return false;
  }

  private boolean sameTypes(List<? extends TypeMirror> a, List<? extends TypeMirror> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (TypeMirror t : a) {
      if (b.stream().noneMatch(u -> types.isSameType(t, u))) {
        return false;
      }
    }
    return true;
  }

  /** The declarations whose declaring type is not a super-interface of another's, in order. */
  private List<ExecutableElement> mostSpecific(List<ExecutableElement> declarations) {
    List<ExecutableElement> result = new ArrayList<>();
    for (ExecutableElement candidate : declarations) {
      TypeMirror owner = types.erasure(candidate.getEnclosingElement().asType());
      boolean dominated = false;
      for (ExecutableElement other : declarations) {
        TypeMirror otherOwner = types.erasure(other.getEnclosingElement().asType());
        if (!types.isSameType(owner, otherOwner) && types.isSubtype(otherOwner, owner)) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        result.add(candidate);
      }
    }
    return result;
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
          reporter.error(method, publicMirror, Message.PUBLIC_WITH_REQUIREMENT, Names.describe(method),
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
            InheritedRequirements.says(kind, chosen), supers.get(i).getSimpleName(),
            InheritedRequirements.says(kind, r), false);
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
      if (r != null && !other.equals(s)
          && types.isSubtype(types.erasure(other.asType()), types.erasure(s.asType()))) {
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
        if (!(v instanceof String) || ((String) v).isBlank()) {
          reporter.error(element, mirror, itemValue, Message.BLANK_VALUE, simple, what, what);
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
    Match m = match != null && match.getValue().toString().equals(Match.ALL.name())
        ? Match.ALL : Match.ANY;
    List<String> distinct = List.copyOf(new LinkedHashSet<>(values));
    return new Requirement(distinct, distinct.size() == 1 ? Match.ANY : m);
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
}
