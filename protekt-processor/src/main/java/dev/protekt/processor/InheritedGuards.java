package dev.protekt.processor;

import com.palantir.javapoet.ClassName;
import dev.protekt.processor.GuardModel.InheritedGuard;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Finds the guards whose checks a guard copies: those of its guarded super-interfaces. The guard
 * compares each one's {@link Names#CHECKS_DIGEST} at run time with the one computed here,
 * so that a super-interface changed since (a method added, a requirement tightened) and compiled
 * without this guard (in another build, or alone by an incremental build) makes the guard fail
 * closed instead of checking what it used to.
 */
final class InheritedGuards {
  private final Elements elements;
  private final Types types;
  private final Predicate<TypeElement> compiledHere;
  private final Predicate<TypeElement> refusedHere;
  private final ChecksDigest digest;
  /** By super-interface: its digest, computed once a round for all its sub-interfaces. */
  private final Map<TypeElement, String> digests = new HashMap<>();

  /**
   * @param compiledHere whether a type is declared in a source of this compilation
   * @param refusedHere whether an interface of this compilation had errors, so gets no guard; the
   *     processor validates every interface of a round before it asks this
   * @param written reads a guard not written yet as an interface names it
   */
  InheritedGuards(Elements elements, Types types, Predicate<TypeElement> compiledHere,
      Predicate<TypeElement> refusedHere, WrittenGuardTypes written) {
    this.elements = elements;
    this.types = types;
    this.compiledHere = compiledHere;
    this.refusedHere = refusedHere;
    this.digest = new ChecksDigest(types, written);
  }

  /** The guards of {@code type}'s guarded super-interfaces, by interface name. */
  List<InheritedGuard> of(TypeElement type) {
    List<InheritedGuard> found = new ArrayList<>();
    Set<TypeElement> seen = new HashSet<>();
    Deque<TypeElement> next = new ArrayDeque<>();
    pushSuperInterfaces(type, next);
    while (!next.isEmpty()) {
      TypeElement superInterface = next.pop();
      if (!seen.add(superInterface)) {
        continue;
      }
      pushSuperInterfaces(superInterface, next);
      if (!guarded(superInterface)) {
        continue;
      }
      ClassName guardName = Names.guardName(superInterface);
      boolean samePackage =
          elements.getPackageOf(superInterface).equals(elements.getPackageOf(type));
      if (compiledHere.test(superInterface)) {
        // Its guard is written in this compilation unless it had errors (reported on it); one that
        // is not public is out of reach from another package.
        if ((!Names.guardIsPublic(superInterface) && !samePackage)
            || refusedHere.test(superInterface)) {
          continue;
        }
      } else if (!readableDigest(elements.getTypeElement(
          elements.getModuleOf(superInterface), guardName.canonicalName()), samePackage)) {
        // A guard written by a processor without digests can be compared with nothing.
        continue;
      }
      found.add(new InheritedGuard(guardName, superInterface.getQualifiedName().toString(),
          digests.computeIfAbsent(superInterface, digest::of)));
    }
    found.sort(Comparator.comparing(InheritedGuard::superInterface));
    return List.copyOf(found);
  }

  private void pushSuperInterfaces(TypeElement type, Deque<TypeElement> next) {
    for (TypeMirror superInterface : type.getInterfaces()) {
      next.push((TypeElement) types.asElement(superInterface));
    }
  }

  /**
   * Whether {@code type} is a guarded interface of this compilation, which the processor validates
   * on its own: a fault of one of its declarations is reported there.
   */
  boolean guardedHere(TypeElement type) {
    return compiledHere.test(type) && guarded(type);
  }

  /** Whether {@code type} got a guard of its own: it, or one of its methods, is annotated. */
  static boolean guarded(TypeElement type) {
    if (!Annotations.guarding(type).isEmpty()) {
      return true;
    }
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (!Annotations.guarding(method).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code guard}, from a class file, has a digest that a guard in a package can read. */
  private static boolean readableDigest(TypeElement guard, boolean samePackage) {
    if (guard == null || !guard.getModifiers().contains(Modifier.PUBLIC) && !samePackage) {
      return false;
    }
    for (VariableElement field : ElementFilter.fieldsIn(guard.getEnclosedElements())) {
      if (field.getSimpleName().contentEquals(Names.CHECKS_DIGEST)
          && field.getModifiers().containsAll(Set.of(Modifier.PUBLIC, Modifier.STATIC))) {
        return true;
      }
    }
    return false;
  }
}
