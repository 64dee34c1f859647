package dev.protekt.processor;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import dev.protekt.processor.GuardModel.Access;
import dev.protekt.processor.GuardModel.ComparedGuard;
import dev.protekt.processor.GuardModel.Guard;
import dev.protekt.processor.GuardModel.GuardedMethod;
import dev.protekt.processor.GuardModel.InheritedGuard;
import dev.protekt.processor.GuardModel.Parameter;
import dev.protekt.processor.SuperGuardNames.Unreachable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
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

/**
 * Describes a validated interface's guard in the terms the generator writes: every signature
 * resolved as a member of the guarded interface ({@code Crud<T>}'s {@code T save(T)} is {@code
 * User save(User)} in {@code Users extends Crud<User>}), and every name that hides a type there.
 */
final class Signatures {
  private final Elements elements;
  private final Hierarchy hierarchy;
  /** By qualified name, such as {@code com.example.Override}: whether that type exists. */
  private final Map<String, Boolean> typeExists = new HashMap<>();

  /** What the interface writes where javac does not say: a guard not generated yet. */
  private final WrittenGuardTypes written;

  Signatures(Elements elements, Hierarchy hierarchy, WrittenGuardTypes written) {
    this.elements = elements;
    this.hierarchy = hierarchy;
    this.written = written;
  }

  Guard guard(TypeElement type, List<GuardedMethod> methods, String checksDigest,
      List<InheritedGuard> inheritedGuards) {
    Scope scope = scope(type, methods);
    SuperGuardNames names = superGuardNames(type, methods, scope, inheritedGuards);
    List<ComparedGuard> compared = new ArrayList<>();
    for (InheritedGuard inherited : inheritedGuards) {
      Boolean qualified = names.qualified(inherited);
      if (qualified == null) {
        // Validation refuses such an interface: a guard without the comparison would fail open.
        throw new IllegalStateException("no name reaches " + inherited.guard());
      }
      compared.add(new ComparedGuard(inherited, qualified));
    }
    ClassName raw = ClassName.get(type);
    return new Guard(type, Names.guardName(type), raw, scope.iface(), scope.typeVariables(),
        Names.guardIsPublic(type), Set.copyOf(scope.hiding()), Set.copyOf(scope.constants()),
        List.copyOf(methods), checksDigest, List.copyOf(compared));
  }

  /**
   * The guards among {@code inheritedGuards} that {@code type}'s guard, with {@code methods}, could
   * name neither way where it compares their digests, and what hides each name.
   */
  List<Unreachable> unreachable(TypeElement type, List<GuardedMethod> methods,
      List<InheritedGuard> inheritedGuards) {
    if (inheritedGuards.isEmpty()) {
      return List.of();
    }
    SuperGuardNames names =
        superGuardNames(type, methods, scope(type, methods), inheritedGuards);
    List<Unreachable> unreachable = new ArrayList<>();
    for (InheritedGuard inherited : inheritedGuards) {
      Unreachable one = names.unreachable(inherited);
      if (one != null) {
        unreachable.add(one);
      }
    }
    return unreachable;
  }

  /**
   * What the guard's body sees of the interface: its type variables (as the guard declares them),
   * the interface as the guard implements it, every name that hides a type there, the constants.
   */
  private record Scope(List<TypeVariableName> typeVariables, TypeName iface, Set<String> hiding,
      Set<String> constants) {}

  private Scope scope(TypeElement type, List<GuardedMethod> methods) {
    ClassName raw = ClassName.get(type);
    List<TypeVariableName> typeVariables = new ArrayList<>();
    List<? extends TypeParameterElement> parameters = type.getTypeParameters();
    for (int i = 0; i < parameters.size(); i++) {
      TypeParameterElement parameter = parameters.get(i);
      boolean toRead = parameter.getBounds().stream().anyMatch(WrittenGuardTypes::containsToRead);
      typeVariables.add(TypeNames.annotated(toRead
          ? TypeVariableName.get(parameter.getSimpleName().toString(),
              written.bounds(type, i, raw.packageName()))
          : TypeVariableName.get(parameter.getSimpleName().toString(),
              bounds(parameter.getBounds(), Map.of())),
          parameter.getAnnotationMirrors()));
    }
    // Where the guard uses them, the type variables are their names: an annotation of the
    // declaration (@Target(TYPE_PARAMETER)) may not be written there.
    TypeName iface = typeVariables.isEmpty()
        ? raw
        : ParameterizedTypeName.get(raw, typeVariables.stream()
            .map(TypeVariableName::withoutAnnotations).toArray(TypeName[]::new));
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
    // JavaPoet decides whether to import a nested type, or to write it as Map.Entry, by its own
    // simple name alone: where a name of its chain is hidden, every name of the chain is asked to
    // be written qualified, java.util.Map.Entry.
    for (ClassName named : namedClasses(iface, typeVariables, methods)) {
      if (named.simpleNames().stream().anyMatch(hiding::contains)) {
        hiding.addAll(named.simpleNames());
      }
    }
    return new Scope(List.copyOf(typeVariables), iface, hiding, constants);
  }

  /**
   * Every class the guard of {@code iface} names: its runtime types, the interface and the types
   * its type variables' bounds and its methods' signatures name, annotations of type uses too.
   */
  private static List<ClassName> namedClasses(TypeName iface,
      List<TypeVariableName> typeVariables, List<GuardedMethod> methods) {
    List<ClassName> named = new ArrayList<>(GuardGenerator.NAMED);
    Consumer<ClassName> add = named::add;
    classNames(iface, add);
    typeVariables.forEach(variable -> variable.bounds().forEach(b -> classNames(b, add)));
    for (GuardedMethod method : methods) {
      classNamesIn(method, add);
    }
    return named;
  }

  /**
   * What hides a name the guard writes: a type of the guard's package ({@code hidden}), or the
   * first name of a package ({@code hidden} null), hidden by {@code hider} in the guard's scope.
   */
  record HiddenType(ClassName hidden, Element hider, String kind, String described) {}

  /**
   * Names that leave {@code type}'s guard no way to write a type it names, found from the classes
   * the guard names: {@code types}, those of the interface's package, which the guard writes by
   * their simple names (JavaPoet's way in its own package, the only way in the unnamed one), where
   * a member type of the interface, inherited ones too, hides them (in the unnamed package a type
   * variable too); {@code packages}, by first name, those of other packages whose types the guard
   * writes qualified because a name of its scope hides their simple names, where a member type,
   * type variable or type of the interface's package hides that first name too. Validation refuses
   * such an interface. The interface's own name, {@code dev} and {@code java} are {@link
   * StructuralChecks}'s to check.
   */
  record NamesOutOfReach(List<HiddenType> types, Map<String, HiddenType> packages) {}

  NamesOutOfReach namesOutOfReach(TypeElement type, List<GuardedMethod> methods) {
    Scope scope = scope(type, methods);
    ClassName self = ClassName.get(type);
    PackageElement pkg = elements.getPackageOf(type);
    ModuleElement module = elements.getModuleOf(type);
    Map<String, HiddenType> hiders = typeHiders(type);
    Map<String, HiddenType> types = new LinkedHashMap<>();
    Map<String, HiddenType> packages = new LinkedHashMap<>();
    for (ClassName named : namedClasses(scope.iface(), scope.typeVariables(), methods)) {
      ClassName topLevel = named.topLevelClassName();
      String root = named.packageName().split("\\.", 2)[0];
      if (named.packageName().equals(self.packageName())) {
        HiddenType hider = hiders.get(topLevel.simpleName());
        // In a named package JavaPoet writes a type a type variable hides by its qualified name.
        boolean writtenSimple = hider != null
            && (pkg.isUnnamed() || !(hider.hider() instanceof TypeParameterElement));
        if (writtenSimple && !topLevel.equals(self.topLevelClassName())) {
          types.putIfAbsent(topLevel.canonicalName(),
              new HiddenType(topLevel, hider.hider(), hider.kind(), hider.described()));
        }
      } else if (!named.packageName().isEmpty() && !Names.PACKAGE_ROOTS.contains(root)
          && named.simpleNames().stream().anyMatch(scope.hiding()::contains)) {
        HiddenType hider = hiders.get(root);
        String beside = pkg.isUnnamed() ? root : pkg.getQualifiedName() + "." + root;
        if (hider == null && typeExists.computeIfAbsent(beside,
            qualified -> elements.getTypeElement(module, qualified) != null)) {
          hider = new HiddenType(null, type, "type", beside + " beside it");
        }
        if (hider != null) {
          packages.putIfAbsent(root, hider);
        }
      }
    }
    return new NamesOutOfReach(List.copyOf(types.values()), packages);
  }

  /** By simple name: the member types, inherited ones too, and type variables of {@code type}. */
  private Map<String, HiddenType> typeHiders(TypeElement type) {
    Map<String, HiddenType> hiders = new HashMap<>();
    for (Element member : elements.getAllMembers(type)) {
      if (member instanceof TypeElement) {
        String name = member.getSimpleName().toString();
        hiders.put(name, new HiddenType(null, member, "member type",
            member.getEnclosingElement().getSimpleName() + "." + name));
      }
    }
    for (TypeParameterElement variable : type.getTypeParameters()) {
      String name = variable.getSimpleName().toString();
      hiders.put(name, new HiddenType(null, variable, "type variable", name));
    }
    return hiders;
  }

  private SuperGuardNames superGuardNames(TypeElement type, List<GuardedMethod> methods,
      Scope scope, List<InheritedGuard> inheritedGuards) {
    List<ClassName> named = new ArrayList<>(
        namedClasses(scope.iface(), scope.typeVariables(), methods));
    inheritedGuards.forEach(inherited -> named.add(inherited.guard()));
    ModuleElement module = elements.getModuleOf(type);
    return new SuperGuardNames(elements,
        qualified -> typeExists.computeIfAbsent(qualified,
            name -> elements.getTypeElement(module, name) != null),
        type, scope.typeVariables(), scope.hiding(), methods, named);
  }

  /** {@code method} (one of {@code declarations}) as a member of {@code root}, guarded so. */
  GuardedMethod method(DeclaredType root, ExecutableElement method, Access access,
      List<ExecutableElement> declarations) {
    ExecutableType resolved = hierarchy.asMemberOf(root, method);
    GuardedMethod asDeclared = method(resolved, method, access, declarations, Map.of());
    // Store<T>'s <U> U convert(T item), inherited by Items<U> extends Store<U>, is <U> U
    // convert(U item) with two different U: in the guard, which declares the interface's U, the
    // method's would capture the other. The override's type variables are its own to name (see
    // GuardGenerator), so one named like a type variable of the interface is renamed throughout.
    Set<String> interfaceVariables = new HashSet<>();
    for (TypeParameterElement variable : ((TypeElement) root.asElement()).getTypeParameters()) {
      interfaceVariables.add(variable.getSimpleName().toString());
    }
    Set<String> taken = new HashSet<>(interfaceVariables);
    asDeclared.typeVariables().forEach(variable -> taken.add(variable.name()));
    classNamesIn(asDeclared, name -> taken.add(name.simpleNames().get(0)));
    Map<String, String> renames = new HashMap<>();
    for (TypeVariableName variable : asDeclared.typeVariables()) {
      if (interfaceVariables.contains(variable.name())) {
        renames.put(variable.name(), Names.uniqueName(variable.name(), taken));
      }
    }
    return renames.isEmpty()
        ? asDeclared
        : method(resolved, method, access, declarations, renames);
  }

  /**
   * {@code method} with the signature {@code resolved}, each of its own type variables named in
   * {@code renames} (old name to new) renamed.
   */
  private GuardedMethod method(ExecutableType resolved, ExecutableElement method, Access access,
      List<ExecutableElement> declarations, Map<String, String> renames) {
    // Where javac could not resolve a type, the method is the guarded interface's own (see
    // UnresolvedTypes), and no type argument needs substituting: it is read as written, where
    // each type variable of the method hides the interface's of the same name.
    String pkg = elements.getPackageOf(method).getQualifiedName().toString();
    List<TypeVariableName> typeVariables = new ArrayList<>();
    List<? extends TypeVariable> variables = resolved.getTypeVariables();
    for (int i = 0; i < variables.size(); i++) {
      TypeVariable variable = variables.get(i);
      String name = variable.asElement().getSimpleName().toString();
      // Annotated as declared: <@Nullable T extends …>.
      typeVariables.add(TypeNames.annotated(
          TypeVariableName.get(renames.getOrDefault(name, name),
              WrittenGuardTypes.containsToRead(variable.getUpperBound())
                  ? renamed(written.bounds(method, i, pkg), renames)
                  : bounds(bounds(variable), renames)),
          method.getTypeParameters().get(i).getAnnotationMirrors()));
    }
    List<Parameter> parameters = new ArrayList<>();
    List<? extends VariableElement> declared = method.getParameters();
    for (int i = 0; i < declared.size(); i++) {
      TypeMirror type = resolved.getParameterTypes().get(i);
      parameters.add(new Parameter(declared.get(i).getSimpleName().toString(),
          WrittenGuardTypes.containsToRead(type)
              ? TypeNames.renamed(written.type(declared.get(i), pkg), renames)
              : TypeNames.of(type, declared.get(i).asType(), renames)));
    }
    List<TypeName> exceptions = new ArrayList<>();
    for (TypeMirror thrown : resolved.getThrownTypes()) {
      exceptions.add(TypeNames.of(thrown, thrown, renames));
    }
    return new GuardedMethod(method.getSimpleName().toString(), List.copyOf(typeVariables),
        WrittenGuardTypes.containsToRead(resolved.getReturnType())
            ? TypeNames.renamed(written.returnType(method, pkg), renames)
            : TypeNames.of(resolved.getReturnType(), method.getReturnType(), renames),
        resolved.getReturnType().getKind() == TypeKind.VOID, List.copyOf(parameters),
        method.isVarArgs(), List.copyOf(exceptions), access, method, List.copyOf(declarations));
  }

  private static TypeName[] renamed(TypeName[] types, Map<String, String> renames) {
    return Arrays.stream(types).map(type -> TypeNames.renamed(type, renames))
        .toArray(TypeName[]::new);
  }

  /**
   * The types of {@code java.lang} the guard names that a type of {@code pkg}, where the guard is,
   * hides: {@code @Override} or {@code String} would mean a user's {@code Override} or {@code
   * String} there, of which JavaPoet knows nothing unless the interface names it. Each name is
   * looked up on its own: listing the package's types instead makes javac read every source file
   * of the package on the source path, and a file named after no type it declares then declares
   * its classes twice ("duplicate class").
   */
  private Set<String> hidingJavaLang(PackageElement pkg, List<TypeVariableName> typeVariables,
      List<GuardedMethod> methods) {
    Set<String> named = new HashSet<>();
    Consumer<ClassName> javaLang = name -> {
      if (name.packageName().equals("java.lang")) {
        named.add(name.simpleNames().get(0));
      }
    };
    GuardGenerator.NAMED.forEach(javaLang);
    typeVariables.forEach(variable -> variable.bounds().forEach(b -> classNames(b, javaLang)));
    for (GuardedMethod method : methods) {
      classNamesIn(method, javaLang);
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

  /** Hands {@code to} every class {@code method}'s signature names. */
  static void classNamesIn(GuardedMethod method, Consumer<ClassName> to) {
    method.typeVariables().forEach(v -> v.bounds().forEach(b -> classNames(b, to)));
    classNames(method.returnType(), to);
    method.parameters().forEach(parameter -> classNames(parameter.type(), to));
    method.exceptions().forEach(thrown -> classNames(thrown, to));
  }

  /**
   * Hands {@code to} every class {@code type} names, type annotations included. A type variable's
   * bounds are walked where it is declared, not where it is used.
   */
  private static void classNames(TypeName type, Consumer<ClassName> to) {
    type.annotations().forEach(annotation -> classNames(annotation.type(), to));
    if (type instanceof ClassName name) {
      to.accept(name);
    } else if (type instanceof ParameterizedTypeName parameterized) {
      if (parameterized.enclosingType() != null) {
        classNames(parameterized.enclosingType(), to);
      }
      classNames(parameterized.rawType(), to);
      parameterized.typeArguments().forEach(argument -> classNames(argument, to));
    } else if (type instanceof ArrayTypeName array) {
      classNames(array.componentType(), to);
    } else if (type instanceof WildcardTypeName wildcard) {
      wildcard.upperBounds().forEach(bound -> classNames(bound, to));
      wildcard.lowerBounds().forEach(bound -> classNames(bound, to));
    }
  }

  /**
   * The bounds of a method's type variable as seen from the guarded interface: in {@code Crud<T>}'s
   * {@code <S extends T>}, inherited by {@code Users extends Crud<User>}, {@code S extends User}.
   */
  private static List<? extends TypeMirror> bounds(TypeVariable variable) {
    TypeMirror upper = variable.getUpperBound();
    return upper.getKind() == TypeKind.INTERSECTION
        ? ((IntersectionType) upper).getBounds()
        : List.of(upper);
  }

  /**
   * {@code bounds} as the guard declares them, with each of the method's own type variables named
   * in {@code renames} renamed: without {@code Object}, which goes without saying, unless
   * annotated ({@code T extends @Nullable Object}).
   */
  private static TypeName[] bounds(List<? extends TypeMirror> bounds, Map<String, String> renames) {
    List<TypeName> names = new ArrayList<>();
    for (TypeMirror bound : bounds) {
      TypeName name = TypeNames.of(bound, bound, renames);
      if (!name.equals(ClassName.OBJECT)) {
        names.add(name);
      }
    }
    return names.toArray(new TypeName[0]);
  }
}
