package dev.protekt.processor;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Prints errors, warnings and notes on the most precise location available (element, annotation,
 * annotation value) and counts the errors, so that a type with errors is not generated while the
 * others still are.
 */
final class ErrorReporter {
  private final Messager messager;
  /** A super-interface is validated once per guarded sub-interface; say each thing once. */
  private final Set<String> printed = new HashSet<>();
  private int errorCount;

  ErrorReporter(Messager messager) {
    this.messager = messager;
  }

  void error(Element element, Message message, Object... args) {
    error(element, null, null, message, args);
  }

  void error(Element element, AnnotationMirror annotation, Message message, Object... args) {
    error(element, annotation, null, message, args);
  }

  void error(
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Message message,
      Object... args) {
    errorCount++;
    print(Diagnostic.Kind.ERROR, element, annotation, value, message.format(args));
  }

  /**
   * A warning, for what is almost certainly a mistake but may be right in a build the processor
   * cannot see; the user silences it with {@code @SuppressWarnings} and the message's id, or
   * {@code "all"} as javac's own warnings.
   */
  void warning(Element element, AnnotationMirror annotation, Message message, Object... args) {
    unlessSuppressed(Diagnostic.Kind.WARNING, element, annotation, message, args);
  }

  /**
   * A note, for what is a mistake only if the compilation is the whole build, which the processor
   * cannot tell: one that recompiles only the changed files compiles an interface without what
   * extends it. {@code -Werror} does not fail on a note; it is silenced as a {@link #warning}.
   */
  void note(Element element, AnnotationMirror annotation, Message message, Object... args) {
    unlessSuppressed(Diagnostic.Kind.NOTE, element, annotation, message, args);
  }

  private void unlessSuppressed(Diagnostic.Kind kind, Element element,
      AnnotationMirror annotation, Message message, Object... args) {
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      SuppressWarnings suppressed = e.getAnnotation(SuppressWarnings.class);
      if (suppressed != null && (Arrays.asList(suppressed.value()).contains(message.id())
          || Arrays.asList(suppressed.value()).contains("all"))) {
        return;
      }
    }
    print(kind, element, annotation, null, message.format(args));
  }

  private void print(Diagnostic.Kind kind, Element element, AnnotationMirror annotation,
      AnnotationValue value, String text) {
    if (!printed.add(System.identityHashCode(element) + "|" + annotation + "|" + value + "|" + text)) {
      return;
    }
    if (value != null) {
      messager.printMessage(kind, text, element, annotation, value);
    } else if (annotation != null) {
      messager.printMessage(kind, text, element, annotation);
    } else {
      messager.printMessage(kind, text, element);
    }
  }

  /** Errors reported so far, printed or not; compare before and after validating one type. */
  int errorCount() {
    return errorCount;
  }
}
