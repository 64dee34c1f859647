package dev.protekt.processor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
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

/**
 * Finds {@code @BearerToken}s that no guard reads, which would let a reader believe a method is
 * checked. On a static or private interface method no guard ever can: an error at once. On an
 * interface that has no guard and that no guarded interface extends: a warning, in the last round
 * only, because an interface guarded in a later round (one another processor writes) may still
 * extend it, and one compiled elsewhere may too, which is why it is only a warning. A
 * {@code @BearerToken} in a class is left alone: an implementation may repeat its interface's.
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

  /** In the last round: warns on each {@code @BearerToken} of an interface nothing guarded reads. */
  void reportUnread(Elements elements, ErrorReporter reporter) {
    Set<String> read = withSuperInterfaces(elements);
    for (String name : holders) {
      TypeElement type = elements.getTypeElement(name);
      if (type == null || read.contains(name)) {
        continue;
      }
      for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
        if (!GuardValidator.interceptable(method)) {
          continue;
        }
        for (VariableElement parameter : method.getParameters()) {
          AnnotationMirror mirror = Annotations.find(parameter, Annotations.BEARER_TOKEN);
          if (mirror != null) {
            reporter.warning(parameter, mirror, Message.BEARER_TOKEN_UNGUARDED,
                GuardValidator.describe(method), type.getSimpleName(), type.getSimpleName());
          }
        }
      }
    }
  }

  /** The guarded interfaces and every interface they extend: what guards read. */
  private Set<String> withSuperInterfaces(Elements elements) {
    Set<String> names = new HashSet<>();
    Deque<TypeElement> pending = new ArrayDeque<>();
    for (String name : guarded) {
      TypeElement type = elements.getTypeElement(name);
      if (type != null) {
        pending.push(type);
      }
    }
    while (!pending.isEmpty()) {
      TypeElement type = pending.pop();
      if (names.add(type.getQualifiedName().toString())) {
        for (TypeMirror superInterface : type.getInterfaces()) {
          if (superInterface instanceof DeclaredType) {
            pending.push((TypeElement) ((DeclaredType) superInterface).asElement());
          }
        }
      }
    }
    return names;
  }

}
