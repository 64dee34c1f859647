package dev.protekt.processor;

import dev.protekt.annotations.BearerToken;
import dev.protekt.annotations.Public;
import dev.protekt.annotations.RequiresAuth;
import dev.protekt.annotations.RequiresPermission;
import dev.protekt.annotations.RequiresRole;
import dev.protekt.annotations.TokenFromContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * The Protekt annotations as the processor reads them: through mirrors, by name, so that every
 * diagnostic can point at the annotation and value it is about.
 */
final class Annotations {
  static final String REQUIRES_AUTH = RequiresAuth.class.getCanonicalName();
  static final String REQUIRES_ROLE = RequiresRole.class.getCanonicalName();
  static final String REQUIRES_PERMISSION = RequiresPermission.class.getCanonicalName();
  static final String PUBLIC = Public.class.getCanonicalName();
  static final String TOKEN_FROM_CONTEXT = TokenFromContext.class.getCanonicalName();
  static final String BEARER_TOKEN = BearerToken.class.getCanonicalName();

  /** The annotations that make an interface guarded, in the order diagnostics name them. */
  static final List<String> GUARDING =
      List.of(REQUIRES_AUTH, REQUIRES_ROLE, REQUIRES_PERMISSION, PUBLIC, TOKEN_FROM_CONTEXT);

  private Annotations() {}

  /** The mirror of the annotation named {@code qualifiedName} on {@code element}, or null. */
  static AnnotationMirror find(Element element, String qualifiedName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(qualifiedName)) {
        return mirror;
      }
    }
    return null;
  }

  /** The guarding annotations on {@code element}, in {@link #GUARDING} order. */
  static List<AnnotationMirror> guarding(Element element) {
    List<AnnotationMirror> found = new ArrayList<>();
    for (String name : GUARDING) {
      AnnotationMirror mirror = find(element, name);
      if (mirror != null) {
        found.add(mirror);
      }
    }
    return found;
  }

  /** The explicitly written value of {@code name}, or null when the default applies. */
  static AnnotationValue explicitValue(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** {@code RequiresRole} for {@code dev.protekt.annotations.RequiresRole}. */
  static String simpleName(String qualifiedName) {
    return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
  }
}
