package dev.protekt.processor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Refuses a class that implements a guarded interface and is itself a web endpoint (a Spring
 * {@code @Controller} or {@code @RestController}, a JAX-RS {@code @Path} resource, a Micronaut
 * {@code @Controller}): the framework calls it directly, so every annotation is in place and yet
 * no request passes the guard. Only classes of the build are seen, through the annotations of
 * the class and of its superclasses and interfaces (the guarded one included), and those they are
 * annotated with (Spring's composed stereotypes).
 */
final class ExposedImplementations {
  /**
   * Annotations that make a class an endpoint its framework routes requests to. The processor
   * supports them too, so that javac runs it on a compilation that holds an endpoint and no
   * Protekt annotation (the guarded interface on the class path); {@code @RestController}, a
   * {@code @Controller} by its meta-annotation, is named for that reason.
   */
  static final Set<String> ENDPOINTS = Set.of(
      "org.springframework.stereotype.Controller",
      "org.springframework.web.bind.annotation.RestController",
      "jakarta.ws.rs.Path",
      "javax.ws.rs.Path",
      "io.micronaut.http.annotation.Controller");

  private final Types types;
  private final ErrorReporter reporter;

  ExposedImplementations(Types types, ErrorReporter reporter) {
    this.types = types;
    this.reporter = reporter;
  }

  /** Checks {@code roots}, the round's root elements, and the classes nested in them. */
  void check(Set<? extends Element> roots) {
    Deque<TypeElement> pending = new ArrayDeque<>(ElementFilter.typesIn(roots));
    while (!pending.isEmpty()) {
      TypeElement type = pending.pop();
      pending.addAll(ElementFilter.typesIn(type.getEnclosedElements()));
      if (type.getKind() != ElementKind.CLASS && type.getKind() != ElementKind.RECORD) {
        continue;
      }
      Endpoint endpoint = endpoint(type);
      if (endpoint == null) {
        continue;
      }
      TypeElement guarded = guardedSupertype(type);
      // A guard is the one implementation that may be an endpoint: it checks before it delegates.
      if (guarded == null || Names.guardName(guarded).canonicalName()
          .equals(type.getQualifiedName().toString())) {
        continue;
      }
      String shown = "@" + endpoint.annotation().getAnnotationType().asElement().getSimpleName();
      String guard = Names.guardName(guarded).simpleName();
      if (endpoint.carrier().equals(type)) {
        reporter.error(type, endpoint.annotation(), Message.EXPOSED_IMPLEMENTATION,
            type.getSimpleName(), guarded.getQualifiedName(), shown, guard,
            shown + " from the implementation", guard, guarded.getSimpleName());
      } else {
        String carrier = endpoint.carrier().getSimpleName().toString();
        reporter.error(type, Message.EXPOSED_IMPLEMENTATION, type.getSimpleName(),
            guarded.getQualifiedName(), shown + " on " + carrier, guard,
            shown + " from " + carrier, guard, guarded.getSimpleName());
      }
    }
  }

  /** An endpoint's {@code annotation}, found on {@code carrier}. */
  private record Endpoint(AnnotationMirror annotation, TypeElement carrier) {}

  /**
   * The annotation that makes {@code type} an endpoint, on it or on a supertype, or null: Spring
   * finds its stereotypes on superclasses and interfaces alike, and JAX-RS implementations find
   * {@code @Path} on an interface, whether or not the annotation is {@code @Inherited}.
   */
  private Endpoint endpoint(TypeElement type) {
    Deque<TypeElement> pending = new ArrayDeque<>(List.of(type));
    Set<TypeElement> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      TypeElement next = pending.removeFirst();
      if (!seen.add(next)) {
        continue;
      }
      for (AnnotationMirror annotation : next.getAnnotationMirrors()) {
        if (makesEndpoint(annotation, new HashSet<>())) {
          return new Endpoint(annotation, next);
        }
      }
      for (TypeMirror supertype : types.directSupertypes(next.asType())) {
        if (supertype instanceof DeclaredType declared) {
          pending.add((TypeElement) declared.asElement());
        }
      }
    }
    return null;
  }

  /** Whether {@code annotation} is an endpoint's, or is annotated (at any depth) with one. */
  private static boolean makesEndpoint(AnnotationMirror annotation, Set<String> seen) {
    TypeElement type = (TypeElement) annotation.getAnnotationType().asElement();
    String name = type.getQualifiedName().toString();
    if (ENDPOINTS.contains(name)) {
      return true;
    }
    if (name.startsWith("java.lang.") || !seen.add(name)) {
      return false;
    }
    for (AnnotationMirror meta : type.getAnnotationMirrors()) {
      if (makesEndpoint(meta, seen)) {
        return true;
      }
    }
    return false;
  }

  /** The nearest interface {@code type} implements that has a guard, or null. */
  private TypeElement guardedSupertype(TypeElement type) {
    Deque<TypeMirror> pending = new ArrayDeque<>(types.directSupertypes(type.asType()));
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      TypeMirror supertype = pending.removeFirst();
      if (!(supertype instanceof DeclaredType declared)) {
        continue;
      }
      TypeElement element = (TypeElement) declared.asElement();
      if (!seen.add(element.getQualifiedName().toString())) {
        continue;
      }
      if (element.getKind() == ElementKind.INTERFACE && isGuarded(element)) {
        return element;
      }
      pending.addAll(types.directSupertypes(supertype));
    }
    return null;
  }

  /** An interface has a guard when it or one of its own methods carries a guarding annotation. */
  private static boolean isGuarded(TypeElement type) {
    if (!Annotations.guarding(type).isEmpty()) {
      return true;
    }
    List<? extends Element> members = type.getEnclosedElements();
    return ElementFilter.methodsIn(members).stream()
        .anyMatch(method -> !Annotations.guarding(method).isEmpty());
  }
}
