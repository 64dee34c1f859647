package dev.protekt.processor;

import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Prints errors on the most precise location available (element, annotation, annotation value) and
 * counts them, so that a type with errors is not generated while the others still are.
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
    String text = message.format(args);
    if (!printed.add(System.identityHashCode(element) + "|" + annotation + "|" + value + "|" + text)) {
      return;
    }
    if (value != null) {
      messager.printMessage(Diagnostic.Kind.ERROR, text, element, annotation, value);
    } else if (annotation != null) {
      messager.printMessage(Diagnostic.Kind.ERROR, text, element, annotation);
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, text, element);
    }
  }

  /** Errors reported so far, printed or not; compare before and after validating one type. */
  int errorCount() {
    return errorCount;
  }
}
