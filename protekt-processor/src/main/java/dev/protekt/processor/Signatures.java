package dev.protekt.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import dev.protekt.processor.GuardModel.Access;
import dev.protekt.processor.GuardModel.Guard;
import dev.protekt.processor.GuardModel.GuardedMethod;
import dev.protekt.processor.GuardModel.InheritedGuard;
import dev.protekt.processor.GuardModel.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Describes a validated interface's guard in the terms the generator writes: every signature
 * resolved as a member of the guarded interface ({@code Crud<T>}'s {@code T save(T)} is {@code
 * User save(User)} in {@code Users extends Crud<User>}), and every name that hides a type there.
 */
final class Signatures {
  private final Elements elements;
  private final Types types;
  /** By qualified name, such as {@code com.example.Override}: whether that type exists. */
  private final Map<String, Boolean> typeExists = new HashMap<>();

  /** What the interface writes where javac does not say: a guard not generated yet. */
  private final WrittenGuardTypes written;

  Signatures(Elements elements, Types types, WrittenGuardTypes written) {
    this.elements = elements;
    this.types = types;
    this.written = written;
  }

  Guard guard(TypeElement type, List<GuardedMethod> methods, String checksDigest,
      List<InheritedGuard> inheritedGuards) {
    ClassName raw = ClassName.get(type);
    List<TypeVariableName> typeVariables = new ArrayList<>();
    List<? extends TypeParameterElement> parameters = type.getTypeParameters();
    for (int i = 0; i < parameters.size(); i++) {
      TypeParameterElement parameter = parameters.get(i);
      boolean toRead = parameter.getBounds().stream().anyMatch(WrittenGuardTypes::containsToRead);
      typeVariables.add(toRead
          ? TypeVariableName.get(parameter.getSimpleName().toString(),
              written.bounds(type, i, raw.packageName()))
          : TypeVariableName.get(parameter));
    }
    TypeName iface = typeVariables.isEmpty()
        ? raw
        : ParameterizedTypeName.get(raw, typeVariables.toArray(new TypeName[0]));
    Set<String> constants = new LinkedHashSet<>();
    Set<String> hiding = new LinkedHashSet<>();
    for (Element member : elements.getAllMembers(type)) {
      if (member.getKind().isField()) {
        constants.add(member.getSimpleName().toString());
      }
      if (member.getKind().isField() || member instanceof TypeElement) {
        hiding.add(member.getSimpleName().toString());
      }
    }
    for (TypeVariableName variable : typeVariables) {
      hiding.add(variable.name());
    }
    hiding.addAll(hidingJavaLang(elements.getPackageOf(type), typeVariables, methods));
    for (GuardedMethod method : methods) {
      for (TypeVariableName variable : method.typeVariables()) {
        hiding.add(variable.name());
      }
      for (Parameter parameter : method.parameters()) {
        hiding.add(parameter.name());
      }
    }
    // A guard of a super-interface is named qualified where its simple name is taken, and a name
    // of the interface's like its package's first part would obscure that package: not compared.
    List<InheritedGuard> comparable = new ArrayList<>();
    for (InheritedGuard inherited : inheritedGuards) {
      String packageName = inherited.guard().packageName();
      int dot = packageName.indexOf('.');
      if (!hiding.contains(dot < 0 ? packageName : packageName.substring(0, dot))) {
        comparable.add(inherited);
      }
    }
    return new Guard(type, Names.guardName(type), raw, iface, List.copyOf(typeVariables),
        Names.guardIsPublic(type), Set.copyOf(hiding), Set.copyOf(constants), List.copyOf(methods),
        checksDigest, List.copyOf(comparable));
  }

  /** {@code method} (one of {@code declarations}) as a member of {@code root}, guarded so. */
  GuardedMethod method(DeclaredType root, ExecutableElement method, Access access,
      List<ExecutableElement> declarations) {
    ExecutableType resolved = (ExecutableType) types.asMemberOf(root, method);
    // Where javac could not resolve a type, the method is the guarded interface's own (see
    // UnresolvedTypes), and no type argument needs substituting: it is read as written.
    String pkg = elements.getPackageOf(method).getQualifiedName().toString();
    List<TypeVariableName> typeVariables = new ArrayList<>();
    List<? extends TypeVariable> variables = resolved.getTypeVariables();
    for (int i = 0; i < variables.size(); i++) {
      TypeVariable variable = variables.get(i);
      typeVariables.add(TypeVariableName.get(variable.asElement().getSimpleName().toString(),
          WrittenGuardTypes.containsToRead(variable.getUpperBound())
              ? written.bounds(method, i, pkg)
              : bounds(variable)));
    }
    List<Parameter> parameters = new ArrayList<>();
    List<? extends VariableElement> declared = method.getParameters();
    for (int i = 0; i < declared.size(); i++) {
      TypeMirror type = resolved.getParameterTypes().get(i);
      parameters.add(new Parameter(declared.get(i).getSimpleName().toString(),
          WrittenGuardTypes.containsToRead(type)
              ? written.type(declared.get(i), pkg)
              : TypeNames.of(type, declared.get(i).asType())));
    }
    List<TypeName> exceptions = new ArrayList<>();
    for (TypeMirror thrown : resolved.getThrownTypes()) {
      exceptions.add(TypeNames.of(thrown));
    }
    return new GuardedMethod(method.getSimpleName().toString(), List.copyOf(typeVariables),
        WrittenGuardTypes.containsToRead(resolved.getReturnType())
            ? written.returnType(method, pkg)
            : TypeNames.of(resolved.getReturnType(), method.getReturnType()),
        resolved.getReturnType().getKind() == TypeKind.VOID, List.copyOf(parameters),
        method.isVarArgs(), List.copyOf(exceptions), access, method, List.copyOf(declarations));
  }

  /**
   * The types of {@code java.lang} the guard names that a type of {@code pkg}, where the guard is,
   * hides: {@code @Override} would mean a user's {@code Override} there, of which JavaPoet knows
   * nothing unless the interface names it. Each name is looked up on its own: listing the
   * package's types instead makes javac read every source file of the package on the source path,
   * and a file named after no type it declares then declares its classes twice ("duplicate
   * class").
   */
  private Set<String> hidingJavaLang(PackageElement pkg, List<TypeVariableName> typeVariables,
      List<GuardedMethod> methods) {
    Set<String> named = new HashSet<>(List.of("Override", "SuppressWarnings"));
    typeVariables.forEach(variable -> variable.bounds().forEach(b -> javaLangNames(b, named)));
    for (GuardedMethod method : methods) {
      method.typeVariables().forEach(v -> v.bounds().forEach(b -> javaLangNames(b, named)));
      javaLangNames(method.returnType(), named);
      method.parameters().forEach(parameter -> javaLangNames(parameter.type(), named));
      method.exceptions().forEach(thrown -> javaLangNames(thrown, named));
    }
    ModuleElement module = elements.getModuleOf(pkg);
    String prefix = pkg.isUnnamed() ? "" : pkg.getQualifiedName() + ".";
    Set<String> hiding = new HashSet<>();
    for (String name : named) {
      if (typeExists.computeIfAbsent(prefix + name,
          qualified -> elements.getTypeElement(module, qualified) != null)) {
        hiding.add(name);
      }
    }
    return hiding;
  }

  /**
   * Adds the simple names of the {@code java.lang} types {@code type} names. A type variable's
   * bounds are walked where it is declared, not where it is used.
   */
  private static void javaLangNames(TypeName type, Set<String> into) {
    if (type instanceof ClassName name) {
      if (name.packageName().equals("java.lang")) {
        into.add(name.simpleNames().get(0));
      }
    } else if (type instanceof ParameterizedTypeName parameterized) {
      javaLangNames(parameterized.rawType(), into);
      parameterized.typeArguments().forEach(argument -> javaLangNames(argument, into));
    } else if (type instanceof ArrayTypeName array) {
      javaLangNames(array.componentType(), into);
    } else if (type instanceof WildcardTypeName wildcard) {
      wildcard.upperBounds().forEach(bound -> javaLangNames(bound, into));
      wildcard.lowerBounds().forEach(bound -> javaLangNames(bound, into));
    }
  }

  /**
   * The bounds of a method's type variable as seen from the guarded interface: in {@code Crud<T>}'s
   * {@code <S extends T>}, inherited by {@code Users extends Crud<User>}, {@code S extends User}.
   */
  private static TypeName[] bounds(TypeVariable variable) {
    TypeMirror upper = variable.getUpperBound();
    List<? extends TypeMirror> bounds = upper.getKind() == TypeKind.INTERSECTION
        ? ((IntersectionType) upper).getBounds()
        : List.of(upper);
    List<TypeName> names = new ArrayList<>();
    for (TypeMirror bound : bounds) {
      TypeName name = TypeNames.of(bound);
      if (!name.equals(ClassName.OBJECT)) {
        names.add(name);
      }
    }
    return names.toArray(new TypeName[0]);
  }
}
