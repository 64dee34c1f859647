package dev.protekt.processor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Which interfaces an interface extends, each read once a round. Asking javac instead ({@code
 * Types.isSubtype} of the erasures) walks every path of a diamond lattice ({@code L1a extends L0a,
 * L0b}, {@code L1b extends L0a, L0b}, {@code L2a extends L1a, L1b}, …) when the answer is no: time
 * exponential in its depth, for each of the many questions validation asks. A new instance each
 * round: an interface's super-interface that did not resolve may resolve in a later one. {@code
 * Types.asMemberOf} asks javac the same, and is given the supertype that declares the method.
 */
final class Hierarchy {
  private final Types types;
  /** By type: it and every interface it extends, at any depth. */
  private final Map<TypeElement, Set<TypeElement>> closures = new HashMap<>();
  /** By type as declared: each of its supertypes as it sees them, type arguments substituted. */
  private final Map<TypeMirror, Map<Element, DeclaredType>> supertypes = new HashMap<>();

  Hierarchy(Types types) {
    this.types = types;
  }

  /** Whether {@code sub} is {@code type}, or extends it at any depth. */
  boolean isOrExtends(Element sub, Element type) {
    return closure((TypeElement) sub).contains(type);
  }

  /**
   * {@code method} as a member of {@code root}, as {@code Types.asMemberOf} gives it. That first
   * checks that {@code root} has the method by the walk described above; asked of the supertype
   * that declares the method, as {@code root} sees it, it finds it at once, and substitutes the
   * same type arguments.
   */
  ExecutableType asMemberOf(DeclaredType root, ExecutableElement method) {
    DeclaredType owner = supertypes.computeIfAbsent(root, this::supertypesOf)
        .get(method.getEnclosingElement());
    return (ExecutableType) types.asMemberOf(owner != null ? owner : root, method);
  }

  /** {@code type} and its supertypes at any depth, each once, as {@code type} sees them. */
  private Map<Element, DeclaredType> supertypesOf(TypeMirror type) {
    Map<Element, DeclaredType> seen = new HashMap<>();
    Deque<DeclaredType> pending = new ArrayDeque<>();
    pending.add((DeclaredType) type);
    seen.put(((DeclaredType) type).asElement(), (DeclaredType) type);
    while (!pending.isEmpty()) {
      for (TypeMirror supertype : types.directSupertypes(pending.remove())) {
        if (supertype instanceof DeclaredType declared
            && seen.putIfAbsent(declared.asElement(), declared) == null) {
          pending.add(declared);
        }
      }
    }
    return seen;
  }

  /** How many types' super-interfaces were read: each at most once, which tests hold it to. */
  int typesRead() {
    return closures.size();
  }

  private Set<TypeElement> closure(TypeElement type) {
    Set<TypeElement> closure = closures.get(type);
    if (closure != null) {
      return closure;
    }
    closure = new HashSet<>();
    closure.add(type);
    // In before its super-interfaces: javac reports a cycle, and must not get a stack overflow.
    closures.put(type, closure);
    for (TypeMirror superInterface : type.getInterfaces()) {
      if (types.asElement(superInterface) instanceof TypeElement s) {
        closure.addAll(closure(s));
      }
    }
    return closure;
  }
}
