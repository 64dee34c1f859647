package dev.protekt.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import com.sun.source.tree.AnnotatedTypeTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeParameterTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WildcardTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * Types an interface writes with a guard that is not generated yet and takes type arguments, such
 * as a fluent method's {@code FluentGuard<T>}: javac hands such a type to processors as an error
 * type that says nothing of what was written ({@code <any>}, up to JDK 21 at least), or with its
 * type arguments but no package (JDK 25), so it is read from the source. A guard named without
 * type arguments keeps its name, and needs none of this.
 */
final class WrittenGuardTypes {
  private static final String UNNAMED = "<any>";

  /** javac's source trees, or null where they are not to be had: then nothing is read. */
  private final Trees trees;

  WrittenGuardTypes(Trees trees) {
    this.trees = trees;
  }

  /**
   * Whether {@code type} is, or contains, one {@link #toRead}. JavaPoet writes any other type javac
   * could not resolve as javac names it.
   */
  static boolean containsToRead(TypeMirror type) {
    return switch (type.getKind()) {
      case ERROR -> toRead(type);
      case DECLARED -> ((DeclaredType) type).getTypeArguments().stream()
          .anyMatch(WrittenGuardTypes::containsToRead);
      case ARRAY -> containsToRead(((ArrayType) type).getComponentType());
      case WILDCARD -> {
        WildcardType wildcard = (WildcardType) type;
        yield wildcard.getExtendsBound() != null && containsToRead(wildcard.getExtendsBound())
            || wildcard.getSuperBound() != null && containsToRead(wildcard.getSuperBound());
      }
      case INTERSECTION -> ((IntersectionType) type).getBounds().stream()
          .anyMatch(WrittenGuardTypes::containsToRead);
      default -> false;
    };
  }

  /**
   * Whether {@code type} is an error type to read from the source: one that does not say what was
   * written, or has type arguments.
   */
  static boolean toRead(TypeMirror type) {
    return type.getKind() == TypeKind.ERROR && (type.toString().equals(UNNAMED)
        || !((DeclaredType) type).getTypeArguments().isEmpty());
  }

  /**
   * Whether every type that {@code element}'s declaration writes (a method's signature, or an
   * interface's type parameters and super-interfaces) and javac could not resolve is one that
   * {@code expected} accepts; false where the source cannot be read.
   */
  boolean onlyExpectedMissing(Element element, Predicate<String> expected) {
    TreePath path = trees == null ? null : trees.getPath(element);
    if (path == null) {
      return false;
    }
    // True where a name javac could not resolve is not one of the expected.
    TreeScanner<Boolean, Void> unexpected = new TreeScanner<>() {
      @Override
      public Boolean visitIdentifier(IdentifierTree tree, Void unused) {
        return unexpected(tree);
      }

      @Override
      public Boolean visitMemberSelect(MemberSelectTree tree, Void unused) {
        // Not into the qualifier: a package, or a type that resolved.
        return unexpected(tree);
      }

      @Override
      public Boolean reduce(Boolean a, Boolean b) {
        return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
      }

      private boolean unexpected(Tree tree) {
        TypeMirror type = typeOf(path, tree);
        return type != null && type.getKind() == TypeKind.ERROR && !expected.test(tree.toString());
      }
    };
    for (Tree tree : signature(path.getLeaf())) {
      if (Boolean.TRUE.equals(unexpected.scan(tree, null))) {
        return false;
      }
    }
    return true;
  }

  /** The type trees of a method's signature, or of an interface's header. */
  private static List<Tree> signature(Tree declaration) {
    List<Tree> parts = new ArrayList<>();
    if (declaration instanceof MethodTree method) {
      parts.add(method.getReturnType());
      for (VariableTree parameter : method.getParameters()) {
        parts.add(parameter.getType());
      }
      parts.addAll(method.getThrows());
      parts.addAll(method.getTypeParameters());
    } else if (declaration instanceof ClassTree type) {
      parts.addAll(type.getTypeParameters());
      parts.addAll(type.getImplementsClause());
    }
    return parts;
  }

  /** The erasure of {@code type}, a type this class read: {@code x.FluentGuard[]}. */
  static String erasure(TypeName type) {
    if (type instanceof ArrayTypeName array) {
      return erasure(array.componentType()) + "[]";
    }
    if (type instanceof ParameterizedTypeName parameterized) {
      return parameterized.rawType().canonicalName();
    }
    return type.withoutAnnotations().toString();
  }

  /** {@code method}'s return type, as its source writes it. */
  TypeName returnType(ExecutableElement method, String pkg) {
    TreePath path = trees.getPath(method);
    return name(path, ((MethodTree) path.getLeaf()).getReturnType(), pkg);
  }

  /** {@code parameter}'s type, as its source writes it. */
  TypeName type(VariableElement parameter, String pkg) {
    TreePath path = trees.getPath(parameter);
    return name(path, ((VariableTree) path.getLeaf()).getType(), pkg);
  }

  /** The bounds of type parameter {@code index} of {@code declaration}, as its source writes. */
  TypeName[] bounds(Element declaration, int index, String pkg) {
    TreePath path = trees.getPath(declaration);
    List<? extends TypeParameterTree> parameters = path.getLeaf() instanceof MethodTree method
        ? method.getTypeParameters()
        : ((ClassTree) path.getLeaf()).getTypeParameters();
    List<TypeName> bounds = new ArrayList<>();
    for (Tree bound : parameters.get(index).getBounds()) {
      bounds.add(name(path, bound, pkg));
    }
    return bounds.toArray(new TypeName[0]);
  }

  /**
   * The type {@code tree} writes: resolved parts as javac resolved them, and a name it could not
   * resolve as a guard of {@code pkg}, or by its qualified name.
   */
  private TypeName name(TreePath path, Tree tree, String pkg) {
    switch (tree.getKind()) {
      case PARAMETERIZED_TYPE: {
        ParameterizedTypeTree parameterized = (ParameterizedTypeTree) tree;
        List<TypeName> arguments = new ArrayList<>();
        for (Tree argument : parameterized.getTypeArguments()) {
          arguments.add(name(path, argument, pkg));
        }
        return ParameterizedTypeName.get((ClassName) name(path, parameterized.getType(), pkg),
            arguments.toArray(new TypeName[0]));
      }
      case ARRAY_TYPE:
        return ArrayTypeName.of(name(path, ((ArrayTypeTree) tree).getType(), pkg));
      case EXTENDS_WILDCARD:
        return WildcardTypeName.subtypeOf(name(path, ((WildcardTree) tree).getBound(), pkg));
      case SUPER_WILDCARD:
        return WildcardTypeName.supertypeOf(name(path, ((WildcardTree) tree).getBound(), pkg));
      case UNBOUNDED_WILDCARD:
        return WildcardTypeName.subtypeOf(Object.class);
      case ANNOTATED_TYPE: {
        AnnotatedTypeTree annotated = (AnnotatedTypeTree) tree;
        List<AnnotationSpec> annotations = new ArrayList<>();
        for (AnnotationMirror mirror : typeOf(path, tree).getAnnotationMirrors()) {
          annotations.add(AnnotationSpec.get(mirror));
        }
        return name(path, annotated.getUnderlyingType(), pkg).annotated(annotations);
      }
      default: {
        TypeMirror type = typeOf(path, tree);
        if (type.getKind() == TypeKind.ERROR) {
          return tree instanceof IdentifierTree
              ? ClassName.get(pkg, tree.toString())
              : ClassName.bestGuess(tree.toString());
        }
        if (type.getKind() == TypeKind.TYPEVAR) {
          return TypeVariableName.get(tree.toString());
        }
        // The raw type of a parameterized one, whose arguments are the tree's.
        return type.getKind() == TypeKind.DECLARED
            ? ClassName.get((TypeElement) ((DeclaredType) type).asElement())
            : TypeNames.of(type);
      }
    }
  }

  private TypeMirror typeOf(TreePath declaration, Tree tree) {
    return trees.getTypeMirror(new TreePath(declaration, tree));
  }
}
