package dev.protekt.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * {@link TypeName#get(TypeMirror)} keeping type-use annotations such as {@code @Nullable}, which
 * JavaPoet drops: a guard must repeat its interface's signatures exactly, nullness included.
 */
final class TypeNames {
  private TypeNames() {}

  static TypeName of(TypeMirror type) {
    return of(type, type);
  }

  /**
   * {@code resolved} (a type with the guarded interface's type arguments substituted), annotated as
   * {@code declared} (the same type as written) when substitution lost the annotations, as javac's
   * {@code asMemberOf} does for {@code @Nullable T}.
   */
  static TypeName of(TypeMirror resolved, TypeMirror declared) {
    TypeName name = withoutOwnAnnotations(resolved);
    List<? extends AnnotationMirror> mirrors = resolved.getAnnotationMirrors().isEmpty()
        ? declared.getAnnotationMirrors()
        : resolved.getAnnotationMirrors();
    List<AnnotationSpec> annotations = new ArrayList<>();
    for (AnnotationMirror mirror : mirrors) {
      annotations.add(AnnotationSpec.get(mirror));
    }
    return annotations.isEmpty() ? name : name.annotated(annotations);
  }

  private static TypeName withoutOwnAnnotations(TypeMirror type) {
    if (type.getKind() == TypeKind.ARRAY) {
      return ArrayTypeName.of(of(((ArrayType) type).getComponentType()));
    }
    if (type.getKind() == TypeKind.WILDCARD) {
      WildcardType wildcard = (WildcardType) type;
      if (wildcard.getExtendsBound() != null) {
        return WildcardTypeName.subtypeOf(of(wildcard.getExtendsBound()));
      }
      if (wildcard.getSuperBound() != null) {
        return WildcardTypeName.supertypeOf(of(wildcard.getSuperBound()));
      }
      return WildcardTypeName.subtypeOf(Object.class);
    }
    if (type.getKind() == TypeKind.DECLARED) {
      DeclaredType declared = (DeclaredType) type;
      TypeElement element = (TypeElement) declared.asElement();
      List<TypeName> arguments = new ArrayList<>();
      for (TypeMirror argument : declared.getTypeArguments()) {
        arguments.add(of(argument));
      }
      // An inner class of a generic class is written Outer<T>.Inner<U>: naming it by its raw
      // ClassName would drop the outer arguments, which javac refuses.
      TypeName outer = declared.getEnclosingType().getKind() == TypeKind.DECLARED
          && !element.getModifiers().contains(Modifier.STATIC)
          ? of(declared.getEnclosingType())
          : null;
      if (outer instanceof ParameterizedTypeName) {
        return ((ParameterizedTypeName) outer)
            .nestedClass(element.getSimpleName().toString(), arguments);
      }
      ClassName raw = ClassName.get(element);
      return arguments.isEmpty()
          ? raw
          : ParameterizedTypeName.get(raw, arguments.toArray(new TypeName[0]));
    }
    return TypeName.get(type).withoutAnnotations();
  }
}
