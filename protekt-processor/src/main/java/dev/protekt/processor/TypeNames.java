package dev.protekt.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;

/**
 * {@link TypeName#get(TypeMirror)} keeping type-use annotations such as {@code @Nullable}, which
 * JavaPoet drops: a guard must repeat its interface's signatures exactly, nullness included.
 */
final class TypeNames {
  private TypeNames() {}

  static TypeName of(TypeMirror type) {
    return of(type, type, Map.of());
  }

  /**
   * {@code resolved} (a type with the guarded interface's type arguments substituted), annotated as
   * {@code declared} (the same type as written) where substitution lost the annotations, as javac's
   * {@code asMemberOf} does for {@code @Nullable T}, at any depth: {@code List<@Nullable T>}.
   */
  static TypeName of(TypeMirror resolved, TypeMirror declared) {
    return of(resolved, declared, Map.of());
  }

  /**
   * {@link #of(TypeMirror, TypeMirror)}, with each of the method's own type variables named in
   * {@code methodRenames} (old name to new) renamed: in {@code Items<U> extends Store<U>}, {@code
   * Store<T>}'s {@code <U> U convert(T item)} has two type variables named {@code U}, the
   * method's and the interface's, which only their declarations tell apart.
   */
  static TypeName of(TypeMirror resolved, TypeMirror declared, Map<String, String> methodRenames) {
    TypeName name = withoutOwnAnnotations(resolved, declared, methodRenames);
    return annotated(name, resolved.getAnnotationMirrors().isEmpty()
        ? declared.getAnnotationMirrors()
        : resolved.getAnnotationMirrors());
  }

  /** {@code name} with {@code mirrors}, as written in the interface's source. */
  static <T extends TypeName> T annotated(T name, List<? extends AnnotationMirror> mirrors) {
    List<AnnotationSpec> annotations = new ArrayList<>();
    for (AnnotationMirror mirror : mirrors) {
      annotations.add(AnnotationSpec.get(mirror));
    }
    @SuppressWarnings("unchecked") // annotated returns the same kind of name
    T result = annotations.isEmpty() ? name : (T) name.annotated(annotations);
    return result;
  }

  /** {@code type}, its parts annotated as the same parts of {@code declared}, but not itself. */
  private static TypeName withoutOwnAnnotations(
      TypeMirror type, TypeMirror declared, Map<String, String> methodRenames) {
    if (type.getKind() == TypeKind.ARRAY) {
      TypeMirror component = ((ArrayType) type).getComponentType();
      return ArrayTypeName.of(of(component, declared.getKind() == TypeKind.ARRAY
          ? ((ArrayType) declared).getComponentType()
          : component, methodRenames));
    }
    if (type.getKind() == TypeKind.WILDCARD) {
      WildcardType wildcard = (WildcardType) type;
      WildcardType written = declared.getKind() == TypeKind.WILDCARD
          ? (WildcardType) declared
          : wildcard;
      TypeMirror upper = wildcard.getExtendsBound();
      if (upper != null) {
        return WildcardTypeName.subtypeOf(
            of(upper, orSame(written.getExtendsBound(), upper), methodRenames));
      }
      TypeMirror lower = wildcard.getSuperBound();
      if (lower != null) {
        return WildcardTypeName.supertypeOf(
            of(lower, orSame(written.getSuperBound(), lower), methodRenames));
      }
      return WildcardTypeName.subtypeOf(Object.class);
    }
    if (type.getKind() == TypeKind.DECLARED) {
      DeclaredType resolved = (DeclaredType) type;
      TypeElement element = (TypeElement) resolved.asElement();
      List<? extends TypeMirror> typeArguments = resolved.getTypeArguments();
      List<? extends TypeMirror> writtenArguments = declared.getKind() == TypeKind.DECLARED
          && ((DeclaredType) declared).getTypeArguments().size() == typeArguments.size()
          ? ((DeclaredType) declared).getTypeArguments()
          : typeArguments;
      List<TypeName> arguments = new ArrayList<>();
      for (int i = 0; i < typeArguments.size(); i++) {
        arguments.add(of(typeArguments.get(i), writtenArguments.get(i), methodRenames));
      }
      // An inner class of a generic class is written Outer<T>.Inner<U>: naming it by its raw
      // ClassName would drop the outer arguments, which javac refuses.
      TypeName outer = resolved.getEnclosingType().getKind() == TypeKind.DECLARED
          && !element.getModifiers().contains(Modifier.STATIC)
          ? of(resolved.getEnclosingType(), resolved.getEnclosingType(), methodRenames)
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
    if (type.getKind() == TypeKind.TYPEVAR) {
      // Where it is used, a type variable is its name: JavaPoet would also read its bounds, which
      // may name a guard not written yet (H<T extends HGuard<T>>), which JavaPoet cannot write.
      Element variable = ((TypeVariable) type).asElement();
      String name = variable.getSimpleName().toString();
      return TypeVariableName.get(variable.getEnclosingElement() instanceof ExecutableElement
          ? methodRenames.getOrDefault(name, name)
          : name);
    }
    return TypeName.get(type).withoutAnnotations();
  }

  /**
   * {@code type} with each type variable named in {@code renames} (old name to new) renamed,
   * declared bounds and annotations kept: the guard's override names its type variables its own
   * way where the interface's names would obscure a package.
   */
  static TypeName renamed(TypeName type, Map<String, String> renames) {
    TypeName result;
    if (renames.isEmpty()) {
      return type;
    } else if (type instanceof TypeVariableName variable) {
      result = TypeVariableName.get(renames.getOrDefault(variable.name(), variable.name()),
          variable.bounds().stream().map(b -> renamed(b, renames)).toArray(TypeName[]::new));
    } else if (type instanceof ParameterizedTypeName parameterized) {
      List<TypeName> arguments = parameterized.typeArguments().stream()
          .map(argument -> renamed(argument, renames)).toList();
      result = parameterized.enclosingType() == null
          ? ParameterizedTypeName.get(parameterized.rawType(), arguments.toArray(new TypeName[0]))
          : ((ParameterizedTypeName) renamed(parameterized.enclosingType(), renames))
              .nestedClass(parameterized.rawType().simpleName(), arguments);
    } else if (type instanceof ArrayTypeName array) {
      result = ArrayTypeName.of(renamed(array.componentType(), renames));
    } else if (type instanceof WildcardTypeName wildcard) {
      result = wildcard.lowerBounds().isEmpty()
          ? WildcardTypeName.subtypeOf(renamed(wildcard.upperBounds().get(0), renames))
          : WildcardTypeName.supertypeOf(renamed(wildcard.lowerBounds().get(0), renames));
    } else {
      return type;
    }
    return type.annotations().isEmpty() ? result : result.annotated(type.annotations());
  }

  private static TypeMirror orSame(TypeMirror written, TypeMirror resolved) {
    return written != null ? written : resolved;
  }
}
