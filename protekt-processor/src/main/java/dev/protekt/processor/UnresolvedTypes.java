package dev.protekt.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;

/**
 * Finds what does not exist (yet) in what a guard would be built from: a type in the interface's
 * super-interfaces, or in the signatures and type parameters of every method it declares or
 * inherits; a value of a Protekt annotation on any of those interfaces or methods. javac hands such
 * a type to processors as an error type, and such a value (a constant of a class not yet written)
 * as an error value; another processor may still generate what is missing in a later round.
 */
final class UnresolvedTypes {
  private static final String ERROR = "<error>";

  private UnresolvedTypes() {}

  /** The error type {@code type}, found in {@code in}: the interface or super-interface using it. */
  record MissingType(TypeMirror type, TypeElement in) {}

  /**
   * @param expected qualified names of types this processor is about to generate
   * @param written reads what {@code type}'s own declarations write where javac does not say: a
   *     guard written with type arguments is then expected too. In a super-interface it is missing:
   *     the guard would have to substitute type arguments it cannot see, and the super-interface's
   *     guard, written this round, resolves it in the next.
   */
  static Optional<MissingType> firstIn(
      TypeElement type, Set<String> expected, WrittenGuardTypes written) {
    return search(type, next -> {
      Expected names = new Expected(packageOf(next), expected);
      List<TypeMirror> uses = new ArrayList<>(next.getInterfaces());
      addBounds(next.getTypeParameters(), uses);
      Optional<TypeMirror> missing = find(uses, names, next == type, next, written);
      for (ExecutableElement method : ElementFilter.methodsIn(next.getEnclosedElements())) {
        if (missing.isPresent()) {
          break;
        }
        uses = new ArrayList<>(List.of(method.getReturnType()));
        for (VariableElement parameter : method.getParameters()) {
          uses.add(parameter.asType());
        }
        uses.addAll(method.getThrownTypes());
        addBounds(method.getTypeParameters(), uses);
        missing = find(uses, names, next == type, method, written);
      }
      return missing.map(found -> new MissingType(found, next));
    });
  }

  /**
   * The first type of {@code uses} that is missing; one {@link WrittenGuardTypes#toRead} is not, if
   * {@code readSource} and {@code declaration}'s source writes only expected types there.
   */
  private static Optional<TypeMirror> find(List<TypeMirror> uses, Expected names,
      boolean readSource, Element declaration, WrittenGuardTypes written) {
    Optional<TypeMirror> missing = find(uses, names);
    if (missing.isPresent() && readSource && WrittenGuardTypes.toRead(missing.get())
        && written.onlyExpectedMissing(declaration, names::contains)) {
      return Optional.empty();
    }
    return missing;
  }

  /** Whether a Protekt annotation that a guard of {@code type} would read has an unresolved value. */
  static boolean hasUnresolvedValue(TypeElement type) {
    return search(type, next -> {
      List<Element> annotated = new ArrayList<>(List.of(next));
      annotated.addAll(ElementFilter.methodsIn(next.getEnclosedElements()));
      for (Element element : annotated) {
        for (AnnotationMirror mirror : Annotations.guarding(element)) {
          for (AnnotationValue value : mirror.getElementValues().values()) {
            if (isUnresolved(value)) {
              return Optional.of(true);
            }
          }
        }
      }
      return Optional.<Boolean>empty();
    }).isPresent();
  }

  /**
   * Whether {@code value}, or an element of it, is one javac could not resolve. javac gives such a
   * value as a String "<error>" that prints unquoted, where a string value, "<error>" included,
   * prints quoted.
   */
  private static boolean isUnresolved(AnnotationValue value) {
    if (value.getValue() instanceof List<?> items) {
      return items.stream().anyMatch(item -> isUnresolved((AnnotationValue) item));
    }
    return ERROR.equals(value.getValue()) && ERROR.equals(value.toString());
  }

  /**
   * The first thing {@code inEach} finds in {@code type} or a super-interface, each visited once,
   * {@code type} first. A super-interface is visited after its sub-interface found nothing: one
   * that is itself an error type has been found there.
   */
  private static <T> Optional<T> search(
      TypeElement type, Function<TypeElement, Optional<T>> inEach) {
    Set<TypeElement> visited = new HashSet<>();
    List<TypeElement> pending = new ArrayList<>(List.of(type));
    while (!pending.isEmpty()) {
      TypeElement next = pending.remove(pending.size() - 1);
      if (!visited.add(next)) {
        continue;
      }
      Optional<T> found = inEach.apply(next);
      if (found.isPresent()) {
        return found;
      }
      for (TypeMirror superInterface : next.getInterfaces()) {
        pending.add((TypeElement) ((DeclaredType) superInterface).asElement());
      }
    }
    return Optional.empty();
  }

  /**
   * The types this processor is about to generate, as javac names them in an error type of
   * {@code pkg}: qualified, or simple when in {@code pkg}. A guard of another package named alike
   * must not excuse a missing type. Checked per error type rather than by copying the names for
   * each interface, which made a round quadratic in the number of guards.
   */
  private record Expected(String pkg, Set<String> names) {
    boolean contains(String written) {
      return names.contains(written)
          || written.indexOf('.') < 0 && names.contains(pkg.isEmpty() ? written : pkg + "." + written);
    }
  }

  private static String packageOf(Element element) {
    Element e = element;
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return ((PackageElement) e).getQualifiedName().toString();
  }

  private static void addBounds(List<? extends TypeParameterElement> parameters, List<TypeMirror> to) {
    for (TypeParameterElement parameter : parameters) {
      to.addAll(parameter.getBounds());
    }
  }

  /**
   * An error type within {@code type}. Type variables are not followed: their bounds are read where
   * they are declared, which also keeps a recursive bound from looping.
   */
  private static Optional<TypeMirror> find(TypeMirror type, Expected expected) {
    switch (type.getKind()) {
      case ERROR:
        return expected.contains(type.toString()) ? Optional.empty() : Optional.of(type);
      case DECLARED:
        return find(((DeclaredType) type).getTypeArguments(), expected);
      case ARRAY:
        return find(((ArrayType) type).getComponentType(), expected);
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        TypeMirror bound = wildcard.getExtendsBound() != null
            ? wildcard.getExtendsBound()
            : wildcard.getSuperBound();
        return bound == null ? Optional.empty() : find(bound, expected);
      case INTERSECTION:
        return find(((IntersectionType) type).getBounds(), expected);
      default:
        return Optional.empty();
    }
  }

  private static Optional<TypeMirror> find(
      List<? extends TypeMirror> types, Expected expected) {
    for (TypeMirror type : types) {
      Optional<TypeMirror> missing = find(type, expected);
      if (missing.isPresent()) {
        return missing;
      }
    }
    return Optional.empty();
  }
}
