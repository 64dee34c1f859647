package dev.protekt.processor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Finds {@code @BearerToken}s that no guard reads, which would let a reader believe a method is
 * checked. On a static or private interface method no guard ever can: an error at once. On a
 * method that no guarded interface of the build inherits as declared there (none extends its
 * interface, or each declares the method again, and its guard reads that declaration): a warning,
 * in the last round only, because an interface guarded in a later round (one another processor
 * writes) may still inherit it, and one compiled elsewhere may too, which is why it is only a
 * warning. A {@code @BearerToken} in a class is left alone: an implementation may repeat its
 * interface's.
 */
final class UnreadBearerTokens {
  /** Every interface that got (or was deferred for) a guard, over all rounds. */
  private final Set<String> guarded = new HashSet<>();
  /** Interfaces with a {@code @BearerToken} on a method a guard could intercept. */
  private final Set<String> holders = new TreeSet<>();

  /** Records this round's guarded interfaces. */
  void guarded(Set<TypeElement> interfaces) {
    for (TypeElement type : interfaces) {
      guarded.add(type.getQualifiedName().toString());
    }
  }

  /** Records this round's {@code @BearerToken} parameters; reports those no guard can read. */
  void found(Set<? extends Element> parameters, ErrorReporter reporter) {
    for (Element parameter : parameters) {
      ExecutableElement method = (ExecutableElement) parameter.getEnclosingElement();
      if (method.getEnclosingElement().getKind() != ElementKind.INTERFACE) {
        continue;
      }
      TypeElement type = (TypeElement) method.getEnclosingElement();
      if (GuardValidator.interceptable(method)) {
        holders.add(type.getQualifiedName().toString());
      } else if (Annotations.guarding(method).isEmpty()) {
        // One that carries a guarding annotation has been reported for that annotation.
        reporter.error(parameter, Annotations.find(parameter, Annotations.BEARER_TOKEN),
            Message.UNINTERCEPTABLE_METHOD, Annotations.simpleName(Annotations.BEARER_TOKEN),
            "a parameter of " + GuardValidator.describe(method),
            GuardValidator.uninterceptableKind(method));
      }
    }
  }

  /** In the last round: warns on each {@code @BearerToken} that no guard of the build reads. */
  void reportUnread(Elements elements, Types types, ErrorReporter reporter) {
    List<TypeElement> guards = new ArrayList<>();
    for (String name : guarded) {
      TypeElement type = elements.getTypeElement(name);
      if (type != null) {
        guards.add(type);
      }
    }
    for (String name : holders) {
      // A guarded interface's own guard reads its own declarations; checking it against every
      // guard of a large build would cost their number squared.
      TypeElement holder = guarded.contains(name) ? null : elements.getTypeElement(name);
      if (holder == null) {
        continue;
      }
      for (ExecutableElement method : ElementFilter.methodsIn(holder.getEnclosedElements())) {
        if (GuardValidator.interceptable(method)) {
          reportUnreadParameters(holder, method, guards, elements, types, reporter);
        }
      }
    }
  }

  /**
   * Warns on each {@code @BearerToken} parameter of {@code method} that no guard reads: no guarded
   * interface extends {@code holder}, or each declares the method again without the annotation on
   * that parameter (its guard reads the parameters of the declaration it inherits).
   */
  private static void reportUnreadParameters(TypeElement holder, ExecutableElement method,
      List<TypeElement> guards, Elements elements, Types types, ErrorReporter reporter) {
    List<List<ExecutableElement>> redeclarations = new ArrayList<>();
    for (TypeElement guard : guards) {
      if (isSubtype(guard, holder, types)) {
        redeclarations.add(redeclaredBelow(holder, method, guard, elements, types));
      }
    }
    List<? extends VariableElement> parameters = method.getParameters();
    for (int i = 0; i < parameters.size(); i++) {
      AnnotationMirror mirror = Annotations.find(parameters.get(i), Annotations.BEARER_TOKEN);
      if (mirror == null || readThroughSome(redeclarations, i)) {
        continue;
      }
      reporter.warning(parameters.get(i), mirror,
          redeclarations.isEmpty() ? Message.BEARER_TOKEN_UNGUARDED : Message.BEARER_TOKEN_OVERRIDDEN,
          GuardValidator.describe(method), holder.getSimpleName(), holder.getSimpleName());
    }
  }

  /** Whether, for some guard, every redeclaration on its way also marks parameter {@code i}. */
  private static boolean readThroughSome(List<List<ExecutableElement>> redeclarations, int i) {
    for (List<ExecutableElement> onTheWay : redeclarations) {
      if (onTheWay.stream().allMatch(declaration -> Annotations.find(
          declaration.getParameters().get(i), Annotations.BEARER_TOKEN) != null)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The declarations of {@code method} again in the interfaces between {@code guard} (included)
   * and {@code holder} (excluded): where there are any, {@code guard}'s guard reads one of them.
   */
  private static List<ExecutableElement> redeclaredBelow(TypeElement holder,
      ExecutableElement method, TypeElement guard, Elements elements, Types types) {
    List<ExecutableElement> found = new ArrayList<>();
    Deque<TypeElement> pending = new ArrayDeque<>();
    pending.push(guard);
    Set<TypeElement> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      TypeElement type = pending.pop();
      if (type.equals(holder) || !seen.add(type) || !isSubtype(type, holder, types)) {
        continue;
      }
      for (ExecutableElement declared : ElementFilter.methodsIn(type.getEnclosedElements())) {
        if (elements.overrides(declared, method, type)) {
          found.add(declared);
        }
      }
      for (TypeMirror superInterface : type.getInterfaces()) {
        if (superInterface instanceof DeclaredType) {
          pending.push((TypeElement) ((DeclaredType) superInterface).asElement());
        }
      }
    }
    return found;
  }

  private static boolean isSubtype(TypeElement sub, TypeElement sup, Types types) {
    return types.isSubtype(types.erasure(sub.asType()), types.erasure(sup.asType()));
  }
}
