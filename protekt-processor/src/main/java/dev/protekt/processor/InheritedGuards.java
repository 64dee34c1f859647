package dev.protekt.processor;

import com.palantir.javapoet.ClassName;
import dev.protekt.processor.GuardModel.GuardedMethod;
import dev.protekt.processor.GuardModel.InheritedGuard;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;

/**
 * Finds the super-interfaces whose checks a guard copies from another build: guarded interfaces
 * read from class files, whose own guard is on the class path with its {@link
 * GuardGenerator#CHECKS_DIGEST}. The guard compares that digest at run time with the one computed
 * here, so that a super-interface changed since (a method added, a requirement tightened) makes
 * the guard fail closed instead of checking what it used to.
 */
final class InheritedGuards {
  private final Elements elements;
  private final Types types;
  private final Predicate<TypeElement> compiledHere;
  /** Reads the class files' interfaces; their errors, if any, were their own build's to report. */
  private final GuardValidator quiet;

  /** @param compiledHere whether a type is declared in a source of this compilation */
  InheritedGuards(Elements elements, Types types, Predicate<TypeElement> compiledHere) {
    this.elements = elements;
    this.types = types;
    this.compiledHere = compiledHere;
    this.quiet = new GuardValidator(
        elements, types, null, new ErrorReporter(new Discarding()), this);
  }

  /** The guards of {@code type}'s super-interfaces compiled elsewhere, by interface name. */
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
      if (compiledHere.test(superInterface) || !guarded(superInterface)) {
        continue;
      }
      ClassName guardName = Names.guardName(superInterface);
      TypeElement guard = elements.getTypeElement(
          elements.getModuleOf(superInterface), guardName.canonicalName());
      // A guard written by a processor that had no digest yet can be compared with nothing.
      if (guard == null || !hasDigest(guard)) {
        continue;
      }
      List<GuardedMethod> methods = quiet.methods(superInterface);
      if (methods != null) {
        found.add(new InheritedGuard(guardName, superInterface.getQualifiedName().toString(),
            ChecksDigest.of(methods, types)));
      }
    }
    found.sort(Comparator.comparing(InheritedGuard::superInterface));
    return List.copyOf(found);
  }

  private void pushSuperInterfaces(TypeElement type, Deque<TypeElement> next) {
    for (TypeMirror superInterface : type.getInterfaces()) {
      next.push((TypeElement) types.asElement(superInterface));
    }
  }

  /** Whether {@code type} got a guard of its own: it, or one of its methods, is annotated. */
  private static boolean guarded(TypeElement type) {
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

  private static boolean hasDigest(TypeElement guard) {
    for (VariableElement field : ElementFilter.fieldsIn(guard.getEnclosedElements())) {
      if (field.getSimpleName().contentEquals(GuardGenerator.CHECKS_DIGEST)
          && field.getModifiers().contains(Modifier.STATIC)) {
        return true;
      }
    }
    return false;
  }

  /** A {@link Messager} that prints nothing. */
  private static final class Discarding implements Messager {
    @Override
    public void printMessage(Diagnostic.Kind kind, CharSequence msg) {}

    @Override
    public void printMessage(Diagnostic.Kind kind, CharSequence msg, Element e) {}

    @Override
    public void printMessage(
        Diagnostic.Kind kind, CharSequence msg, Element e, AnnotationMirror a) {}

    @Override
    public void printMessage(Diagnostic.Kind kind, CharSequence msg, Element e,
        AnnotationMirror a, AnnotationValue v) {}
  }
}
