package dev.protekt.processor;

import static dev.protekt.processor.Annotations.PUBLIC;
import static dev.protekt.processor.Annotations.REQUIRES_AUTH;
import static dev.protekt.processor.Annotations.REQUIRES_PERMISSION;
import static dev.protekt.processor.Annotations.REQUIRES_ROLE;
import static dev.protekt.processor.Annotations.TOKEN_FROM_CONTEXT;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.protekt.annotations.Match;
import dev.protekt.processor.GuardModel.Guard;
import dev.protekt.processor.GuardModel.GuardedMethod;
import dev.protekt.processor.GuardModel.Policy;
import dev.protekt.processor.GuardModel.Requirement;
import dev.protekt.processor.GuardModel.TokenSource;
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
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
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

  GuardValidator(Elements elements, Types types, ErrorReporter reporter) {
    this.elements = elements;
    this.types = types;
    this.reporter = reporter;
    this.tokenSources = new TokenSources(elements, types, reporter);
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
    typeRules(type, type, typeRules);
    List<GuardedMethod> methods = new ArrayList<>();
    for (List<ExecutableElement> declarations : declarationsBySignature(type, declared).values()) {
      GuardedMethod method = method(type, declared, typeRules, declarations);
      if (method != null) {
        methods.add(method);
      }
    }
    if (reporter.errorCount() != errorsBefore) {
      return Optional.empty();
    }
    return Optional.of(new Guard(type, declared, guardName(type), isPublic(type), methods));
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
          reporter.error(method, mirror, Message.UNINTERCEPTABLE_METHOD, simpleName(mirror),
              describe(method), uninterceptableKind(method));
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

  /** "static" or "private": why a guard cannot intercept {@code method}. */
  static String uninterceptableKind(ExecutableElement method) {
    return method.getModifiers().contains(Modifier.STATIC) ? "static" : "private";
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
      reporter.error(method, mirror, Message.OBJECT_METHOD, simpleName(mirror), describe(method));
    }
  }

  private GuardedMethod method(
      TypeElement root,
      DeclaredType declared,
      Map<TypeElement, TypeRules> typeRules,
      List<ExecutableElement> all) {
    ExecutableElement primary = mostSpecific(all).get(0);
    Element reportOn = primary.getEnclosingElement().equals(root) ? primary : root;
    boolean context = typeRules.get(root).context();
    for (ExecutableElement declaration : all) {
      context |= methodRules(declaration).context();
    }
    if (twoMethodsMeet(root, all, typeRules.keySet(), reportOn)
        || inheritedWithDifferentSignatures(root, declared, all, reportOn)) {
      return null;
    }
    InheritedRequirements.Rule rule =
        new InheritedRequirements(types, this::methodRules, typeRules, all).of(root);
    if (!rule.conflicts().isEmpty()) {
      InheritedRequirements.Conflict c = rule.conflicts().get(0);
      reporter.error(reportOn, Message.CONFLICTING_INHERITANCE, describe(root, primary), c.kind(),
          c.first(), c.second(), root.getSimpleName());
      return null;
    }
    if (rule.isPublic()) {
      return new GuardedMethod(primary, null, null, all);
    }
    if (!rule.requiresAnything()) {
      reporter.error(reportOn, Message.UNGUARDED_METHOD, describe(primary), root.getSimpleName());
      return null;
    }
    Requirement roles = rule.roles() == null ? null : rule.roles().requirement();
    Requirement permissions = rule.permissions() == null ? null : rule.permissions().requirement();
    ExecutableType resolved = (ExecutableType) types.asMemberOf(declared, primary);
    TokenSource source = tokenSources.find(primary, resolved, context, reportOn);
    return source == null
        ? null
        : new GuardedMethod(primary, new Policy(roles, permissions), source, all);
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
          reporter.error(reportOn, Message.METHODS_MEET, describe(members.get(0)),
              describe(members.get(j)), type.getSimpleName(), root.getSimpleName());
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
        reporter.error(reportOn, Message.INHERITED_SIGNATURES_DIFFER, describe(candidates.get(0)),
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
          reporter.error(method, publicMirror, Message.PUBLIC_WITH_REQUIREMENT, describe(method),
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
   * other, are reported on {@code root}.
   */
  private TypeRules typeRules(TypeElement type, TypeElement root, Map<TypeElement, TypeRules> memo) {
    TypeRules cached = memo.get(type);
    if (cached != null) {
      return cached;
    }
    List<TypeElement> supers = new ArrayList<>();
    List<TypeRules> superRules = new ArrayList<>();
    for (TypeMirror superInterface : type.getInterfaces()) {
      TypeElement s = (TypeElement) types.asElement(superInterface);
      supers.add(s);
      superRules.add(typeRules(s, root, memo));
    }
    boolean auth = Annotations.find(type, REQUIRES_AUTH) != null;
    boolean context = Annotations.find(type, TOKEN_FROM_CONTEXT) != null;
    for (TypeRules r : superRules) {
      auth |= r.auth();
      context |= r.context();
    }
    Requirement roles = requirement(type, REQUIRES_ROLE, "role");
    if (Annotations.find(type, REQUIRES_ROLE) == null) {
      roles = inherit(type, root, "roles", supers, superRules, true);
    }
    Requirement permissions = requirement(type, REQUIRES_PERMISSION, "permission");
    if (Annotations.find(type, REQUIRES_PERMISSION) == null) {
      permissions = inherit(type, root, "permissions", supers, superRules, false);
    }
    TypeRules rules = new TypeRules(auth, roles, permissions, context);
    memo.put(type, rules);
    return rules;
  }

  private Requirement inherit(
      TypeElement type,
      TypeElement root,
      String kind,
      List<TypeElement> supers,
      List<TypeRules> superRules,
      boolean roles) {
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
      } else if (!same(chosen, r)) {
        reporter.error(root, Message.CONFLICTING_INHERITANCE, type.getSimpleName(), kind,
            chosenFrom.getSimpleName(), supers.get(i).getSimpleName(), type.getSimpleName());
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

  static boolean same(Requirement a, Requirement b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.match() == b.match() && Set.copyOf(a.values()).equals(Set.copyOf(b.values()));
  }

  static ClassName guardName(TypeElement type) {
    StringBuilder name = new StringBuilder(type.getSimpleName());
    Element e = type.getEnclosingElement();
    for (; e instanceof TypeElement; e = e.getEnclosingElement()) {
      name.insert(0, ((TypeElement) e).getSimpleName() + "_");
    }
    return ClassName.get(((PackageElement) e).getQualifiedName().toString(), name + "Guard");
  }

  private static boolean isPublic(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (!e.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  /** {@code Type.method(ParamType, …)}, for messages. */
  static String describe(ExecutableElement method) {
    return describe(method.getEnclosingElement(), method);
  }

  /** {@code Owner.method(ParamType, …)}: the method as a member of {@code owner}. */
  static String describe(Element owner, ExecutableElement method) {
    StringBuilder s = new StringBuilder();
    s.append(owner.getSimpleName()).append('.').append(method.getSimpleName()).append('(');
    List<? extends VariableElement> parameters = method.getParameters();
    for (int i = 0; i < parameters.size(); i++) {
      TypeMirror t = parameters.get(i).asType();
      String type = t.getKind().isPrimitive() || t.getKind() == javax.lang.model.type.TypeKind.ARRAY
          ? t.toString()
          : simple(t);
      s.append(i == 0 ? "" : ", ").append(type);
    }
    return s.append(')').toString();
  }

  private static String simple(TypeMirror type) {
    String s = type.toString();
    int generic = s.indexOf('<');
    String raw = generic < 0 ? s : s.substring(0, generic);
    return raw.substring(raw.lastIndexOf('.') + 1) + (generic < 0 ? "" : s.substring(generic));
  }

  /** The type-level rules of one interface, after inheritance. */
  record TypeRules(
      boolean auth, Requirement roles, Requirement permissions, boolean context) {}

  /** The rules written on one method declaration. */
  record MethodRules(
      boolean isPublic, boolean auth, Requirement roles, Requirement permissions, boolean context) {
    boolean annotated() {
      return isPublic || auth || roles != null || permissions != null;
    }
  }
}
