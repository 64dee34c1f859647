package dev.protekt.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeVariableName;
import dev.protekt.processor.GuardModel.GuardedMethod;
import dev.protekt.processor.GuardModel.InheritedGuard;
import dev.protekt.processor.GuardModel.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * How a guard's constructor names the guards of its super-interfaces, whose digests it compares
 * with those it was generated against: by the simple name (imported from another package), or else
 * by the qualified name. A name there means a variable before a type, and a type before a package
 * (JLS 6.4.2), so {@code lib.BaseGuard} is out of reach past a constant or type named {@code lib}
 * in the constructor's scope: the interface's constants and member types, inherited ones too, its
 * type variables, the guard's own fields and parameters, the types of the guard's package, those
 * its file imports and those of {@code java.lang}. A method's parameters and type variables are
 * not in that scope. A guard that can be named neither way is refused, never left uncompared.
 */
final class SuperGuardNames {
  /** What hides a name in the constructor; {@code element}, where it has one, is reported on. */
  record Hider(String kind, String described, Element element) {
    String phrase() {
      return "the " + kind + " " + described;
    }

    /** Whether this is one of the guard's own fields, whose names the user cannot change. */
    boolean guards() {
      return element == null && kind.equals("field");
    }
  }

  /**
   * A guard the constructor can name neither way: {@code simpleName} hides its simple name, and
   * {@code packageName} the first name {@code packageRoot} of its package (both null in the
   * unnamed package, where it has no qualified name).
   */
  record Unreachable(
      InheritedGuard inherited, Hider simpleName, String packageRoot, Hider packageName) {}

  private final TypeElement type;
  private final PackageElement pkg;
  /** By qualified name: whether the type exists. */
  private final Predicate<String> typeExists;
  /** Names JavaPoet always writes qualified in the guard's file (it would not import them). */
  private final Set<String> alwaysQualified;
  private final List<GuardedMethod> methods;
  /** In the constructor's scope, by simple name: variables first, then types. */
  private final Map<String, Hider> variables = new HashMap<>();
  private final Map<String, Hider> types = new HashMap<>();
  /** By top-level simple name: the classes the guard's file names, imported or in scope. */
  private final Map<String, List<ClassName>> named = new HashMap<>();

  /**
   * @param typeVariables the guard's, the interface's own
   * @param alwaysQualified what the generator asks JavaPoet to write qualified, so never import
   * @param named every class the guard's file names, which it imports or finds in scope
   */
  SuperGuardNames(Elements elements, Predicate<String> typeExists, TypeElement type,
      List<TypeVariableName> typeVariables, Set<String> alwaysQualified,
      List<GuardedMethod> methods, List<ClassName> named) {
    this.type = type;
    this.pkg = elements.getPackageOf(type);
    this.typeExists = typeExists;
    this.alwaysQualified = alwaysQualified;
    this.methods = methods;
    for (String field : Names.GUARD_VARIABLES) {
      variables.put(field, new Hider("field", field + " of its guard", null));
    }
    for (Element member : elements.getAllMembers(type)) {
      String name = member.getSimpleName().toString();
      String described = member.getEnclosingElement().getSimpleName() + "." + name;
      if (member.getKind().isField()) {
        variables.putIfAbsent(name, new Hider("constant", described, member));
      } else if (member instanceof TypeElement) {
        types.putIfAbsent(name, new Hider("member type", described, member));
      }
    }
    List<? extends TypeParameterElement> parameters = type.getTypeParameters();
    for (int i = 0; i < typeVariables.size(); i++) {
      String name = typeVariables.get(i).name();
      types.putIfAbsent(name, new Hider("type variable", name, parameters.get(i)));
    }
    ClassName guard = Names.guardName(type);
    types.putIfAbsent(guard.simpleName(),
        new Hider("guard", guard.canonicalName() + " itself", null));
    for (ClassName name : named) {
      this.named.computeIfAbsent(name.topLevelClassName().simpleName(), k -> new ArrayList<>())
          .add(name.topLevelClassName());
    }
  }

  /**
   * Whether the constructor names {@code inherited} qualified, not by its simple name, which it
   * prefers (as JavaPoet would); null if neither reaches it.
   */
  Boolean qualified(InheritedGuard inherited) {
    if (simpleNameHider(inherited.guard()) == null) {
      return false;
    }
    return packageHider(inherited.guard()) == null ? true : null;
  }

  /** What keeps the constructor from naming {@code inherited}, or null if it can. */
  Unreachable unreachable(InheritedGuard inherited) {
    Hider packageName = packageHider(inherited.guard());
    if (packageName == null) {
      return null;
    }
    Hider simpleName = simpleNameHider(inherited.guard());
    if (simpleName == null) {
      return null;
    }
    String packageRoot = packageRoot(inherited.guard());
    return new Unreachable(inherited, simpleName,
        packageRoot, packageRoot == null ? null : packageName);
  }

  /** The first name of {@code guard}'s package, or null in the unnamed package. */
  private static String packageRoot(ClassName guard) {
    return guard.packageName().isEmpty() ? null : guard.packageName().split("\\.", 2)[0];
  }

  /** What the first name of {@code guard}'s package means in the constructor, or null: that. */
  private Hider packageHider(ClassName guard) {
    String root = packageRoot(guard);
    if (root == null) {
      return new Hider("package", "(unnamed)", null);
    }
    Hider hider = inScope(root);
    if (hider != null) {
      return hider;
    }
    List<ClassName> classes = named.get(root);
    if (classes != null) {
      return new Hider("type", classes.get(0).canonicalName() + " that its guard names", null);
    }
    String here = pkg.isUnnamed() ? root : pkg.getQualifiedName() + "." + root;
    if (typeExists.test(here)) {
      return new Hider("type", here + " beside " + type.getSimpleName(), null);
    }
    if (typeExists.test("java.lang." + root)) {
      return new Hider("type", "java.lang." + root, null);
    }
    return null;
  }

  /**
   * What keeps the constructor from naming {@code guard} by its simple name, or null: a variable
   * or type so named in its scope, another class of that name the file names (JavaPoet would
   * import only one), or a name JavaPoet would not import.
   */
  private Hider simpleNameHider(ClassName guard) {
    String name = guard.simpleName();
    Hider hider = inScope(name);
    if (hider != null) {
      return hider;
    }
    for (ClassName other : named.getOrDefault(name, List.of())) {
      if (!other.equals(guard)) {
        return new Hider("type", other.canonicalName() + " that its guard names too", null);
      }
    }
    boolean samePackage = guard.packageName().equals(pkg.getQualifiedName().toString());
    if (!samePackage && alwaysQualified.contains(name)) {
      return outOfScope(name);
    }
    return null;
  }

  private Hider inScope(String name) {
    Hider variable = variables.get(name);
    return variable != null ? variable : types.get(name);
  }

  /** Which method's parameter or type variable {@code name} is, which JavaPoet writes qualified. */
  private Hider outOfScope(String name) {
    for (GuardedMethod method : methods) {
      ExecutableElement declaration = method.method();
      for (TypeParameterElement variable : declaration.getTypeParameters()) {
        if (variable.getSimpleName().contentEquals(name)) {
          return new Hider("type variable",
              name + " of " + Names.describe(type, declaration), variable);
        }
      }
      List<? extends VariableElement> declared = declaration.getParameters();
      List<Parameter> parameters = method.parameters();
      for (int i = 0; i < parameters.size(); i++) {
        if (parameters.get(i).name().equals(name)) {
          return new Hider("parameter", name + " of " + Names.describe(type, declaration),
              declared.get(i));
        }
      }
    }
    String here = pkg.isUnnamed() ? name : pkg.getQualifiedName() + "." + name;
    return new Hider("type", here + " beside " + type.getSimpleName(), null);
  }
}
